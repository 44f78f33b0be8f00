import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { foldForSearch } from '../../src/mime/index.js';
import { requireMailbox } from '../../src/services/mailboxes.js';
import { storeFlags } from '../../src/services/messages.js';
import { FLAG_FLAGGED, FLAG_SEEN, type SearchPredicate } from '../../src/store/types.js';
import { usesMessageTable } from '../../src/store/sqlite/search-sql.js';
import { RecentStatements } from '../../src/store/sqlite/sql.js';
import { addAccount, append, openTestStore } from '../helpers/store.js';

function message(from: string, subject: string, date: string, extra = ''): Buffer {
  return Buffer.from(`From: ${from}\r\nTo: team@example.org\r\nSubject: ${subject}\r\nDate: ${date}\r\n${extra}\r\nbody\r\n`);
}

test('store searchUids: exact tests and text prefilters over stored search data', async (t) => {
  const ts = openTestStore(t);
  const alice = await addAccount(ts);
  const inbox = await requireMailbox(ts.services, alice, 'INBOX');
  await append(ts, alice, 'INBOX', message('Bob <bob@example.com>', 'Quarterly report', 'Mon, 2 Mar 2026 10:00:00 +0000'));
  await append(ts, alice, 'INBOX', message('=?utf-8?q?J=C3=B6rg?= <joerg@example.de>', 'Stra\u00dfe', 'Tue, 3 Mar 2026 10:00:00 +0000', 'X-Tag: blue\r\n'), FLAG_SEEN, ['Work']);
  await append(ts, alice, 'INBOX', message('Carol <carol@example.net>', '=?utf-8?b?R3LDvMOfZQ==?=', 'Wed, 4 Mar 2026 10:00:00 +0000'));
  await storeFlags(ts.services, alice, inbox, [3], { mode: 'add', flags: FLAG_FLAGGED, keywords: [] });
  const run = (p: SearchPredicate) => ts.store.searchUids(inbox.id, p, 1, 0xffffffff);

  assert.deepEqual(await run({ kind: 'all' }), [1, 2, 3]);
  assert.deepEqual(await run({ kind: 'flags', mask: FLAG_SEEN, present: false }), [1, 3]);
  assert.deepEqual(await run({ kind: 'keyword', keyword: 'work', present: true }), [2]);
  assert.deepEqual(await run({ kind: 'uids', ranges: [[2, 3]] }), [2, 3]);
  assert.deepEqual(await run({ kind: 'modseq', min: 5 }), [3]);
  assert.deepEqual(await run({ kind: 'field', field: 'from', folded: foldForSearch('J\u00d6RG') }), [2], 'decoded and folded');
  assert.deepEqual(await run({ kind: 'field', field: 'subject', folded: foldForSearch('STRASSE') }), [2], 'full case folding: ß is ss');
  assert.deepEqual(await run({ kind: 'field', field: 'subject', folded: foldForSearch('gr\u00fc\u00dfe') }), [3]);
  assert.deepEqual(await run({ kind: 'headerMay', lower: 'blue' }), [2, 3], 'the encoded word in 3 makes it a candidate');
  const sent = Date.UTC(2026, 2, 3);
  assert.deepEqual(await run({ kind: 'time', field: 'sent', op: '>=', value: sent }), [2, 3]);
  assert.deepEqual(
    await run({ kind: 'or', predicates: [{ kind: 'flags', mask: FLAG_FLAGGED, present: true }, { kind: 'size', op: '<', value: 0 }] }),
    [3],
  );
  assert.deepEqual(await run({ kind: 'not', predicate: { kind: 'uids', ranges: [[1, 1]] } }), [2, 3]);
});

test('SEARCH statements are kept prepared for the recent shapes only', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (n INTEGER)');
  db.prepare('INSERT INTO t VALUES (?), (?), (?)').run(1, 2, 3);
  const statements = new RecentStatements(db, 4);
  for (let shape = 0; shape < 10; shape++) {
    assert.deepEqual(statements.get(`SELECT n FROM t WHERE n > ${shape % 3} ORDER BY n`).all(), [1, 2, 3].filter((n) => n > shape % 3));
  }
  assert.equal(statements.size, 3, 'three shapes, each prepared once and reused');
  for (let shape = 0; shape < 10; shape++) statements.get(`SELECT n FROM t WHERE n <> ${shape}`);
  assert.equal(statements.size, 4, 'the oldest are dropped beyond the limit');
  const kept = statements.get('SELECT n FROM t WHERE n <> 9');
  assert.equal(statements.get('SELECT n FROM t WHERE n <> 9'), kept);
  db.close();
});

test('a search on flags alone does not read the message table; size and INTERNALDATE do', () => {
  assert.equal(usesMessageTable({ kind: 'flags', mask: FLAG_SEEN, present: false }), false);
  assert.equal(usesMessageTable({ kind: 'time', field: 'saved', op: '<', value: 0 }), false);
  assert.equal(usesMessageTable({ kind: 'not', predicate: { kind: 'size', op: '>', value: 10 } }), true);
  assert.equal(usesMessageTable({ kind: 'or', predicates: [{ kind: 'all' }, { kind: 'time', field: 'internal', op: '>=', value: 0 }] }), true);
});
