import assert from 'node:assert/strict';
import { unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { INLINE_BLOB_MAX_BYTES } from '../../src/limits.js';
import { requireMailbox } from '../../src/services/mailboxes.js';
import { addAccount, append, blobFiles, openTestStore, sampleMessage } from '../helpers/store.js';

test('check: a healthy store has no problems', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  await append(ts, alice, 'INBOX', sampleMessage('fine'));
  await append(ts, alice, 'INBOX', sampleMessage('big', INLINE_BLOB_MAX_BYTES * 2));
  const report = await ts.store.check({ repair: false, verifyHashes: true });
  assert.deepEqual(report.problems, []);
  assert.deepEqual([report.accounts, report.messages, report.blobs], [1, 2, 2]);
});

test('check: reports and repairs a missing blob, orphans, counters and UIDNEXT', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  await append(ts, alice, 'INBOX', sampleMessage('keep'));
  await append(ts, alice, 'INBOX', sampleMessage('lost', INLINE_BLOB_MAX_BYTES * 2));
  const [file] = blobFiles(ts.dataDir);
  unlinkSync(join(ts.dataDir, 'blobs', file!));
  // An orphan file older than an hour (a crash between rename and commit, long ago).
  const orphanFile = join(ts.dataDir, 'blobs', 'ab', 'ab'.repeat(12));
  writeFileSync(orphanFile, 'orphan');
  const old = new Date(Date.now() - 2 * 3600_000);
  utimesSync(orphanFile, old, old);
  // Damage the counters and UIDNEXT, and add an orphan message row.
  ts.store.db.prepare('UPDATE mailbox SET messages = 7, uidnext = 2 WHERE id = ?').run(inbox.id);
  const hash = Buffer.alloc(32, 7);
  ts.store.db.prepare("INSERT INTO blob (hash, size, data) VALUES (?, 3, ?)").run(hash, Buffer.from('abc'));
  ts.store.db.prepare('INSERT INTO message (blob_hash, size, internal_date) VALUES (?, 3, 0)').run(hash);

  const dry = await ts.store.check({ repair: false });
  const kinds = dry.problems.map((p) => p.kind).sort();
  assert.deepEqual(kinds, ['counters', 'lost-message', 'missing-blob', 'orphan-file', 'orphan-message', 'uidnext']);
  assert.ok(dry.problems.every((p) => !p.repaired));
  assert.match(dry.problems.find((p) => p.kind === 'lost-message')!.detail, /mailbox INBOX UID 2/);

  const fixed = await ts.store.check({ repair: true });
  assert.ok(fixed.problems.every((p) => p.repaired));
  const again = await ts.store.check({ repair: false, verifyHashes: true });
  assert.deepEqual(again.problems, []);
  const box = (await ts.store.getMailbox(inbox.id))!;
  assert.equal(box.messages, 1);
  assert.ok(box.uidNext >= 3, 'UIDNEXT was raised, never lowered below a used UID');
  const journal = await ts.store.readJournal(inbox.id, 0, 100);
  assert.ok(journal.some((j) => j.kind === 'expunged' && j.uid === 2), 'the lost message was expunged through the journal');
  assert.deepEqual(blobFiles(ts.dataDir), []);
});
