/** STORE, COPY, MOVE, EXPUNGE and their UID forms. */
import { test } from 'node:test';
import { parseFails, seq, table } from './helpers.js';

test('parse: STORE (RFC 9051 6.4.6, UNCHANGEDSINCE RFC 7162)', () => {
  const base = { tag: 'a', name: 'STORE' as const, uid: false, sequence: seq([2, 4]), unchangedSince: undefined };
  table([
    ['a STORE 2:4 FLAGS (\\Deleted)', { ...base, action: 'replace', silent: false, flags: ['\\Deleted'] }],
    ['a STORE 2:4 +FLAGS (\\seen $Junk)', { ...base, action: 'add', silent: false, flags: ['\\Seen', '$Junk'] }],
    ['a STORE 2:4 -flags.silent \\Flagged \\Draft', { ...base, action: 'remove', silent: true, flags: ['\\Flagged', '\\Draft'] }],
    ['a STORE 2:4 FLAGS ()', { ...base, action: 'replace', silent: false, flags: [] }],
    ['a STORE 2:4 +FLAGS.SILENT \\X-Ext', { ...base, action: 'add', silent: true, flags: ['\\X-Ext'] }],
    [
      'a UID STORE 2:4 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)',
      { ...base, uid: true, action: 'add', silent: true, flags: ['\\Deleted'], unchangedSince: 320162338 },
    ],
    ['a STORE 2:4 (UNCHANGEDSINCE 0) FLAGS ()', { ...base, action: 'replace', silent: false, flags: [], unchangedSince: 0 }],
  ]);
  for (const bad of [
    'a STORE 1 FLAGS',
    'a STORE 1 FLAGS ',
    'a STORE 1 =FLAGS (\\Seen)',
    'a STORE 1 FLAGS.LOUD (\\Seen)',
    'a STORE 1 +FLAGS (\\Seen',
    'a STORE 1 +FLAGS (\\*)',
    'a STORE 1 +FLAGS (\\)',
    'a STORE 1 +FLAGS (a]b)',
    'a STORE 1 (FOO 1) FLAGS ()',
    'a STORE 1 (UNCHANGEDSINCE 1 UNCHANGEDSINCE 2) FLAGS ()',
    'a STORE FLAGS (\\Seen)',
  ]) {
    parseFails(bad);
  }
});

test('parse: COPY, MOVE (RFC 6851), EXPUNGE and UID EXPUNGE (RFC 4315)', () => {
  table([
    ['a COPY 2:4 MEETING', { tag: 'a', name: 'COPY', uid: false, sequence: seq([2, 4]), mailbox: 'MEETING' }],
    ['a uid copy 1,3 "Sent Items"', { tag: 'a', name: 'COPY', uid: true, sequence: seq([1], [3]), mailbox: 'Sent Items' }],
    ['a MOVE $ Archive', { tag: 'a', name: 'MOVE', uid: false, sequence: { kind: 'saved' }, mailbox: 'Archive' }],
    ['a UID MOVE 42:* {5}\r\nTrash', { tag: 'a', name: 'MOVE', uid: true, sequence: seq([42, '*']), mailbox: 'Trash' }],
    ['a EXPUNGE', { tag: 'a', name: 'EXPUNGE', uid: false }],
    ['a UID EXPUNGE 3000:3002', { tag: 'a', name: 'EXPUNGE', uid: true, sequence: seq([3000, 3002]) }],
  ]);
  parseFails('a COPY 1');
  parseFails('a COPY x y');
  parseFails('a MOVE 1 ');
  parseFails('a EXPUNGE 1');
  parseFails('a UID EXPUNGE');
});
