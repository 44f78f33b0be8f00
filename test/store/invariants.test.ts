import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { INLINE_BLOB_MAX_BYTES } from '../../src/limits.js';
import { deleteMailbox, createMailbox, renameMailbox, requireMailbox } from '../../src/services/mailboxes.js';
import { copyMessages, expungeMessages, moveMessages, storeFlags } from '../../src/services/messages.js';
import { isMailError } from '../../src/store/errors.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { FLAG_DELETED, FLAG_FLAGGED, FLAG_SEEN } from '../../src/store/types.js';
import { addAccount, append, blobFiles, openTestStore, sampleMessage } from '../helpers/store.js';

test('a new account has INBOX and the special-use mailboxes, all subscribed', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const boxes = await ts.store.listMailboxes(alice.id);
  assert.deepEqual(
    boxes.map((b) => [b.name, b.specialUse]),
    [
      ['Archive', '\\Archive'],
      ['Drafts', '\\Drafts'],
      ['INBOX', null],
      ['Junk', '\\Junk'],
      ['Sent', '\\Sent'],
      ['Trash', '\\Trash'],
    ],
  );
  assert.deepEqual(await ts.store.listSubscriptions(alice.id), ['Archive', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash']);
  for (const box of boxes) {
    assert.equal(box.uidNext, 1);
    assert.ok(box.uidValidity > 0);
    assert.equal(box.highestModseq, 1);
  }
  assert.equal(new Set(boxes.map((b) => b.uidValidity)).size, boxes.length, 'UIDVALIDITY values are distinct');
});

test('invariant 1: UIDs strictly increase and are never reused, also across a restart', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const a = await append(ts, alice, 'INBOX', sampleMessage('one'));
  const b = await append(ts, alice, 'INBOX', sampleMessage('two'));
  assert.deepEqual([a.uids, b.uids], [[1], [2]]);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  await expungeMessages(ts.services, alice, inbox, [2]);
  const c = await append(ts, alice, 'INBOX', sampleMessage('three'));
  assert.deepEqual(c.uids, [3], 'the expunged UID 2 is not reused');
  await ts.reopen();
  const d = await append(ts, alice, 'INBOX', sampleMessage('four'));
  assert.deepEqual(d.uids, [4], 'UIDNEXT survives a restart');
  assert.equal(d.uidValidity, a.uidValidity);
  const entries = await ts.store.listEntries(inbox.id);
  assert.deepEqual([...entries.uids], [1, 3, 4]);
});

test('invariant 1: a mailbox deleted and created again gets a new UIDVALIDITY', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const first = await createMailbox(ts.services, alice, 'Projects');
  await append(ts, alice, 'Projects', sampleMessage('p1'));
  await deleteMailbox(ts.services, alice, 'Projects');
  const second = await createMailbox(ts.services, alice, 'Projects');
  assert.notEqual(second.uidValidity, first.uidValidity);
  assert.notEqual(second.id, first.id);
  await ts.reopen();
  const third = await createMailbox(ts.services, alice, 'Other');
  assert.ok(third.uidValidity > second.uidValidity, 'UIDVALIDITY keeps growing after a restart');
});

test('invariant 2: every change gets a MODSEQ above all before it', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  const archive = await requireMailbox(ts.services, alice, 'Archive');
  const seen: number[] = [];
  seen.push((await append(ts, alice, 'INBOX', sampleMessage('m1'))).modseq);
  seen.push((await append(ts, alice, 'INBOX', sampleMessage('m2'))).modseq);
  seen.push((await storeFlags(ts.services, alice, inbox, [1], { mode: 'add', flags: FLAG_SEEN, keywords: ['$Label1'] })).modseq);
  seen.push((await storeFlags(ts.services, alice, inbox, [1, 2], { mode: 'add', flags: FLAG_FLAGGED, keywords: [] })).modseq);
  seen.push((await copyMessages(ts.services, alice, inbox, [1], inbox)).modseq);
  seen.push((await expungeMessages(ts.services, alice, inbox, [2])).modseq);
  const moved = await moveMessages(ts.services, alice, inbox, [1], archive);
  seen.push(moved.sourceModseq);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! > seen[i - 1]!, `MODSEQ ${seen[i]} after ${seen[i - 1]}`);
  const after = (await ts.store.getMailbox(inbox.id))!;
  assert.equal(after.highestModseq, seen.at(-1));
  const journal = await ts.store.readJournal(inbox.id, 0, 100);
  assert.deepEqual(
    journal.map((j) => `${j.modseq}:${j.kind}:${j.uid}`),
    ['2:added:1', '3:added:2', '4:flags:1', '5:flags:1', '5:flags:2', '6:added:3', '7:expunged:2', '8:expunged:1'],
  );
  // A change that changes nothing takes no MODSEQ.
  const noop = await storeFlags(ts.services, alice, inbox, [3], { mode: 'add', flags: FLAG_FLAGGED, keywords: [] });
  assert.equal(noop.changed.length, 0);
  assert.equal(noop.modseq, after.highestModseq);
  await ts.reopen();
  const later = await storeFlags(ts.services, alice, inbox, [3], { mode: 'remove', flags: FLAG_FLAGGED, keywords: [] });
  assert.ok(later.modseq > after.highestModseq, 'HIGHESTMODSEQ survives a restart');
});

test('UNCHANGEDSINCE refuses entries modified after the given MODSEQ', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  await append(ts, alice, 'INBOX', sampleMessage('a'));
  const second = await append(ts, alice, 'INBOX', sampleMessage('b'));
  const r = await storeFlags(ts.services, alice, inbox, [1, 2], { mode: 'add', flags: FLAG_SEEN, keywords: [] }, { unchangedSince: second.modseq - 1 });
  assert.deepEqual(r.modified, [2]);
  assert.deepEqual(r.changed.map((c) => c.uid), [1]);
});

test('counters follow appends, flag changes and expunges', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  const m1 = sampleMessage('c1');
  const m2 = sampleMessage('c2', 2000);
  await append(ts, alice, 'INBOX', m1);
  await append(ts, alice, 'INBOX', m2, FLAG_SEEN);
  let box = (await ts.store.getMailbox(inbox.id))!;
  assert.deepEqual([box.messages, box.unseen, box.bytes], [2, 1, m1.length + m2.length]);
  await storeFlags(ts.services, alice, inbox, [1], { mode: 'replace', flags: FLAG_SEEN | FLAG_DELETED, keywords: [] });
  box = (await ts.store.getMailbox(inbox.id))!;
  assert.equal(box.unseen, 0);
  assert.deepEqual(await ts.store.uidsWithFlags(inbox.id, FLAG_DELETED), [1]);
  await expungeMessages(ts.services, alice, inbox, [1]);
  box = (await ts.store.getMailbox(inbox.id))!;
  assert.deepEqual([box.messages, box.unseen, box.bytes], [1, 0, m2.length]);
  assert.deepEqual(await ts.store.accountUsage(alice.id), { messages: 1, bytes: m2.length });
});

test('keywords are kept per entry, compared without case, and listed per mailbox', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  await append(ts, alice, 'INBOX', sampleMessage('k'), 0, ['$Forwarded', 'Work']);
  await storeFlags(ts.services, alice, inbox, [1], { mode: 'add', flags: 0, keywords: ['work', 'Urgent'] });
  const [entry] = await ts.store.getEntries(inbox.id, [1]);
  assert.deepEqual(entry!.keywords, ['$Forwarded', 'Urgent', 'Work']);
  await storeFlags(ts.services, alice, inbox, [1], { mode: 'remove', flags: 0, keywords: ['WORK', 'NeverDefined'] });
  assert.deepEqual((await ts.store.getEntries(inbox.id, [1]))[0]!.keywords, ['$Forwarded', 'Urgent']);
  assert.deepEqual(await ts.store.listKeywords(inbox.id), ['$Forwarded', 'Urgent', 'Work']);
});

test('COPY costs no bytes: copies share the message and its blob', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  const archive = await requireMailbox(ts.services, alice, 'Archive');
  const big = sampleMessage('large', INLINE_BLOB_MAX_BYTES * 3);
  await append(ts, alice, 'INBOX', big);
  const copied = await copyMessages(ts.services, alice, inbox, [1], archive);
  assert.deepEqual(copied.destUids, [1]);
  const count = (table: string) => (ts.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  assert.equal(count('blob'), 1);
  assert.equal(count('message'), 1);
  assert.equal(count('entry'), 2);
  assert.equal(blobFiles(ts.dataDir).length, 1, 'one file on disk for a large message');
  // The same bytes appended again are stored once.
  await append(ts, alice, 'Drafts', big);
  assert.equal(count('blob'), 1);
  assert.equal(blobFiles(ts.dataDir).length, 1, 'a redundant copy of the same bytes is removed');
  // The file goes only with the last reference.
  await expungeMessages(ts.services, alice, inbox, [1]);
  await expungeMessages(ts.services, alice, archive, [1]);
  assert.equal(blobFiles(ts.dataDir).length, 1);
  const drafts = await requireMailbox(ts.services, alice, 'Drafts');
  await expungeMessages(ts.services, alice, drafts, [1]);
  assert.equal(count('blob'), 0);
  assert.equal(blobFiles(ts.dataDir).length, 0);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(count('blob_trash'), 0);
});

test('blob bytes read back exactly, inline and as a file, whole and in ranges', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  const small = sampleMessage('small');
  const large = Buffer.concat([sampleMessage('large', INLINE_BLOB_MAX_BYTES + 10_000), Buffer.from([0, 255, 128, 13, 10])]);
  await append(ts, alice, 'INBOX', small);
  await append(ts, alice, 'INBOX', large);
  for (const [uid, bytes] of [[1, small], [2, large]] as const) {
    const [entry] = await ts.store.getEntries(inbox.id, [uid]);
    const reader = await ts.store.openBlob(entry!.blobHash);
    assert.equal(reader.size, bytes.length);
    assert.deepEqual(await reader.read(0, bytes.length), bytes);
    assert.deepEqual(await reader.read(5, 20), bytes.subarray(5, 20));
    const chunks: Buffer[] = [];
    for await (const chunk of reader.stream(3, bytes.length - 2)) chunks.push(chunk as Buffer);
    assert.deepEqual(Buffer.concat(chunks), bytes.subarray(3, bytes.length - 2));
    const empty: Buffer[] = [];
    for await (const chunk of reader.stream(7, 7)) empty.push(chunk as Buffer);
    assert.equal(Buffer.concat(empty).length, 0);
  }
});

test('RENAME keeps UIDVALIDITY, ids and UIDs, renames children and creates parents', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const work = await createMailbox(ts.services, alice, 'Work/Projects/2026');
  await append(ts, alice, 'Work/Projects/2026', sampleMessage('w'));
  const parent = await requireMailbox(ts.services, alice, 'Work');
  await renameMailbox(ts.services, alice, 'Work', 'Old/Work');
  const names = (await ts.store.listMailboxes(alice.id)).map((b) => b.name);
  assert.ok(names.includes('Old') && names.includes('Old/Work') && names.includes('Old/Work/Projects/2026'));
  assert.ok(!names.some((n) => n.startsWith('Work')));
  const moved = await requireMailbox(ts.services, alice, 'Old/Work/Projects/2026');
  assert.equal(moved.id, work.id);
  assert.equal(moved.uidValidity, work.uidValidity);
  assert.equal((await requireMailbox(ts.services, alice, 'Old/Work')).id, parent.id);
  assert.deepEqual([...(await ts.store.listEntries(moved.id)).uids], [1]);
  await assert.rejects(renameMailbox(ts.services, alice, 'Old', 'Old/Inside'), (e) => isMailError(e, 'CANNOT'));
  await assert.rejects(renameMailbox(ts.services, alice, 'Old', 'Sent'), (e) => isMailError(e, 'ALREADYEXISTS'));
  await assert.rejects(renameMailbox(ts.services, alice, 'Nope', 'Other'), (e) => isMailError(e, 'NONEXISTENT'));
});

test('RENAME INBOX moves its messages to a new mailbox and leaves INBOX empty', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  await append(ts, alice, 'INBOX', sampleMessage('i1'));
  await append(ts, alice, 'INBOX', sampleMessage('i2'));
  await createMailbox(ts.services, alice, 'INBOX/Child');
  await renameMailbox(ts.services, alice, 'inbox', 'Old Mail');
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  const old = await requireMailbox(ts.services, alice, 'Old Mail');
  assert.equal(inbox.messages, 0);
  assert.equal(old.messages, 2);
  assert.ok(await ts.store.findMailbox(alice.id, 'INBOX/Child'), 'children of INBOX stay');
});

test('DELETE: INBOX refused, a parent becomes \\Noselect, placeholders go with their last child', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  await assert.rejects(deleteMailbox(ts.services, alice, 'INBOX'), (e) => isMailError(e, 'CANNOT'));
  await createMailbox(ts.services, alice, 'A/B');
  await append(ts, alice, 'A', sampleMessage('in parent'));
  await deleteMailbox(ts.services, alice, 'A');
  const a = await requireMailbox(ts.services, alice, 'A');
  assert.equal(a.selectable, false);
  assert.equal(a.messages, 0);
  await assert.rejects(append(ts, alice, 'A', sampleMessage('x')), (e) => isMailError(e, 'NOSELECT'));
  await assert.rejects(deleteMailbox(ts.services, alice, 'A'), (e) => isMailError(e, 'CANNOT'));
  await deleteMailbox(ts.services, alice, 'A/B');
  assert.equal(await ts.store.findMailbox(alice.id, 'A'), null, 'the empty placeholder is gone');
  // CREATE over a placeholder revives it with a new UIDVALIDITY.
  await createMailbox(ts.services, alice, 'P/Q');
  await append(ts, alice, 'P', sampleMessage('p'));
  const before = await requireMailbox(ts.services, alice, 'P');
  await deleteMailbox(ts.services, alice, 'P');
  const revived = await createMailbox(ts.services, alice, 'P');
  assert.equal(revived.selectable, true);
  assert.notEqual(revived.uidValidity, before.uidValidity);
  await assert.rejects(createMailbox(ts.services, alice, 'P'), (e) => isMailError(e, 'ALREADYEXISTS'));
});

test('invariant 5: one account cannot reach another account\'s mailboxes', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts, 'alice');
  const bob = await addAccount(ts, 'bob');
  const aliceInbox = await requireMailbox(ts.services, alice, 'INBOX');
  await append(ts, alice, 'INBOX', sampleMessage('private'));
  const bobInbox = await requireMailbox(ts.services, bob, 'INBOX');
  assert.notEqual(aliceInbox.id, bobInbox.id);
  await assert.rejects(copyMessages(ts.services, bob, aliceInbox, [1], bobInbox), (e) => isMailError(e, 'NONEXISTENT'));
  await assert.rejects(expungeMessages(ts.services, bob, aliceInbox, [1]), (e) => isMailError(e, 'NONEXISTENT'));
  await assert.rejects(storeFlags(ts.services, bob, aliceInbox, [1], { mode: 'add', flags: 1, keywords: [] }), (e) => isMailError(e, 'NONEXISTENT'));
  assert.equal((await ts.store.getMailbox(aliceInbox.id))!.messages, 1);
});

test('bad mailbox names are refused with a clear error', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const cases: [string, RegExp][] = [
    ['a\u0000b', /control character/],
    ['/', /empty level/],
    ['a//b', /empty level/],
    ['a/', /empty level/],
    ['x'.repeat(1001), /longer than 1000 bytes/],
    ['é'.repeat(501), /longer than 1000 bytes/],
    ['', /empty/],
    ['a/../b', /"\." or "\.\."/],
    ['a*', /wildcard/],
    ['bad\ud800', /not valid Unicode/],
  ];
  for (const [name, message] of cases) {
    await assert.rejects(createMailbox(ts.services, alice, name), (e: unknown) => isMailError(e, 'BADNAME') && message.test((e as Error).message), JSON.stringify(name.slice(0, 20)));
  }
  const ok = await createMailbox(ts.services, alice, 'x'.repeat(1000));
  assert.equal(ok.name.length, 1000);
  assert.equal((await createMailbox(ts.services, alice, 'inbox/Sub')).name, 'INBOX/Sub');
});

test('quota: appends over the byte or message quota fail with OVERQUOTA and store nothing', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  await ts.store.updateAccount(alice.id, { quota: { maxBytes: 5000, maxMessages: 3 } });
  await append(ts, alice, 'INBOX', sampleMessage('q1', 3000));
  await assert.rejects(append(ts, alice, 'INBOX', sampleMessage('q2', 3000)), (e) => isMailError(e, 'OVERQUOTA'));
  await append(ts, alice, 'INBOX', sampleMessage('q3'));
  await append(ts, alice, 'INBOX', sampleMessage('q4'));
  await assert.rejects(append(ts, alice, 'INBOX', sampleMessage('q5')), (e) => isMailError(e, 'OVERQUOTA'));
  assert.equal((await ts.store.accountUsage(alice.id)).messages, 3);
  const count = (ts.store.db.prepare('SELECT count(*) AS n FROM message').get() as { n: number }).n;
  assert.equal(count, 3, 'refused messages leave no rows');
});

test('a message over the size limit is refused while streaming', async (t) => {
  const ts = openTestStore(t);
  const staging = ts.store.stageBlob();
  await assert.rejects(
    (async () => {
      for (let i = 0; i < 60; i++) await staging.write(Buffer.alloc(1024 * 1024, 0x61));
    })(),
    (e) => isMailError(e, 'LIMIT'),
  );
  assert.deepEqual(blobFiles(ts.dataDir), [], 'the partial file is removed');
});

test('deliverToMany stores one blob and fails per target', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts, 'alice');
  const bob = await addAccount(ts, 'bob');
  await ts.store.updateAccount(bob.id, { quota: { maxBytes: 10, maxMessages: null } });
  const bytes = sampleMessage('multi');
  const staging = ts.store.stageBlob();
  await staging.write(bytes);
  const blob = await staging.finish();
  const aliceInbox = (await ts.store.findMailbox(alice.id, 'INBOX'))!;
  const bobInbox = (await ts.store.findMailbox(bob.id, 'INBOX'))!;
  const results = await ts.store.deliverToMany(
    { blob, internalDate: new Date(), mimeIndex: null },
    [
      { mailboxId: aliceInbox.id, flags: 0, keywords: [] },
      { mailboxId: bobInbox.id, flags: 0, keywords: [] },
      { mailboxId: 999_999, flags: 0, keywords: [] },
    ],
    { enforceQuota: true },
  );
  assert.deepEqual((results[0] as { uids: number[] }).uids, [1]);
  assert.ok(isMailError(results[1], 'OVERQUOTA'));
  assert.ok(isMailError(results[2], 'NONEXISTENT'));
  assert.equal((await ts.store.getMailbox(bobInbox.id))!.messages, 0);
  assert.ok(existsSync(join(ts.dataDir, 'mailkeep.db')));
});

test('listUids (cached for SELECT) stays in step with appends, expunges and other processes', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  for (let i = 0; i < 5; i++) await append(ts, alice, 'INBOX', sampleMessage(`u${i}`));
  assert.deepEqual([...(await ts.store.listUids(inbox.id))], [1, 2, 3, 4, 5]);
  await expungeMessages(ts.services, alice, inbox, [2, 4]);
  await append(ts, alice, 'INBOX', sampleMessage('u6'));
  const copy = await ts.store.listUids(inbox.id);
  assert.deepEqual([...copy], [1, 3, 5, 6]);
  copy[0] = 999; // callers get their own copy
  assert.deepEqual([...(await ts.store.listUids(inbox.id))], [1, 3, 5, 6]);
  // Another connection to the same database (as `mailkeep deliver` would be) changes it.
  const other = new SqliteStore({ dataDir: ts.dataDir });
  await other.expungeMessages(inbox.id, [1]);
  await other.close();
  assert.deepEqual([...(await ts.store.listUids(inbox.id))], [3, 5, 6]);
});

test('reading UIDs for SELECT does not change what other queries of the same SQL return', async (t) => {
  // Regression: a statement's pluck mode is state; a shared cached statement switched to
  // pluck made RENAME INBOX (same SQL, expecting rows) move nothing.
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  await append(ts, alice, 'INBOX', sampleMessage('r1'));
  await append(ts, alice, 'INBOX', sampleMessage('r2'));
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  assert.equal((await ts.store.listUids(inbox.id)).length, 2);
  assert.deepEqual(await ts.store.uidsWithFlags(inbox.id, 0), [1, 2]);
  await renameMailbox(ts.services, alice, 'INBOX', 'Moved');
  assert.equal((await requireMailbox(ts.services, alice, 'Moved')).messages, 2);
  assert.equal((await requireMailbox(ts.services, alice, 'INBOX')).messages, 0);
});

test('a large message staged in uneven chunks is stored byte for byte (spilled to a file, written in batches)', async (t) => {
  const ts = openTestStore(t);
  const bytes = Buffer.alloc(1_300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  const sizes = [1, 7, 65_539, 300_000, 17, 250_000, 4_096];
  const staging = ts.store.stageBlob();
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const end = Math.min(bytes.length, at + sizes[k % sizes.length]!);
    await staging.write(bytes.subarray(at, end));
    at = end;
  }
  const blob = await staging.finish();
  assert.equal(blob.size, bytes.length);
  assert.deepEqual(blob.hash, createHash('sha256').update(bytes).digest());
  assert.equal(blobFiles(ts.dataDir).length, 1, 'stored as one blob file');
  const alice = await addAccount(ts);
  const inbox = (await ts.store.findMailbox(alice.id, 'INBOX'))!;
  await ts.store.deliverToMany({ blob, internalDate: new Date(), mimeIndex: null }, [{ mailboxId: inbox.id, flags: 0, keywords: [] }], { enforceQuota: false });
  const reader = await ts.store.openBlob(blob.hash);
  assert.equal(Buffer.compare(await reader.read(0, bytes.length), bytes), 0);
});
