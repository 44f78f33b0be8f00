import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireMailbox } from '../../src/services/mailboxes.js';
import { addAccount, append, openTestStore, sampleMessage } from '../helpers/store.js';

test('concurrent appends to one mailbox get distinct increasing UIDs and strictly increasing MODSEQs', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const callers = 8;
  const perCaller = 40;
  const results: { uid: number; modseq: number }[] = [];
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = 0; i < perCaller; i++) {
        const r = await append(ts, alice, 'INBOX', sampleMessage(`c${caller}-${i}`, (caller * 997 + i * 131) % 6000));
        results.push({ uid: r.uids[0]!, modseq: r.modseq });
      }
    }),
  );
  const total = callers * perCaller;
  assert.equal(new Set(results.map((r) => r.uid)).size, total, 'UIDs are distinct');
  assert.equal(new Set(results.map((r) => r.modseq)).size, total, 'MODSEQs are distinct');
  const byUid = [...results].sort((a, b) => a.uid - b.uid);
  assert.deepEqual(byUid.map((r) => r.uid), Array.from({ length: total }, (_, i) => i + 1));
  for (let i = 1; i < byUid.length; i++) assert.ok(byUid[i]!.modseq > byUid[i - 1]!.modseq, 'a higher UID has a higher MODSEQ');
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  assert.equal(inbox.messages, total);
  assert.equal(inbox.uidNext, total + 1);
  const listed = await ts.store.listEntries(inbox.id);
  assert.deepEqual([...listed.uids], byUid.map((r) => r.uid));
  assert.deepEqual([...listed.modseqs], byUid.map((r) => r.modseq));
});
