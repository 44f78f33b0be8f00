import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readMbox } from '../../src/formats/mbox-reader.js';
import { MboxParser } from '../../src/formats/mbox-parser.js';
import type { ImportItem, ReadProgress } from '../../src/formats/types.js';
import { collect, fixture, messagesOf, problemsOf, tempDir } from './helpers.js';

/** "label: message n at line l (byte b)" for the From_ line starting with `fromLine`. */
function positionOf(file: Buffer, label: string, n: number, fromLine: string): string {
  const offset = file.indexOf(fromLine);
  assert.ok(offset >= 0, `fixture has ${fromLine}`);
  let line = 1;
  for (let i = 0; i < offset; i++) if (file[i] === 0x0a) line++;
  return `${label}: message ${n} at line ${line} (byte ${offset})`;
}

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

test('mbox: a mutt mboxo file (Status, X-Status, Content-Length, a missing blank line)', async () => {
  const path = fixture('mutt.mbox');
  const file = await readFile(path);
  const items = await collect(readMbox(path, { variant: 'mboxo', label: 'mutt.mbox' }));
  assert.deepEqual(problemsOf(items), []);
  const [m1, m2, m3, m4, ...rest] = messagesOf(items);
  assert.equal(rest.length, 0);

  assert.equal(m1!.position, positionOf(file, 'mutt.mbox', 1, 'From alice@'));
  assert.deepEqual(m1!.flags, ['\\Seen', '\\Answered']);
  assert.deepEqual(m1!.internalDate, new Date('2024-01-08T09:15:02Z'));
  assert.equal(
    m1!.bytes.toString('latin1'),
    crlf(
      'Return-Path: <alice@example.org>\nReceived: from mx.example.org by mail.example.com; Mon, 8 Jan 2024 10:15:02 +0100\n' +
        'From: Alice <alice@example.org>\nTo: bob@example.com\nSubject: Lunch?\nDate: Mon, 08 Jan 2024 10:15:00 +0100\n' +
        'Message-ID: <lunch-1@example.org>\nLines: 2\n\nShall we have lunch on Friday?\n>From what I hear the new place is good.\n',
    ),
  );

  assert.equal(m2!.position, positionOf(file, 'mutt.mbox', 2, 'From bob@'));
  assert.deepEqual(m2!.flags, ['\\Flagged']);
  // mboxo: quoted lines stay quoted; an unquoted "From " not after a blank line is content.
  assert.ok(m2!.bytes.toString('latin1').endsWith(crlf('Yes!\n\n>>From the menu: soup.\nFrom here on it is all good, as far as I know.\n')));

  assert.equal(m3!.position, positionOf(file, 'mutt.mbox', 3, 'From carol@'));
  assert.deepEqual(m3!.flags, ['\\Seen']);
  assert.ok(m3!.bytes.toString('latin1').endsWith(crlf('\nA message whose separator has no blank line.\n')));

  assert.equal(m4!.position, positionOf(file, 'mutt.mbox', 4, 'From dave@'));
  assert.deepEqual(m4!.flags, []);
  assert.deepEqual(m4!.internalDate, new Date('2024-01-11T22:59:59Z'), 'zone after the year');
  assert.ok(m4!.bytes.equals(Buffer.from(crlf('From: dave@example.net\nTo: bob@example.com\nSubject: =?UTF-8?Q?Caf=C3=A9?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\nCaf\xe9 cr\xe8me.\n'), 'latin1')));
});

test('mbox: mboxrd (the default) removes one level of From quoting, mboxo none', async () => {
  const path = fixture('mutt.mbox');
  const [m1, m2] = messagesOf(await collect(readMbox(path)));
  assert.ok(m1!.bytes.toString('latin1').endsWith(crlf('Friday?\nFrom what I hear the new place is good.\n')));
  assert.ok(m2!.bytes.toString('latin1').includes(crlf('\n>From the menu: soup.\n')));
});

test('mbox: broken messages are reported one by one, with positions, and the good ones kept', async (t) => {
  const dir = await tempDir(t);
  const from = (n: number): string => `From sender${n}@example.org Mon Jan  1 00:00:0${n} 2024\n`;
  const junk = Buffer.from([0x00, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x0a]);
  const parts: Array<string | Buffer> = [
    from(1), 'Subject: good 1\n\nbody 1\n\n',
    from(2), junk, Buffer.from('more junk\n\n'),
    from(3), '\n',
    from(4), 'Subject: good 2\n\nbody 2\n\n',
    from(5), '\nno header at all\n\n',
    from(6), 'Subject: too big\n\n', 'z'.repeat(2000), '\n\n',
    from(7), 'Status: RO\n\n',
    from(8), 'Subject: good 3\n\nlast, without a blank line after\n',
  ];
  const file = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
  const path = join(dir, 'broken.mbox');
  await writeFile(path, file);

  const items = await collect(readMbox(path, { maxMessageBytes: 1000, label: 'broken.mbox' }));
  const good = messagesOf(items);
  assert.deepEqual(
    good.map((m) => m.bytes.toString('latin1')),
    [crlf('Subject: good 1\n\nbody 1\n'), crlf('Subject: good 2\n\nbody 2\n'), crlf('Subject: good 3\n\nlast, without a blank line after\n')],
  );
  assert.deepEqual(
    good.map((m) => m.position),
    [1, 4, 8].map((n) => positionOf(file, 'broken.mbox', n, from(n))),
  );
  const problems = problemsOf(items);
  assert.deepEqual(
    problems.map((p) => p.position),
    [2, 3, 5, 6, 7].map((n) => positionOf(file, 'broken.mbox', n, from(n))),
  );
  assert.match(problems[0]!.reason, /does not start with a header field/);
  assert.match(problems[1]!.reason, /empty message/);
  assert.match(problems[2]!.reason, /starts with a blank line/);
  assert.match(problems[3]!.reason, /over the limit of 1000 bytes/);
  assert.match(problems[4]!.reason, /empty message/, 'only mbox metadata');
  // Nothing else: items come in file order, one per From_ line.
  assert.equal(items.length, 8);
  assert.deepEqual(
    items.map((i) => i.kind),
    ['message', 'problem', 'problem', 'message', 'problem', 'problem', 'problem', 'message'],
  );
});

test('mbox: text before the first From_ line is reported; a file with none is not an mbox', async () => {
  const items = await collect(readMbox([Buffer.from('garbage\nmore\nFrom a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\ny\n')], { label: 'f' }));
  assert.equal(items.length, 2);
  assert.deepEqual(items[0], { kind: 'problem', position: 'f: line 1 (byte 0)', reason: '13 bytes before the first From_ line are not an mbox message (first line: "garbage")' });
  assert.equal(items[1]!.kind, 'message');
  assert.equal(items[1]!.position, 'f: message 1 at line 3 (byte 13)');

  const notMbox = await collect(readMbox([Buffer.from('Subject: an .eml file\n\nhello\n')], { label: 'x.eml' }));
  assert.deepEqual(notMbox, [{ kind: 'problem', position: 'x.eml: line 1 (byte 0)', reason: 'not an mbox file: no From_ line (starts with "Subject: an .eml file")' }]);

  assert.deepEqual(await collect(readMbox([Buffer.alloc(0)])), [], 'an empty file is an empty folder');
  assert.deepEqual(await collect(readMbox([Buffer.from('\n\n')])), [], 'so is one of blank lines');
});

test('mbox: From_ lines: what separates and what does not', async () => {
  const text =
    'From a@x Mon Jan  1 00:00:00 2024\nSubject: 1\n\n' +
    'From the desk of nobody, after a blank line but without a date\nstill message 1\n\n' +
    'From no date after a blank line\nX-Looks: like a header, so this is a new message\n\n' +
    'From c@x Tue Jan  2 00:00:00 2024\nSubject: 3\n' +
    'From d@x Wed Jan  3 00:00:00 2024\nnot a header, so still message 3\n' +
    'From e@x Thu Jan  4 00:00:00 2024\nSubject: 4 (mboxo without blank line)\n';
  const messages = messagesOf(await collect(readMbox([Buffer.from(text)])));
  assert.deepEqual(
    messages.map((m) => m.bytes.toString('latin1')),
    [
      crlf('Subject: 1\n\nFrom the desk of nobody, after a blank line but without a date\nstill message 1\n'),
      crlf('X-Looks: like a header, so this is a new message\n'),
      crlf('Subject: 3\nFrom d@x Wed Jan  3 00:00:00 2024\nnot a header, so still message 3\n'),
      crlf('Subject: 4 (mboxo without blank line)\n'),
    ],
  );
  assert.deepEqual(messages.map((m) => m.internalDate?.toISOString() ?? null), ['2024-01-01T00:00:00.000Z', null, '2024-01-02T00:00:00.000Z', '2024-01-04T00:00:00.000Z']);
});

test('mbox: flags from Status, X-Status, X-Keywords and X-Mozilla-Status; metadata removed', async () => {
  const text =
    'From a@x Mon Jan  1 00:00:00 2024\nSubject: 1\nStatus: RO\nX-Status: ADFT\nX-Keywords: $Forwarded, Work  junk,work\nX-UID: 17\nX-IMAPbase: 1 2\nX-IMAP: 1 2\n\nb\n\n' +
    'From a@x Mon Jan  1 00:00:00 2024\nX-Mozilla-Status: 000f\nX-Mozilla-Status2: 00000000\nX-Mozilla-Keys: $label1\nSubject: 2\n\nb\n\n' +
    'From a@x Mon Jan  1 00:00:00 2024\nStatus: O\nX-Mozilla-Status: 0001\nSubject: 3\nX-Keywords: folded\n  on two lines\n\nb\n';
  const messages = messagesOf(await collect(readMbox([Buffer.from(text)])));
  assert.deepEqual(
    messages.map((m) => [m.flags, m.keywords]),
    [
      [['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'], ['$Forwarded', 'Work', 'junk']],
      [['\\Seen', '\\Answered', '\\Flagged', '\\Deleted'], ['$label1']],
      [[], ['folded', 'on', 'two', 'lines']],
    ],
  );
  assert.deepEqual(
    messages.map((m) => m.bytes.toString()),
    [crlf('Subject: 1\n\nb\n'), crlf('Subject: 2\n\nb\n'), crlf('Subject: 3\n\nb\n')],
  );
});

test('mbox: envelope dates in the forms found in the wild', async () => {
  const dates: Array<[string, string | null]> = [
    ['Mon Jan  1 00:00:00 2024', '2024-01-01T00:00:00Z'],
    ['Mon Jan 01 13:14:15 2024', '2024-01-01T13:14:15Z'],
    ['Mon Jan  1 13:14 2024', '2024-01-01T13:14:00Z'],
    ['Mon Jan  1 13:14:15 2024 -0500', '2024-01-01T18:14:15Z'],
    ['Mon Jan  1 13:14:15 +0200 2024', '2024-01-01T11:14:15Z'],
    ['Mon Jan  1 13:14:15 PST 2024', '2024-01-01T21:14:15Z'],
    ['Mon, 1 Jan 2024 13:14:15 +0000', '2024-01-01T13:14:15Z'],
    ['Mon Jan  1 13:14:15 2024 remote from uucphost', '2024-01-01T13:14:15Z'],
    ['yesterday', null],
  ];
  const text = dates.map(([d], i) => `From x@y ${d}\nSubject: ${i}\n\n`).join('');
  const messages = messagesOf(await collect(readMbox([Buffer.from(text)])));
  assert.deepEqual(
    messages.map((m) => m.internalDate?.getTime() ?? null),
    dates.map(([, iso]) => (iso === null ? null : new Date(iso).getTime())),
  );
});

test('mbox: CRLF files (Thunderbird on Windows) read the same as LF files', async () => {
  const lf = 'From a@x Mon Jan  1 00:00:00 2024\nSubject: 1\n\nb\n>From q\n\nFrom a@x Mon Jan  1 00:00:00 2024\nSubject: 2\n\nc\n\n';
  const fromLf = messagesOf(await collect(readMbox([Buffer.from(lf)])));
  const fromCrlf = messagesOf(await collect(readMbox([Buffer.from(crlf(lf))])));
  assert.equal(fromCrlf.length, 2);
  assert.deepEqual(fromCrlf.map((m) => m.bytes), fromLf.map((m) => m.bytes));
});

test('mbox: the result does not depend on how the input is cut into chunks', async () => {
  const file = await readFile(fixture('mutt.mbox'));
  const whole = await collect(readMbox([file]));
  const strip = (items: ImportItem[]): unknown => items.map((i) => (i.kind === 'message' ? [i.bytes.toString('latin1'), i.flags, i.position] : i));
  for (const size of [1, 2, 3, 7, 64, 1000]) {
    const chunks: Buffer[] = [];
    for (let at = 0; at < file.length; at += size) chunks.push(file.subarray(at, at + size));
    assert.deepEqual(strip(await collect(readMbox(Readable.from(chunks)))), strip(whole), `chunks of ${size}`);
  }
});

test('mbox: progress reports bytes read against the file size', async () => {
  const path = fixture('mutt.mbox');
  const size = (await readFile(path)).length;
  const seen: ReadProgress[] = [];
  await collect(readMbox(path, { progress: (p) => seen.push(p) }));
  assert.ok(seen.length >= 1);
  assert.deepEqual(seen[seen.length - 1], { bytesRead: size, totalBytes: size });
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.bytesRead >= seen[i - 1]!.bytesRead);
});

/** 64 KiB chunks, each a fresh Buffer, of one message of `bodyBytes`, then a small message. */
function* hugeMbox(bodyBytes: number, line: boolean): Generator<Buffer> {
  yield Buffer.from('From big@x Mon Jan  1 00:00:00 2024\nSubject: huge\n\n');
  const chunk = 64 * 1024;
  for (let sent = 0; sent < bodyBytes; sent += chunk) {
    const b = Buffer.alloc(chunk, 'a');
    if (line) for (let i = 76; i < chunk; i += 77) b[i] = 0x0a;
    yield b;
  }
  yield Buffer.from('\n\nFrom small@x Mon Jan  1 00:00:01 2024\nSubject: after\n\nok\n');
}

test('mbox: a message over the limit is skipped without being held in memory', async () => {
  const limit = 256 * 1024;
  for (const line of [true, false]) {
    // The parser itself: what it holds never grows past the limit plus one line piece.
    const parser = new MboxParser({ variant: 'mboxrd', maxMessageBytes: limit, folder: 'INBOX', label: 'huge' });
    const out: ImportItem[] = [];
    for (const chunk of hugeMbox(32 * 1024 * 1024, line)) {
      parser.push(chunk);
      out.push(...parser.take());
    }
    parser.end();
    out.push(...parser.take());
    assert.ok(parser.peakBufferedBytes <= limit + 64 * 1024, `peak ${parser.peakBufferedBytes} (lines: ${line})`);
    assert.equal(out.length, 2);
    assert.equal(out[0]!.kind, 'problem');
    assert.match((out[0] as { reason: string }).reason, /^message is \d+ bytes, over the limit of 262144 bytes$/);
    assert.equal(out[1]!.kind, 'message');
  }
  // And through the streaming reader.
  const items = await collect(readMbox(Readable.from(hugeMbox(8 * 1024 * 1024, true)), { maxMessageBytes: limit, label: 'huge' }));
  assert.deepEqual(items.map((i) => i.kind), ['problem', 'message']);
  assert.equal(items[0]!.position, 'huge: message 1 at line 1 (byte 0)');
});

test('mbox: the size limit is exact', async () => {
  const message = 'Subject: x\r\n\r\n' + 'y'.repeat(86) + '\r\n'; // 102 bytes as CRLF
  const text = `From a@x Mon Jan  1 00:00:00 2024\n${message.replace(/\r\n/g, '\n')}`;
  assert.equal(messagesOf(await collect(readMbox([Buffer.from(text)], { maxMessageBytes: 102 }))).length, 1);
  const over = await collect(readMbox([Buffer.from(text)], { maxMessageBytes: 101 }));
  assert.deepEqual(over.map((i) => i.kind), ['problem']);
});
