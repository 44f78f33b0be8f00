/** The pure POP3 protocol layer: command parsing, line splitting, the body encoder, UIDLs. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POP3_MAX_LINE_BYTES } from '../../src/pop3/limits.js';
import { BodyEncoder, encodeBody, encodeStream } from '../../src/pop3/protocol/body-encoder.js';
import { parseCommand, Pop3ParseError } from '../../src/pop3/protocol/command.js';
import { LineReader, type LineEvent } from '../../src/pop3/protocol/line-reader.js';
import { err, multiline, ok } from '../../src/pop3/protocol/responses.js';
import { uidlOf } from '../../src/pop3/protocol/uidl.js';
import { compactUidSet } from '../../src/pop3/relay/imap-maildrop.js';

const parse = (line: string) => parseCommand(Buffer.from(line, 'utf8'));

test('commands parse into typed values, keywords in any case', () => {
  assert.deepEqual(parse('stat'), { name: 'STAT' });
  assert.deepEqual(parse('List'), { name: 'LIST', msg: null });
  assert.deepEqual(parse('LIST 7'), { name: 'LIST', msg: 7 });
  assert.deepEqual(parse('UIDL 12'), { name: 'UIDL', msg: 12 });
  assert.deepEqual(parse('RETR 1'), { name: 'RETR', msg: 1 });
  assert.deepEqual(parse('TOP 3 0'), { name: 'TOP', msg: 3, lines: 0 });
  assert.deepEqual(parse('DELE  2'), { name: 'DELE', msg: 2 }, 'two spaces are tolerated');
  assert.deepEqual(parse('USER alice@example.org'), { name: 'USER', user: 'alice@example.org' });
  assert.deepEqual(parse('USER jörg'), { name: 'USER', user: 'jörg' });
  assert.deepEqual(parse('PASS  a secret with spaces '), { name: 'PASS', password: ' a secret with spaces ' }, 'PASS keeps its argument verbatim');
  assert.deepEqual(parse('AUTH'), { name: 'AUTH', mechanism: null, initial: null });
  assert.deepEqual(parse('AUTH plain'), { name: 'AUTH', mechanism: 'PLAIN', initial: null });
  assert.deepEqual(parse('AUTH PLAIN AGFsaWNlAHNlY3JldA=='), { name: 'AUTH', mechanism: 'PLAIN', initial: 'AGFsaWNlAHNlY3JldA==' });
  assert.deepEqual(parse('AUTH LOGIN ='), { name: 'AUTH', mechanism: 'LOGIN', initial: '=' });
  for (const name of ['CAPA', 'STLS', 'UTF8', 'QUIT', 'NOOP', 'RSET']) assert.deepEqual(parse(name.toLowerCase()), { name });
});

test('malformed commands are refused with a reason', () => {
  const cases: [string, 'unknown-command' | 'syntax'][] = [
    ['', 'unknown-command'],
    ['APOP alice 0123', 'unknown-command'],
    ['XYZZY', 'unknown-command'],
    ['RETR', 'syntax'],
    ['RETR x', 'syntax'],
    ['RETR -1', 'syntax'],
    ['RETR 1 2', 'syntax'],
    ['RETR 99999999999', 'syntax'],
    ['TOP 1', 'syntax'],
    ['TOP 1 -1', 'syntax'],
    ['LIST 1 2', 'syntax'],
    ['STAT 1', 'syntax'],
    ['USER', 'syntax'],
    ['USER two words', 'syntax'],
    ['PASS', 'syntax'],
    ['AUTH PLAIN a b', 'syntax'],
  ];
  for (const [line, reason] of cases) {
    assert.throws(() => parse(line), (error: unknown) => error instanceof Pop3ParseError && error.reason === reason, line);
  }
  assert.throws(() => parseCommand(Buffer.from([0x55, 0x53, 0x45, 0x52, 0x20, 0xff, 0xfe])), /not valid UTF-8/);
});

function drain(reader: LineReader): LineEvent[] {
  const out: LineEvent[] = [];
  for (let event = reader.next(); event; event = reader.next()) out.push(event);
  return out;
}

test('line reader: CRLF or LF, any split, and over-long lines reported once and skipped', () => {
  const input = Buffer.from('STAT\r\nLIST 1\nRETR 2\r\n');
  for (let split = 0; split <= input.length; split++) {
    const reader = new LineReader(100);
    reader.push(input.subarray(0, split));
    reader.push(input.subarray(split));
    assert.deepEqual(
      drain(reader).map((e) => (e.kind === 'line' ? e.line.toString() : e.kind)),
      ['STAT', 'LIST 1', 'RETR 2'],
      `split at ${split}`,
    );
  }
  const reader = new LineReader(10);
  reader.push(Buffer.from('12345678\r\n')); // exactly 10 bytes with CRLF: fits
  reader.push(Buffer.from('123456789\r\nNOOP\r\n')); // 11: too long
  reader.push(Buffer.from('x'.repeat(50)));
  reader.push(Buffer.from('x'.repeat(50)));
  reader.push(Buffer.from('\r\nQUIT\r\n'));
  assert.deepEqual(
    drain(reader).map((e) => (e.kind === 'line' ? e.line.toString() : e.kind)),
    ['12345678', 'too-long', 'NOOP', 'too-long', 'QUIT'],
  );
  assert.ok(POP3_MAX_LINE_BYTES >= 2048, 'room for AUTH PLAIN with a long password');
});

test('body encoder: CRLF kept, bare LF made CRLF, dots stuffed, final line end added', () => {
  const encode = (text: string) => encodeBody(Buffer.from(text, 'latin1')).toString('latin1');
  assert.equal(encode('A: b\r\n\r\nline\r\n'), 'A: b\r\n\r\nline\r\n.\r\n');
  assert.equal(encode('A: b\n\n.dot\n..two\nend'), 'A: b\r\n\r\n..dot\r\n...two\r\nend\r\n.\r\n');
  assert.equal(encode('.\r\n'), '..\r\n.\r\n', 'a lone dot line is stuffed');
  assert.equal(encode('a\r\n.\r\nb'), 'a\r\n..\r\nb\r\n.\r\n');
  assert.equal(encode(''), '.\r\n');
  assert.equal(encode('x\rnot a line end\r\n'), 'x\rnot a line end\r\n.\r\n', 'a lone CR is content');
  const encoder = new BodyEncoder();
  encoder.push(Buffer.from('a\nb\r\nc\n'));
  assert.equal(encoder.bareLf, 2);
});

test('body encoder gives the same bytes whatever the chunking', () => {
  const message = Buffer.from('Subject: x\r\nX: y\n\r\n.line one\r\nline two\n.\n..\r\n\r\n.last');
  const whole = encodeBody(message).toString('latin1');
  const top2 = encodeBody(message, { bodyLines: 2 }).toString('latin1');
  for (let a = 0; a <= message.length; a++) {
    for (let b = a; b <= message.length; b += 3) {
      for (const options of [{}, { bodyLines: 2 }]) {
        const encoder = new BodyEncoder(options);
        const out = [message.subarray(0, a), message.subarray(a, b), message.subarray(b)].map((c) => encoder.push(c));
        out.push(encoder.finish());
        assert.equal(Buffer.concat(out).toString('latin1'), 'bodyLines' in options ? top2 : whole, `splits ${a}/${b}`);
      }
    }
  }
});

test('TOP: header, blank line, n body lines; 0 lines; more lines than the body; no body at all', () => {
  const message = Buffer.from('From: a\r\nSubject: s\r\n\r\none\r\ntwo\r\n.three\r\nfour\r\n');
  const top = (n: number) => encodeBody(message, { bodyLines: n }).toString('latin1');
  assert.equal(top(0), 'From: a\r\nSubject: s\r\n\r\n.\r\n');
  assert.equal(top(1), 'From: a\r\nSubject: s\r\n\r\none\r\n.\r\n');
  assert.equal(top(3), 'From: a\r\nSubject: s\r\n\r\none\r\ntwo\r\n..three\r\n.\r\n');
  assert.equal(top(100), `${message.toString('latin1').replace('\r\n.three', '\r\n..three')}.\r\n`);
  assert.equal(encodeBody(Buffer.from('Subject: only a header\n'), { bodyLines: 0 }).toString(), 'Subject: only a header\r\n.\r\n');
  assert.equal(encodeBody(Buffer.from('A: b\n\nx\ny\n'), { bodyLines: 1 }).toString(), 'A: b\r\n\r\nx\r\n.\r\n', 'bare-LF header end');
});

test('TOP stops reading the source once it has its lines', async () => {
  let pulled = 0;
  async function* source() {
    for (const piece of ['A: b\r\n\r\n', 'one\r\n', 'two\r\n', 'three\r\n']) {
      pulled++;
      yield Buffer.from(piece);
    }
  }
  const out: Buffer[] = [];
  for await (const piece of encodeStream(source(), new BodyEncoder({ bodyLines: 1 }))) out.push(piece);
  assert.equal(Buffer.concat(out).toString(), 'A: b\r\n\r\none\r\n.\r\n');
  assert.equal(pulled, 2);
});

test('responses: status lines with response codes, stuffed multi-line lists', () => {
  assert.equal(ok('2 320').toString(), '+OK 2 320\r\n');
  assert.equal(ok('').toString(), '+OK\r\n');
  assert.equal(err('no such message').toString(), '-ERR no such message\r\n');
  assert.equal(err('locked', 'IN-USE').toString(), '-ERR [IN-USE] locked\r\n');
  assert.equal(err('two\r\nlines', 'SYS/TEMP').toString(), '-ERR [SYS/TEMP] two lines\r\n', 'an error text never breaks framing');
  assert.equal(multiline(ok('list'), ['A', '.B']).toString(), '+OK list\r\nA\r\n..B\r\n.\r\n');
});

test('UIDL values: UID then UIDVALIDITY as 8 hex digits each, as Dovecot makes them', () => {
  assert.equal(uidlOf(0x6b0a124c, 1), '000000016b0a124c');
  assert.equal(uidlOf(4294967295, 4294967295), 'ffffffffffffffff');
  assert.match(uidlOf(1, 1), /^[\x21-\x7e]{1,70}$/);
});

test('relay UID sets are compact', () => {
  assert.equal(compactUidSet([5, 1, 2, 3, 9, 10, 7]), '1:3,5,7,9:10');
  assert.equal(compactUidSet([42]), '42');
});
