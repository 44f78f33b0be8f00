/** FETCH: macros, every data item, sections, partials, modifiers, UID FETCH. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FetchCommand, FetchItem } from '../../../src/imap/protocol/index.js';
import { parse, parseFails, seq } from './helpers.js';

function fetch(line: string): FetchCommand {
  const cmd = parse(line);
  assert.equal(cmd.name, 'FETCH');
  return cmd as FetchCommand;
}

const items = (text: string): readonly FetchItem[] => fetch(`a FETCH 1 ${text}`).items;
const s = (kind: string): FetchItem => ({ kind }) as FetchItem;

test('parse: FETCH macros expand (RFC 9051 6.4.5)', () => {
  assert.deepEqual(items('ALL'), [s('FLAGS'), s('INTERNALDATE'), s('RFC822.SIZE'), s('ENVELOPE')]);
  assert.deepEqual(items('fast'), [s('FLAGS'), s('INTERNALDATE'), s('RFC822.SIZE')]);
  assert.deepEqual(items('FULL'), [s('FLAGS'), s('INTERNALDATE'), s('RFC822.SIZE'), s('ENVELOPE'), s('BODY')]);
  parseFails('a FETCH 1 (ALL)');
});

test('parse: FETCH simple items', () => {
  for (const name of [
    'ENVELOPE',
    'FLAGS',
    'INTERNALDATE',
    'RFC822.SIZE',
    'BODY',
    'BODYSTRUCTURE',
    'UID',
    'MODSEQ',
    'SAVEDATE',
    'EMAILID',
    'THREADID',
    'RFC822',
    'RFC822.HEADER',
    'RFC822.TEXT',
  ]) {
    assert.deepEqual(items(name), [s(name)], name);
    assert.deepEqual(items(name.toLowerCase()), [s(name)], name);
  }
  assert.deepEqual(items('(UID FLAGS RFC822.SIZE)'), [s('UID'), s('FLAGS'), s('RFC822.SIZE')]);
});

test('parse: FETCH body sections and partials', () => {
  const rows: Array<[string, FetchItem]> = [
    ['BODY[]', { kind: 'BODY[]', peek: false, section: { part: [], kind: 'full' } }],
    ['BODY.PEEK[]<0.2048>', { kind: 'BODY[]', peek: true, section: { part: [], kind: 'full' }, partial: { origin: 0, length: 2048 } }],
    ['BODY[HEADER]', { kind: 'BODY[]', peek: false, section: { part: [], kind: 'header' } }],
    ['body.peek[text]', { kind: 'BODY[]', peek: true, section: { part: [], kind: 'text' } }],
    ['BODY[1]', { kind: 'BODY[]', peek: false, section: { part: [1], kind: 'full' } }],
    ['BODY[1.2.3]', { kind: 'BODY[]', peek: false, section: { part: [1, 2, 3], kind: 'full' } }],
    ['BODY[4.2.MIME]', { kind: 'BODY[]', peek: false, section: { part: [4, 2], kind: 'mime' } }],
    ['BODY[3.HEADER]', { kind: 'BODY[]', peek: false, section: { part: [3], kind: 'header' } }],
    ['BODY[4.2.2.TEXT]<10.20>', { kind: 'BODY[]', peek: false, section: { part: [4, 2, 2], kind: 'text' }, partial: { origin: 10, length: 20 } }],
    [
      'BODY.PEEK[HEADER.FIELDS (DATE FROM Subject "X-Weird Name" {4}\r\nX-Li)]',
      {
        kind: 'BODY[]',
        peek: true,
        section: { part: [], kind: 'header.fields', fields: ['DATE', 'FROM', 'Subject', 'X-Weird Name', 'X-Li'] },
      },
    ],
    [
      'BODY[2.HEADER.FIELDS.NOT (Received)]',
      { kind: 'BODY[]', peek: false, section: { part: [2], kind: 'header.fields.not', fields: ['Received'] } },
    ],
    ['BINARY[]', { kind: 'BINARY[]', peek: false, part: [] }],
    ['BINARY.PEEK[1.2]<0.100>', { kind: 'BINARY[]', peek: true, part: [1, 2], partial: { origin: 0, length: 100 } }],
    ['BINARY.SIZE[3]', { kind: 'BINARY.SIZE', part: [3] }],
    ['PREVIEW', { kind: 'PREVIEW', lazy: false }],
    ['(PREVIEW (LAZY) UID)', { kind: 'PREVIEW', lazy: true }],
  ];
  for (const [text, expected] of rows) assert.deepEqual(items(text)[0], expected, text);
});

test('parse: FETCH with sequence sets, modifiers and UID', () => {
  assert.deepEqual(fetch('a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)'), {
    tag: 'a',
    name: 'FETCH',
    uid: true,
    sequence: seq([1, '*']),
    items: [s('FLAGS')],
    changedSince: 12345,
    vanished: true,
  });
  assert.equal(fetch('a FETCH 2:4 FLAGS (CHANGEDSINCE 1)').changedSince, 1);
  parseFails('a FETCH 2:4,$ FLAGS'); // "$" stands alone (RFC 5182)
  assert.deepEqual(fetch('a FETCH $ FLAGS').sequence, { kind: 'saved' });
  assert.deepEqual(fetch('a FETCH 5:3 PREVIEW (CHANGEDSINCE 9)').changedSince, 9);
  assert.equal(fetch('a FETCH 1 UID').changedSince, undefined);
});

test('parse: FETCH errors', () => {
  for (const bad of [
    'a FETCH',
    'a FETCH 1',
    'a FETCH 1 ()',
    'a FETCH 1 FOO',
    'a FETCH 1 (FLAGS',
    'a FETCH 1 (FLAGS  UID)',
    'a FETCH 1 BODY[',
    'a FETCH 1 BODY[MIME]',
    'a FETCH 1 BODY[1.]',
    'a FETCH 1 BODY[0]',
    'a FETCH 1 BODY[HEADER.FIELDS]',
    'a FETCH 1 BODY[HEADER.FIELDS ()]',
    'a FETCH 1 BODY[FOO]',
    'a FETCH 1 BODY[]<0>',
    'a FETCH 1 BODY[]<0.0>',
    'a FETCH 1 BODY.PEEK',
    'a FETCH 1 BINARY[TEXT]',
    'a FETCH 1 BINARY.SIZE[1]<0.1>',
    'a FETCH 1 (PREVIEW (FOO))',
    'a FETCH 1 FLAGS (FOO 1)',
    'a FETCH 1 FLAGS (VANISHED)',
    'a FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)',
    'a UID FETCH 1 FLAGS (VANISHED)',
    'a FETCH 1 FLAGS (CHANGEDSINCE 0)',
    'a FETCH 0 FLAGS',
    'a FETCH 1: FLAGS',
    'a FETCH 4294967296 FLAGS',
    'a FETCH * FLAGS extra',
  ]) {
    parseFails(bad);
  }
  assert.equal(fetch('a FETCH 4294967295 FLAGS').sequence.kind, 'ranges');
});
