/** Every receiver limit, crossed: the offending command is dropped, the next one is fine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IMAP_LITERAL_MINUS_MAX_BYTES,
  IMAP_MAX_COMMAND_BUFFER_BYTES,
  IMAP_MAX_LINE_BYTES,
  IMAP_MAX_LITERAL_BYTES,
  MAX_MESSAGE_BYTES,
} from '../../src/limits.js';
import { CommandReceiver } from '../../src/wire/index.js';
import { drive, show, split } from './helpers.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

test('limit: a line of exactly IMAP_MAX_LINE_BYTES passes, one byte more overflows', () => {
  const ok = 'a ' + 'x'.repeat(IMAP_MAX_LINE_BYTES - 2);
  const over = 'b ' + 'x'.repeat(IMAP_MAX_LINE_BYTES - 1);
  const input = b(`${ok}\r\n${over}\r\nc NOOP\r\n`);
  for (const how of ['whole', 7] as const) {
    const { events, maxHeld } = drive(split(input, how));
    assert.equal(events.length, 3);
    assert.equal(events[0]?.kind, 'command');
    assert.deepEqual(show(events.slice(1)), ['overflow line b', 'command "c NOOP"']);
    assert.ok(maxHeld < 2 * IMAP_MAX_LINE_BYTES + 1024, `held ${maxHeld}`);
  }
});

test('limit: an endless line is held only up to the limit and reported once it ends', () => {
  const r = new CommandReceiver({ maxLineBytes: 100 });
  r.push(b('tag1 SEARCH '));
  for (let i = 0; i < 1000; i++) {
    r.push(Buffer.alloc(1000, 0x61));
    assert.equal(r.next(), undefined);
    assert.ok(r.heldBytes < 2000, `held ${r.heldBytes}`);
  }
  assert.ok(r.discarding);
  r.push(b('\r\nb NOOP\r\n'));
  assert.deepEqual(show([r.next()!, r.next()!]), ['overflow line tag1', 'command "b NOOP"']);
});

test('limit: a too-long line ending in {n+} also drops the literal and the rest of the command', () => {
  const input = b(`a LOGIN ${'x'.repeat(200)} {5+}\r\nhello more\r\nb NOOP\r\n`);
  for (const how of ['whole', 'bytes', 3] as const) {
    assert.deepEqual(show(drive(split(input, how), { maxLineBytes: 100 }).events), [
      'overflow line a',
      'command "b NOOP"',
    ]);
  }
});

test('limit: a too-long line ending in a synchronising {n} ends the command (no + is sent)', () => {
  const input = b(`a LOGIN ${'x'.repeat(200)} {5}\r\nb NOOP\r\n`);
  assert.deepEqual(show(drive([input], { maxLineBytes: 100 }).events), ['overflow line a', 'command "b NOOP"']);
});

test('limit: lines plus inline literals past the command buffer', () => {
  const line = 'y'.repeat(60);
  const input = b(`a X ${line} {2+}\r\nzz ${line} {2+}\r\nzz ${line}\r\nb NOOP\r\n`);
  assert.deepEqual(show(drive([input], { maxCommandBufferBytes: 150 }).events), ['overflow command a', 'command "b NOOP"']);
  // Past the buffer, literals are streamed instead of held.
  const input2 = b(`a APPEND x {40+}\r\n${'q'.repeat(40)} {40+}\r\n${'q'.repeat(40)}\r\n`);
  assert.deepEqual(show(drive([input2], { maxCommandBufferBytes: 60 }).events), [
    'literal-start a 40 streamed',
    'data 40',
    'literal-end 1',
    'command "a APPEND x " {40+}"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" " " {40+}<streamed> ""',
  ]);
  assert.ok(IMAP_MAX_COMMAND_BUFFER_BYTES >= IMAP_MAX_LINE_BYTES);
});

test('limit: literals per command', () => {
  const input = b('a X {1+}\r\na {1+}\r\nb {1+}\r\nc {1+}\r\nd\r\nb NOOP\r\n');
  assert.deepEqual(show(drive([input], { maxLiteralsPerCommand: 3 }).events), [
    'overflow literal-count a',
    'command "b NOOP"',
  ]);
  assert.equal(drive([input], { maxLiteralsPerCommand: 4 }).events[0]?.kind, 'command');
});

test('limit: a synchronising literal over APPENDLIMIT is refused without reading it', () => {
  const input = b(`a APPEND INBOX {${IMAP_MAX_LITERAL_BYTES + 1}}\r\nb NOOP\r\n`);
  const { events } = drive([input]);
  assert.deepEqual(show(events), ['overflow literal a', 'command "b NOOP"']);
  const first = events[0];
  assert.ok(first?.kind === 'overflow');
  assert.deepEqual(first.literal, { size: IMAP_MAX_LITERAL_BYTES + 1, sync: true });
  // exactly the limit is accepted (and streamed)
  const atLimit = drive([b(`a APPEND INBOX {${IMAP_MAX_LITERAL_BYTES}}\r\n`)]).events;
  assert.deepEqual(show(atLimit), [
    `continue a ${MAX_MESSAGE_BYTES} streamed`,
    `literal-start a ${MAX_MESSAGE_BYTES} streamed`,
  ]);
});

test('limit: a non-synchronising literal over the limit is read, discarded, then reported', () => {
  const size = 1000;
  const input = b(`a APPEND INBOX {${size}+}\r\n${'m'.repeat(size)} (\\Seen) {3+}\r\nabc\r\nb NOOP\r\n`);
  for (const how of ['whole', 'bytes', 11] as const) {
    const { events, maxHeld } = drive(split(input, how), { maxLiteralBytes: size - 1 });
    assert.deepEqual(show(events), ['overflow literal a', 'command "b NOOP"']);
    assert.ok(maxHeld <= input.length);
  }
});

test('limit: the literals of one command together (MULTIAPPEND)', () => {
  const input = b('a APPEND x {6+}\r\n123456 {6+}\r\n123456\r\nb NOOP\r\n');
  assert.deepEqual(show(drive([input], { maxCommandLiteralBytes: 10 }).events), [
    'overflow command-literals a',
    'command "b NOOP"',
  ]);
  assert.equal(drive([input], { maxCommandLiteralBytes: 12 }).events[0]?.kind, 'command');
});

test('limit: LITERAL- allows non-synchronising literals up to 4096 bytes only (RFC 7888 5)', () => {
  const max = IMAP_LITERAL_MINUS_MAX_BYTES;
  const ok = b(`a APPEND x {${max}+}\r\n${'o'.repeat(max)}\r\n`);
  const over = b(`a APPEND x {${max + 1}+}\r\n${'o'.repeat(max + 1)}\r\nb NOOP\r\n`);
  const sync = b(`a APPEND x {${max + 1}}\r\n`);
  assert.equal(drive([ok], { literalMinus: true }).events[0]?.kind, 'command');
  assert.deepEqual(show(drive([over], { literalMinus: true }).events), ['overflow literal-minus a', 'command "b NOOP"']);
  assert.equal(drive([over]).events[0]?.kind, 'command', 'LITERAL+ takes it');
  assert.equal(drive([sync], { literalMinus: true }).events[0]?.kind, 'continue');
  const r = new CommandReceiver();
  r.setLiteralMinus(true);
  r.push(over);
  assert.equal(r.next()?.kind, 'overflow');
});

test('limit: a literal announcing 4 GB is never buffered', () => {
  const r = new CommandReceiver();
  r.push(b('a APPEND INBOX {4294967296+}\r\n'));
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  for (let i = 0; i < 200; i++) {
    r.push(chunk);
    assert.equal(r.next(), undefined);
    assert.ok(r.heldBytes <= chunk.length, `held ${r.heldBytes}`);
  }
  assert.ok(r.discarding);
  // synchronising: refused at once
  const s = new CommandReceiver();
  s.push(b('a APPEND INBOX {4294967296}\r\n'));
  assert.deepEqual(show([s.next()!]), ['overflow literal a']);
  // absurd digit counts saturate and are too large, never wrap
  const d = new CommandReceiver();
  d.push(b('a APPEND INBOX {99999999999999999999999999}\r\n'));
  const e = d.next();
  assert.ok(e?.kind === 'overflow' && e.literal?.size === Number.MAX_SAFE_INTEGER);
});

test('limit: a 50 MB APPEND streams through in bounded memory', () => {
  const r = new CommandReceiver();
  r.push(b(`a APPEND INBOX {${MAX_MESSAGE_BYTES}+}\r\n`));
  const chunk = Buffer.alloc(256 * 1024, 0x42);
  let streamed = 0;
  let maxHeld = 0;
  const kinds = new Set<string>();
  for (let sent = 0; sent < MAX_MESSAGE_BYTES; sent += chunk.length) {
    r.push(chunk.subarray(0, Math.min(chunk.length, MAX_MESSAGE_BYTES - sent)));
    for (let e = r.next(); e; e = r.next()) {
      kinds.add(e.kind);
      if (e.kind === 'literal-data') streamed += e.chunk.length;
    }
    maxHeld = Math.max(maxHeld, r.heldBytes);
  }
  r.push(b('\r\n'));
  const last = r.next();
  assert.equal(streamed, MAX_MESSAGE_BYTES);
  assert.ok(maxHeld < 1024, `held ${maxHeld}`);
  assert.deepEqual([...kinds], ['literal-start', 'literal-data', 'literal-end']);
  assert.ok(last?.kind === 'command');
  assert.ok(last.frame.parts[1]?.kind === 'literal' && last.frame.parts[1].streamed);
});

test('limit: an over-long raw line (AUTHENTICATE answer) is reported as raw', () => {
  const r = new CommandReceiver({ maxLineBytes: 50 });
  r.push(b('a AUTHENTICATE PLAIN\r\n'));
  assert.equal(r.next()?.kind, 'command');
  r.expectRawLine();
  r.push(b('A'.repeat(200) + '{5+}\r\nb NOOP\r\n'));
  assert.deepEqual(show([r.next()!, r.next()!]), ['overflow line undefined raw', 'command "b NOOP"']);
});
