/** What the session answers with BAD: missing tags, unknown commands, broken syntax. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameOf } from '../../../src/wire/index.js';
import { ImapParseError, parseCommand, peekCommand } from '../../../src/imap/protocol/index.js';
import { parse, parseFails } from './helpers.js';

test('parse error: no tag -> no tag in the error (the session answers "* BAD")', () => {
  parseFails('', 'missing-tag', null);
  parseFails(' NOOP', 'missing-tag', null);
  parseFails('+ NOOP', 'missing-tag', null);
  parseFails('* NOOP', 'missing-tag', null);
  parseFails('(a) NOOP', 'missing-tag', null);
  parseFails('\xff\xfe NOOP', 'missing-tag', null);
});

test('parse error: the tag is kept for everything after it', () => {
  parseFails('a', 'syntax');
  parseFails('a ', 'syntax');
  parseFails('a  NOOP', 'syntax');
  parseFails('a\tNOOP', 'missing-tag', null);
  const unknown = parseFails('a XYZZY', 'unknown-command');
  assert.equal(unknown.command, 'XYZZY');
  parseFails('a UID NOOP', 'unknown-command');
  parseFails('a UID', 'syntax');
  parseFails('a UID LOGIN x y', 'unknown-command');
  parseFails('x1 SELECT (INBOX', 'syntax', 'x1');
  parseFails('a SEARCH ((((ALL)))', 'syntax');
  parseFails('a SEARCH ALL)))', 'syntax');
  parseFails('a LOGIN \xe4\xf6 x', 'syntax');
  const e = parseFails('a FETCH 1 (FLAGS', 'syntax');
  assert.equal(e.command, 'FETCH');
});

test('parse error: strings', () => {
  parseFails('a LOGIN "a\rb" c');
  parseFails('a LOGIN "abc');
  parseFails('a LOGIN {3+}\r\na\0b c'); // NUL is not CHAR8
  parseFails('a LOGIN ~{3+}\r\nabc c'); // literal8 only in APPEND
  assert.throws(
    () => parseCommand(frameOf(Buffer.from('a LOGIN "\xff\xfe" x\r\n', 'latin1'))),
    (err: unknown) => err instanceof ImapParseError && /UTF-8/.test(err.message),
  );
});

test('parse error: a streamed literal where a string is wanted', () => {
  const frame = frameOf(`a LOGIN {100}\r\n${'u'.repeat(100)} x\r\n`, { inlineLiteralMaxBytes: 10 });
  assert.throws(
    () => parseCommand(frame),
    (err: unknown) => err instanceof ImapParseError && err.reason === 'literal-too-large' && err.tag === 'a',
  );
});

test('peekCommand: names a command from its first bytes', () => {
  const text = (s: string) => ({ tag: s.split(' ')[0], parts: [{ kind: 'text' as const, bytes: Buffer.from(s) }] });
  assert.deepEqual(peekCommand(text('a append INBOX ')), { tag: 'a', name: 'APPEND', uid: false });
  assert.deepEqual(peekCommand(text('a uid fetch 1')), { tag: 'a', name: 'FETCH', uid: true });
  assert.deepEqual(peekCommand({ tag: undefined, parts: [] }), { tag: undefined, name: undefined, uid: false });
  assert.deepEqual(peekCommand(text('a')), { tag: 'a', name: undefined, uid: false });
});

test('parse: a command in a literal-split frame parses like its quoted twin', () => {
  assert.deepEqual(parse('a LOGIN {4}\r\nfred {3+}\r\nfoo'), parse('a LOGIN fred foo'));
  assert.deepEqual(parse('a SELECT {5}\r\nINBOX'), parse('a SELECT INBOX'));
});
