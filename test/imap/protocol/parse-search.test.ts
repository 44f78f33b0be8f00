/** SEARCH: every key of RFC 3501 and RFC 9051, extensions, RETURN, CHARSET, nesting, limits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMAP_MAX_NESTING_DEPTH, IMAP_MAX_SEARCH_KEYS } from '../../../src/limits.js';
import { frameOf } from '../../../src/wire/index.js';
import { parseCommand, type SearchCommand, type SearchKey } from '../../../src/imap/protocol/index.js';
import { parse, parseFails, seq } from './helpers.js';

function search(line: string): SearchCommand {
  const cmd = parse(line);
  assert.equal(cmd.name, 'SEARCH');
  return cmd as SearchCommand;
}

/** The single key of "a SEARCH <key>". */
function key(text: string): SearchKey {
  const criteria = search(`a SEARCH ${text}`).criteria;
  assert.equal(criteria.length, 1, text);
  return criteria[0]!;
}

const flag = (f: string, present: boolean): SearchKey => ({ kind: 'flag', flag: f, present });
const d = (year: number, month: number, day: number) => ({ year, month, day });

test('parse: SEARCH keys without arguments', () => {
  const rows: Array<[string, SearchKey]> = [
    ['ALL', { kind: 'all' }],
    ['ANSWERED', flag('\\Answered', true)],
    ['UNANSWERED', flag('\\Answered', false)],
    ['DELETED', flag('\\Deleted', true)],
    ['UNDELETED', flag('\\Deleted', false)],
    ['DRAFT', flag('\\Draft', true)],
    ['UNDRAFT', flag('\\Draft', false)],
    ['FLAGGED', flag('\\Flagged', true)],
    ['UNFLAGGED', flag('\\Flagged', false)],
    ['SEEN', flag('\\Seen', true)],
    ['unseen', flag('\\Seen', false)],
    ['RECENT', flag('\\Recent', true)],
    ['OLD', flag('\\Recent', false)],
    ['NEW', { kind: 'and', keys: [flag('\\Recent', true), flag('\\Seen', false)] }],
    ['SAVEDATESUPPORTED', { kind: 'savedatesupported' }],
  ];
  for (const [text, expected] of rows) assert.deepEqual(key(text), expected, text);
});

test('parse: SEARCH keys with arguments', () => {
  const rows: Array<[string, SearchKey]> = [
    ['FROM "Smith"', { kind: 'envelope', field: 'from', value: 'Smith' }],
    ['TO bob', { kind: 'envelope', field: 'to', value: 'bob' }],
    ['CC {3}\r\nann', { kind: 'envelope', field: 'cc', value: 'ann' }],
    ['BCC x', { kind: 'envelope', field: 'bcc', value: 'x' }],
    ['SUBJECT "Grüße"', { kind: 'envelope', field: 'subject', value: 'Grüße' }],
    ['BODY hello', { kind: 'body', value: 'hello' }],
    ['TEXT "two words"', { kind: 'text', value: 'two words' }],
    ['HEADER List-Id ""', { kind: 'header', field: 'List-Id', value: '' }],
    ['HEADER "X-Spam" yes', { kind: 'header', field: 'X-Spam', value: 'yes' }],
    ['KEYWORD $Forwarded', flag('$Forwarded', true)],
    ['UNKEYWORD Junk', flag('Junk', false)],
    ['BEFORE 1-Feb-1994', { kind: 'date', field: 'internal', op: 'before', date: d(1994, 2, 1) }],
    ['ON "01-feb-1994"', { kind: 'date', field: 'internal', op: 'on', date: d(1994, 2, 1) }],
    ['SINCE 29-Feb-2024', { kind: 'date', field: 'internal', op: 'since', date: d(2024, 2, 29) }],
    ['SENTBEFORE 1-Jan-2000', { kind: 'date', field: 'sent', op: 'before', date: d(2000, 1, 1) }],
    ['SENTON 31-Dec-1999', { kind: 'date', field: 'sent', op: 'on', date: d(1999, 12, 31) }],
    ['SENTSINCE 1-Mar-2001', { kind: 'date', field: 'sent', op: 'since', date: d(2001, 3, 1) }],
    ['SAVEDBEFORE 1-Jan-2020', { kind: 'date', field: 'saved', op: 'before', date: d(2020, 1, 1) }],
    ['SAVEDON 2-Jan-2020', { kind: 'date', field: 'saved', op: 'on', date: d(2020, 1, 2) }],
    ['SAVEDSINCE 3-Jan-2020', { kind: 'date', field: 'saved', op: 'since', date: d(2020, 1, 3) }],
    ['LARGER 10000', { kind: 'size', op: 'larger', size: 10000 }],
    ['SMALLER 0', { kind: 'size', op: 'smaller', size: 0 }],
    ['UID 1:100,200:*', { kind: 'uid', set: seq([1, 100], [200, '*']) }],
    ['UID $', { kind: 'uid', set: { kind: 'saved' } }],
    ['2,4:7,9,12:*', { kind: 'seq', set: seq([2], [4, 7], [9], [12, '*']) }],
    ['*', { kind: 'seq', set: seq(['*']) }],
    ['$', { kind: 'seq', set: { kind: 'saved' } }],
    ['OLDER 3600', { kind: 'age', op: 'older', seconds: 3600 }],
    ['YOUNGER 60', { kind: 'age', op: 'younger', seconds: 60 }],
    ['MODSEQ 620162338', { kind: 'modseq', modseq: 620162338 }],
    ['MODSEQ 0', { kind: 'modseq', modseq: 0 }],
    [
      'MODSEQ "/flags/\\\\draft" all 620162338',
      { kind: 'modseq', modseq: 620162338, entry: { name: '/flags/\\draft', type: 'all' } },
    ],
    ['EMAILID M6d99ac3275bb4e', { kind: 'emailid', id: 'M6d99ac3275bb4e' }],
    ['THREADID T64b478a75b7ea9', { kind: 'threadid', id: 'T64b478a75b7ea9' }],
    ['NOT SEEN', { kind: 'not', key: flag('\\Seen', true) }],
    ['OR SEEN FLAGGED', { kind: 'or', left: flag('\\Seen', true), right: flag('\\Flagged', true) }],
    ['(SEEN)', { kind: 'and', keys: [flag('\\Seen', true)] }],
    [
      'OR (FROM a SINCE 1-Jan-2024) NOT (1:5 UID 9)',
      {
        kind: 'or',
        left: {
          kind: 'and',
          keys: [
            { kind: 'envelope', field: 'from', value: 'a' },
            { kind: 'date', field: 'internal', op: 'since', date: d(2024, 1, 1) },
          ],
        },
        right: { kind: 'not', key: { kind: 'and', keys: [{ kind: 'seq', set: seq([1, 5]) }, { kind: 'uid', set: seq([9]) }] } },
      },
    ],
    [
      'OR OR SEEN DRAFT DELETED',
      {
        kind: 'or',
        left: { kind: 'or', left: flag('\\Seen', true), right: flag('\\Draft', true) },
        right: flag('\\Deleted', true),
      },
    ],
  ];
  for (const [text, expected] of rows) assert.deepEqual(key(text), expected, text);
});

test('parse: SEARCH programs: several keys, CHARSET, RETURN, UID', () => {
  assert.deepEqual(search('A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"'), {
    tag: 'A282',
    name: 'SEARCH',
    uid: false,
    charset: undefined,
    returns: undefined,
    criteria: [
      flag('\\Flagged', true),
      { kind: 'date', field: 'internal', op: 'since', date: d(1994, 2, 1) },
      { kind: 'not', key: { kind: 'envelope', field: 'from', value: 'Smith' } },
    ],
  });
  assert.deepEqual(search('a UID SEARCH RETURN (MIN max COUNT ALL SAVE MIN) CHARSET utf-8 TEXT "x"'), {
    tag: 'a',
    name: 'SEARCH',
    uid: true,
    charset: 'UTF-8',
    returns: ['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE'],
    criteria: [{ kind: 'text', value: 'x' }],
  });
  assert.deepEqual(search('a SEARCH RETURN () ALL').returns, []);
  assert.equal(search('a SEARCH CHARSET "US-ASCII" ALL').charset, 'US-ASCII');
});

test('parse: SEARCH under an unknown CHARSET keeps bytes for a NO [BADCHARSET], not a BAD', () => {
  // Raw bytes: the helper would encode the text as UTF-8.
  const raw = Buffer.from('a SEARCH CHARSET ISO-8859-1 SUBJECT {4}\r\ncaf\xe9\r\n', 'latin1');
  const latin = parseCommand(frameOf(raw));
  assert.ok(latin.name === 'SEARCH');
  assert.equal(latin.charset, 'ISO-8859-1');
  assert.deepEqual(latin.criteria, [{ kind: 'envelope', field: 'subject', value: 'caf\xe9' }]);
  // Under UTF-8 the same bytes are not valid: BAD.
  assert.throws(() => parseCommand(frameOf(Buffer.from('a SEARCH SUBJECT {4}\r\ncaf\xe9\r\n', 'latin1'))), /UTF-8/);
});

test('parse: SEARCH errors', () => {
  for (const bad of [
    'a SEARCH',
    'a SEARCH ',
    'a SEARCH FOO',
    'a SEARCH FROM',
    'a SEARCH OR SEEN',
    'a SEARCH NOT',
    'a SEARCH (SEEN',
    'a SEARCH SEEN)',
    'a SEARCH ()',
    'a SEARCH BEFORE 32-Jan-2024',
    'a SEARCH BEFORE 1-Jan-24',
    'a SEARCH SINCE 29-Feb-2023',
    'a SEARCH LARGER x',
    'a SEARCH LARGER 99999999999999999999',
    'a SEARCH UID',
    'a SEARCH 0',
    'a SEARCH 1:5,$',
    'a SEARCH KEYWORD \\Seen',
    'a SEARCH EMAILID bad!id',
    'a SEARCH MODSEQ "/flags/\\\\seen" any 5',
    'a SEARCH RETURN (FOO) ALL',
    'a SEARCH RETURN MIN ALL',
    'a SEARCH CHARSET',
    'a SEARCH  ALL',
    'a SEARCH OLDER 0',
  ]) {
    parseFails(bad);
  }
});

test('limit: SEARCH nesting past IMAP_MAX_NESTING_DEPTH and keys past IMAP_MAX_SEARCH_KEYS', () => {
  const depth = IMAP_MAX_NESTING_DEPTH;
  assert.equal(search(`a SEARCH ${'('.repeat(depth)}ALL${')'.repeat(depth)}`).criteria.length, 1);
  parseFails(`a SEARCH ${'('.repeat(depth + 1)}ALL${')'.repeat(depth + 1)}`, 'too-complex');
  parseFails(`a SEARCH ${'NOT '.repeat(depth + 1)}ALL`, 'too-complex');
  parseFails(`a SEARCH ${'OR ALL '.repeat(depth + 1)}ALL`, 'too-complex');
  const keys = IMAP_MAX_SEARCH_KEYS;
  assert.equal(search(`a SEARCH ${Array(keys).fill('SEEN').join(' ')}`).criteria.length, keys);
  parseFails(`a SEARCH ${Array(keys + 1).fill('SEEN').join(' ')}`, 'too-complex');
});
