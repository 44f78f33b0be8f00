/** APPEND: flags, date-time, literal / literal8 / UTF8, MULTIAPPEND, streamed literals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameOf } from '../../../src/wire/index.js';
import { parseCommand, peekAppendMailbox, type AppendCommand } from '../../../src/imap/protocol/index.js';
import { parse, parseFails } from './helpers.js';

function append(line: string, inlineLiteralMaxBytes?: number): AppendCommand {
  const cmd = parse(line, inlineLiteralMaxBytes === undefined ? {} : { inlineLiteralMaxBytes });
  assert.equal(cmd.name, 'APPEND');
  return cmd as AppendCommand;
}

const lit = (data: string, index = 0, sync = true, binary = false) => ({
  kind: 'literal' as const,
  size: Buffer.byteLength(data),
  sync,
  binary,
  index,
  streamed: false as const,
  data: Buffer.from(data),
});

test('parse: APPEND forms', () => {
  assert.deepEqual(append('a APPEND saved-messages {5}\r\nhello'), {
    tag: 'a',
    name: 'APPEND',
    mailbox: 'saved-messages',
    messages: [{ flags: [], internalDate: undefined, utf8: false, literal: lit('hello') }],
  });
  const full = append('A003 APPEND saved-messages (\\Seen $Label1) "07-Feb-1994 21:52:25 -0800" {5+}\r\nhello');
  assert.deepEqual(full.messages[0]?.flags, ['\\Seen', '$Label1']);
  assert.deepEqual(full.messages[0]?.internalDate, { instant: new Date('1994-02-08T05:52:25Z'), offsetMinutes: -480 });
  const spaceDay = append('a APPEND x " 7-Feb-1994 21:52:25 +0130" {1}\r\nx');
  assert.deepEqual(spaceDay.messages[0]?.internalDate, { instant: new Date('1994-02-07T20:22:25Z'), offsetMinutes: 90 });
  assert.deepEqual(append('a APPEND x () {1}\r\nx').messages[0]?.flags, []);
  const date = append('a APPEND x "01-Jan-2024 00:00:00 +0000" {1}\r\nx');
  assert.deepEqual(date.messages[0]?.flags, []);
});

test('parse: APPEND literal8 and UTF8 (RFC 3516, RFC 6855)', () => {
  const binary = append('a APPEND x ~{3+}\r\na\0b');
  assert.deepEqual(binary.messages[0]?.literal, lit('a\0b', 0, false, true));
  const utf8 = append('a APPEND x (\\Draft) UTF8 (~{6}\r\nGrüß)');
  assert.equal(utf8.messages[0]?.utf8, true);
  assert.deepEqual(utf8.messages[0]?.literal, { ...lit('Grüß', 0, true, true) });
});

test('parse: MULTIAPPEND (RFC 3502) with a streamed message', () => {
  const big = 'B'.repeat(100);
  const cmd = append(`a APPEND x (\\Seen) {100}\r\n${big} "01-Jan-2024 10:00:00 +0000" {2+}\r\nok {1+}\r\nz`, 50);
  assert.equal(cmd.messages.length, 3);
  assert.deepEqual(cmd.messages[0]?.literal, { kind: 'literal', size: 100, sync: true, binary: false, index: 0, streamed: true });
  assert.deepEqual(cmd.messages[0]?.flags, ['\\Seen']);
  assert.deepEqual(cmd.messages[1]?.literal, lit('ok', 1, false));
  assert.equal(cmd.messages[1]?.internalDate?.instant.toISOString(), '2024-01-01T10:00:00.000Z');
  assert.deepEqual(cmd.messages[2]?.literal, lit('z', 2, false));
});

test('parse: APPEND errors', () => {
  parseFails('a APPEND x');
  parseFails('a APPEND x hello');
  parseFails('a APPEND x (\\Seen)');
  parseFails('a APPEND x "07-Feb-1994 21:52:25 -0800"');
  parseFails('a APPEND x "31-Feb-1994 21:52:25 -0800" {1}\r\nx');
  parseFails('a APPEND x "07-Fxb-1994 21:52:25 -0800" {1}\r\nx');
  parseFails('a APPEND x "07-Feb-1994 25:52:25 -0800" {1}\r\nx');
  parseFails('a APPEND x "07-Feb-1994 21:52:25 0800" {1}\r\nx');
  parseFails('a APPEND x {1}\r\nx junk');
  parseFails('a APPEND x {1}\r\nx ');
  parseFails('a APPEND x UTF8 {1}\r\nx');
  parseFails('a APPEND x (\\Seen {1}\r\nx');
});

test('parse: peekAppendMailbox reads the mailbox before the literal arrives', () => {
  assert.equal(peekAppendMailbox({ tag: 'a', parts: [{ kind: 'text', bytes: Buffer.from('a APPEND "Sent Items" (\\Seen) ') }] }), 'Sent Items');
  assert.equal(peekAppendMailbox({ tag: 'a', parts: [{ kind: 'text', bytes: Buffer.from('a LOGIN x ') }] }), undefined);
  assert.equal(peekAppendMailbox({ tag: undefined, parts: [] }), undefined);
  // a full frame works too
  assert.equal(peekAppendMailbox(frameOf('a APPEND INBOX {1}\r\nx\r\n')), 'INBOX');
  assert.equal(parseCommand(frameOf('a APPEND INBOX {1}\r\nx\r\n')).name, 'APPEND');
});
