import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandReceiver, type ReceiverEvent } from '../../src/wire/index.js';
import { drive, show, split, type Hook } from './helpers.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Asks for a raw line after IDLE and AUTHENTICATE, as the session does. */
const sessionHook: Hook = (e, r) => {
  if (e.kind === 'command') {
    const text = e.frame.parts[0]?.kind === 'text' ? e.frame.parts[0].bytes.toString('latin1') : '';
    if (/^\S+ (IDLE|AUTHENTICATE PLAIN)$/i.test(text)) r.expectRawLine();
  }
  if (e.kind === 'raw-line' && e.line.toString() !== 'DONE' && e.line.toString() !== '*') {
    // a SASL exchange of two steps: after the first answer, ask for one more line
    if (e.line.toString() === 'c3RlcDE=') r.expectRawLine();
  }
};

const cases: Array<{ name: string; input: string; expect: string[]; options?: Parameters<typeof drive>[1] }> = [
  { name: 'one command', input: 'a1 NOOP\r\n', expect: ['command "a1 NOOP"'] },
  {
    name: 'pipelined commands',
    input: 'a1 NOOP\r\na2 CAPABILITY\r\n',
    expect: ['command "a1 NOOP"', 'command "a2 CAPABILITY"'],
  },
  { name: 'bare LF ends a line too', input: 'a1 NOOP\n', expect: ['command "a1 NOOP"'] },
  { name: 'empty line is an (empty) command', input: '\r\n', expect: ['command ""'] },
  {
    name: 'synchronising literal',
    input: 'a LOGIN {3}\r\nfoo bar\r\n',
    expect: ['continue a 3', 'command "a LOGIN " {3}"foo" " bar"'],
  },
  {
    name: 'RFC 7888 example: two non-synchronising literals',
    input: 'A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n',
    expect: ['command "A001 LOGIN " {11+}"FRED FOOBAR" " " {7+}"fat man" ""'],
  },
  {
    name: 'literal8',
    input: 'a APPEND x ~{3+}\r\na\0b\r\n',
    expect: ['command "a APPEND x " ~{3+}"a\\u0000b" ""'],
  },
  {
    name: 'zero-length literal',
    input: 'a LOGIN {0}\r\n {0+}\r\n\r\n',
    expect: ['continue a 0', 'command "a LOGIN " {0}"" " " {0+}"" ""'],
  },
  {
    name: 'a brace not at the end of the line is text',
    input: 'a SEARCH TEXT {5} x\r\n',
    expect: ['command "a SEARCH TEXT {5} x"'],
  },
  {
    name: 'literal bytes may contain CRLF and braces',
    input: 'a X {7+}\r\n{1}\r\n\r\n\r\n',
    expect: ['command "a X " {7+}"{1}\\r\\n\\r\\n" ""'],
  },
  {
    name: 'large literals stream',
    input: 'a APPEND x {20+}\r\n0123456789abcdefghij\r\n',
    options: { inlineLiteralMaxBytes: 8 },
    expect: ['literal-start a 20 streamed', 'data 20', 'literal-end 0', 'command "a APPEND x " {20+}<streamed> ""'],
  },
  {
    name: 'MULTIAPPEND: a streamed and an inline literal',
    input: 'a APPEND x {10}\r\n0123456789 (\\Seen) {2+}\r\nab\r\n',
    options: { inlineLiteralMaxBytes: 8 },
    expect: [
      'continue a 10 streamed',
      'literal-start a 10 streamed',
      'data 10',
      'literal-end 0',
      'command "a APPEND x " {10}<streamed> " (\\\\Seen) " {2+}"ab" ""',
    ],
  },
  {
    name: 'IDLE then DONE pipelined',
    input: 'a IDLE\r\nDONE\r\nb NOOP\r\n',
    expect: ['command "a IDLE"', 'raw "DONE"', 'command "b NOOP"'],
  },
  {
    name: 'AUTHENTICATE with two continuation lines',
    input: 'a AUTHENTICATE PLAIN\r\nc3RlcDE=\r\nc3RlcDI=\r\nb NOOP\r\n',
    expect: ['command "a AUTHENTICATE PLAIN"', 'raw "c3RlcDE="', 'raw "c3RlcDI="', 'command "b NOOP"'],
  },
  {
    name: 'a raw line is never scanned for literals',
    input: 'a IDLE\r\n{5}\r\nb NOOP\r\n',
    expect: ['command "a IDLE"', 'raw "{5}"', 'command "b NOOP"'],
  },
];

for (const c of cases) {
  test(`receiver: ${c.name}`, () => {
    const { events } = drive([b(c.input)], c.options, sessionHook);
    assert.deepEqual(show(events), c.expect);
  });
}

test('receiver: every splitting gives the same events (Dovecot test-imap-parser style)', () => {
  for (const c of cases) {
    const input = b(c.input);
    const whole = drive(split(input, 'whole'), c.options, sessionHook).events;
    const bytes = drive(split(input, 'bytes'), c.options, sessionHook).events;
    assert.deepEqual(normalize(bytes), normalize(whole), `${c.name}: byte by byte`);
    for (let seed = 1; seed <= 25; seed++) {
      const random = drive(split(input, seed), c.options, sessionHook).events;
      assert.deepEqual(normalize(random), normalize(whole), `${c.name}: seed ${seed}`);
    }
  }
});

test('receiver: all cases concatenated, split at random, equal the whole', () => {
  const input = b(cases.filter((c) => !c.options).map((c) => c.input).join(''));
  const whole = normalize(drive([input], {}, sessionHook).events);
  for (let seed = 100; seed < 140; seed++) {
    assert.deepEqual(normalize(drive(split(input, seed), {}, sessionHook).events), whole, `seed ${seed}`);
  }
});

/** Events compared by content; frames' Buffers compare by bytes under deepEqual. */
function normalize(events: readonly ReceiverEvent[]): unknown[] {
  return events.map((e) => (e.kind === 'literal-data' ? { kind: e.kind, chunk: e.chunk.toString('latin1') } : e));
}

test('receiver: tags are read for every event that needs one', () => {
  const { events } = drive([b('x.1 APPEND box {3}\r\n')]);
  assert.equal(events[0]?.kind, 'continue');
  assert.equal(events[0]?.kind === 'continue' ? events[0].tag : '', 'x.1');
  const bad = drive([b('+a NOOP\r\n* NOOP\r\n(x) NOOP\r\n')]).events;
  assert.deepEqual(
    bad.map((e) => (e.kind === 'command' ? e.frame.tag : 'other')),
    [undefined, undefined, undefined],
  );
});

test('receiver: rejectLiteral skips the literal the client will not send', () => {
  const hook: Hook = (e, r) => {
    if (e.kind === 'continue') r.rejectLiteral();
  };
  const { events } = drive([b('a APPEND nobox {5}\r\nb NOOP\r\n')], {}, hook);
  assert.deepEqual(show(events), ['continue a 5', 'command "b NOOP"']);
});

test('receiver: the continue head shows the command so far', () => {
  const { events } = drive([b('a LOGIN {3+}\r\nfoo x{3}\r\n')]);
  const cont = events.find((e) => e.kind === 'continue');
  assert.ok(cont && cont.kind === 'continue');
  assert.equal(cont.literal.index, 1);
  assert.deepEqual(
    cont.head.parts.map((p) => (p.kind === 'text' ? p.bytes.toString() : `{${p.size}}`)),
    ['a LOGIN ', '{3}', ' x'],
  );
});

test('receiver: expectRawLine in the middle of a command is a programming error', () => {
  const { receiver } = drive([b('a LOGIN {3}\r\n')]);
  assert.throws(() => receiver.expectRawLine(), /middle of a command/);
  assert.throws(() => drive([b('a NOOP\r\n')]).receiver.rejectLiteral(), /without a pending continue/);
});

test('receiver: streamed literal data are views of the input, not copies', () => {
  const input = b('a APPEND x {100+}\r\n' + 'z'.repeat(100) + '\r\n');
  const r = new CommandReceiver({ inlineLiteralMaxBytes: 10 });
  r.push(input);
  const kinds: string[] = [];
  for (let e = r.next(); e; e = r.next()) {
    kinds.push(e.kind);
    if (e.kind === 'literal-data') assert.equal(e.chunk.buffer, input.buffer);
  }
  assert.deepEqual(kinds, ['literal-start', 'literal-data', 'literal-end', 'command']);
});

test('receiver: several pushes before any pull give the same events', () => {
  for (const c of cases) {
    const r = new CommandReceiver(c.options);
    for (const piece of split(b(c.input), 'bytes')) r.push(piece);
    const events: ReceiverEvent[] = [];
    for (let e = r.next(); e; e = r.next()) {
      const last = events[events.length - 1];
      if (e.kind === 'literal-data' && last?.kind === 'literal-data') {
        events[events.length - 1] = { kind: 'literal-data', chunk: Buffer.concat([last.chunk, e.chunk]) };
      } else events.push(e);
      sessionHook(e, r);
    }
    assert.deepEqual(show(events), c.expect, c.name);
    assert.equal(r.pendingInputBytes, 0);
  }
});
