import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { SearchKey } from '../../src/imap/protocol/index.js';
import { requireMailbox } from '../../src/services/mailboxes.js';
import { expungeMessages, storeFlags } from '../../src/services/messages.js';
import { evaluate, MessageData } from '../../src/search/evaluate.js';
import { prepare, searchMailbox, type SearchInput } from '../../src/search/search.js';
import { FLAG_DELETED, FLAG_FLAGGED, FLAG_SEEN } from '../../src/store/types.js';
import { addAccount, append, openTestStore } from '../helpers/store.js';

const SENDERS = ['Bob <bob@example.com>', '=?utf-8?q?J=C3=B6rg?= <joerg@example.de>', 'carol@example.net', 'Team: a@x.org, b@y.org;'];
const SUBJECTS = ['Quarterly report', 'Stra\u00dfe und Gr\u00fc\u00dfe', '=?utf-8?b?R3LDvMOfZQ==?=', 'Re: lunch?', ''];
const WORDS = ['report', 'REPORT', 'stra', 'strasse', 'gr\u00fc', 'bob', 'EXAMPLE', 'lunch', 'blue', 'x', 'j\u00f6rg', 'nothing-matches'];

function message(i: number): Buffer {
  const day = 1 + (i % 5);
  return Buffer.from(
    `From: ${SENDERS[i % SENDERS.length]}\r\nTo: team@example.org\r\nSubject: ${SUBJECTS[i % SUBJECTS.length]}\r\n` +
      (i % 3 === 0 ? '' : `Date: ${['Mon', 'Tue', 'Wed', 'Thu', 'Fri'][i % 5]}, ${day} Mar 2026 10:00:00 +0000\r\n`) +
      (i % 4 === 1 ? 'X-Tag: blue\r\n' : '') +
      `\r\nbody ${i} ${'lunch '.repeat(i % 2)}\r\n`,
  );
}

const key: fc.Memo<SearchKey> = fc.memo((depth) => {
  const leaf = fc.oneof(
    fc.constant<SearchKey>({ kind: 'all' }),
    fc.constantFrom('\\Seen', '\\Flagged', '\\Deleted', 'Work', '$Label').chain((flag) => fc.boolean().map((present): SearchKey => ({ kind: 'flag', flag, present }))),
    fc.record({ field: fc.constantFrom('from', 'to', 'cc', 'bcc', 'subject') as fc.Arbitrary<'from'>, value: fc.constantFrom(...WORDS) }).map((r): SearchKey => ({ kind: 'envelope', ...r })),
    fc.record({ field: fc.constantFrom('Subject', 'X-Tag', 'From', 'Date'), value: fc.constantFrom(...WORDS, '') }).map((r): SearchKey => ({ kind: 'header', ...r })),
    fc.constantFrom(...WORDS).map((value): SearchKey => ({ kind: 'body', value })),
    fc.constantFrom(...WORDS).map((value): SearchKey => ({ kind: 'text', value })),
    fc.record({ op: fc.constantFrom('larger', 'smaller') as fc.Arbitrary<'larger'>, size: fc.integer({ min: 100, max: 200 }) }).map((r): SearchKey => ({ kind: 'size', ...r })),
    fc.record({ field: fc.constantFrom('internal', 'sent', 'saved') as fc.Arbitrary<'sent'>, op: fc.constantFrom('before', 'on', 'since') as fc.Arbitrary<'on'>, day: fc.integer({ min: 1, max: 6 }) }).map(
      (r): SearchKey => ({ kind: 'date', field: r.field, op: r.op, date: { year: 2026, month: 3, day: r.day } }),
    ),
    fc.integer({ min: 1, max: 30 }).map((modseq): SearchKey => ({ kind: 'modseq', modseq })),
    fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })).map(([a, b]): SearchKey => ({ kind: 'uid', set: { kind: 'ranges', ranges: [{ from: a, to: b }] } })),
    fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 })).map(([a, b]): SearchKey => ({ kind: 'seq', set: { kind: 'ranges', ranges: [{ from: a, to: b }] } })),
  );
  if (depth <= 0) return leaf;
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: key(depth - 1).map((k): SearchKey => ({ kind: 'not', key: k })) },
    { weight: 1, arbitrary: fc.tuple(key(depth - 1), key(depth - 1)).map(([left, right]): SearchKey => ({ kind: 'or', left, right })) },
    { weight: 1, arbitrary: fc.array(key(depth - 1), { minLength: 1, maxLength: 3 }).map((keys): SearchKey => ({ kind: 'and', keys })) },
  );
});

test('SEARCH planned into SQL gives exactly what checking every message gives', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  for (let i = 0; i < 12; i++) await append(ts, alice, 'INBOX', message(i), i % 2 ? FLAG_SEEN : 0, i % 3 === 0 ? ['Work'] : []);
  await storeFlags(ts.services, alice, inbox, [2, 5, 7], { mode: 'add', flags: FLAG_FLAGGED | FLAG_DELETED, keywords: [] });
  await expungeMessages(ts.services, alice, inbox, [4]);
  const uids = await ts.store.listUids(inbox.id);
  // The client knows UIDs 1..10 (two arrived since its last update).
  const view = uids.filter((u) => u <= 10);
  const input: SearchInput = {
    store: ts.store,
    mailboxId: inbox.id,
    candidates: view,
    maxMsn: view.length,
    maxUid: view[view.length - 1]!,
    saved: [],
    msnOf: (uid) => view.indexOf(uid) + 1,
    isRecent: () => false,
    now: new Date('2026-03-10T00:00:00Z'),
  };
  const everything = await ts.store.getEntries(inbox.id, [...view]);
  await fc.assert(
    fc.asyncProperty(fc.array(key(3), { minLength: 1, maxLength: 3 }), async (keys) => {
      const planned = await searchMailbox(keys, input);
      const root = { kind: 'and' as const, keys: keys.map((k) => prepare(k, input)) };
      const brute: number[] = [];
      for (const entry of everything) if (await evaluate(root, new MessageData(entry, ts.store), input)) brute.push(entry.uid);
      assert.deepEqual(planned, brute, JSON.stringify(keys));
    }),
    { numRuns: 300 },
  );
});
