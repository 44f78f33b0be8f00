import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readMbox } from '../../src/formats/mbox-reader.js';
import { MboxWriter } from '../../src/formats/mbox-writer.js';
import { assertSameMessage, awkwardMessages, collect, messagesOf, problemsOf, tempDir } from './helpers.js';

test('mbox: write then read gives back the same bytes, flags, keywords and dates', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'out.mbox');
  const samples = awkwardMessages();
  const writer = await MboxWriter.create(path);
  for (const sample of samples) await writer.write(sample);
  await writer.close();

  const items = await collect(readMbox(path));
  assert.deepEqual(problemsOf(items), []);
  const messages = messagesOf(items);
  assert.equal(messages.length, samples.length);
  samples.forEach((sample, i) => assertSameMessage(messages[i]!, sample, 'mbox'));
  assert.ok(messages.every((m) => m.folder === 'INBOX'));

  // Reading and writing again gives the very same file.
  const again = join(dir, 'again.mbox');
  const writer2 = await MboxWriter.create(again);
  for (const message of messages) await writer2.write(message);
  await writer2.close();
  assert.ok((await readFile(again)).equals(await readFile(path)));
});

test('mbox: the file is mboxrd with LF line ends, From_ lines and metadata headers', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'out.mbox');
  const writer = await MboxWriter.create(path);
  const [first, quoting] = awkwardMessages();
  await writer.write(first!);
  await writer.write({ ...quoting!, bytes: Buffer.from('Status: RO\r\nX-Keywords: stale\r\nContent-Length: 3\r\nSubject: q\r\n\r\nFrom here\r\n>From there\r\n') });
  await writer.close();
  const text = (await readFile(path)).toString('latin1');
  assert.equal(
    text,
    'From alice@example.org Tue Jan  2 03:04:05 2024\n' +
      'Return-Path: <alice@example.org>\nFrom: alice@example.org\nSubject: hello\n' +
      'Status: RO\nX-Keywords: $Forwarded Work\n\nHi Bob.\n\n' +
      'From MAILER-DAEMON Sun Dec 31 23:59:59 2023\n' +
      'Subject: q\nStatus: O\nX-Status: AFTD\n\n>From here\n>>From there\n\n',
  );
  assert.ok(!text.includes('\r'));
});

test('mbox: a message without a date gets the time of the export', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'out.mbox');
  const writer = await MboxWriter.create(path);
  const before = Math.floor(Date.now() / 1000);
  await writer.write({ bytes: Buffer.from('Subject: x\r\n\r\ny\r\n'), flags: [], keywords: [], internalDate: null });
  await writer.close();
  const [message] = messagesOf(await collect(readMbox(path)));
  const when = Math.floor(message!.internalDate!.getTime() / 1000);
  assert.ok(when >= before && when <= Math.ceil(Date.now() / 1000));
});

test('mbox: the writer refuses to overwrite a file unless told to', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'out.mbox');
  await (await MboxWriter.create(path)).close();
  await assert.rejects(MboxWriter.create(path), { code: 'EEXIST' });
  await (await MboxWriter.create(path, { overwrite: true })).close();
});

test('mbox: the writer waits for a slow stream (back-pressure)', async () => {
  const { Writable } = await import('node:stream');
  let drains = 0;
  const chunks: Buffer[] = [];
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  slow.on('drain', () => drains++);
  const writer = new MboxWriter(slow);
  const body = 'y'.repeat(70) + '\r\n';
  for (let i = 0; i < 20; i++) {
    await writer.write({ bytes: Buffer.from(`Subject: ${i}\r\n\r\n${body.repeat(100)}`), flags: [], keywords: [], internalDate: new Date(0) });
    assert.ok(slow.writableLength <= 1024 * 1024 + 1024, 'never more than one write chunk queued');
  }
  await writer.close();
  assert.ok(drains > 0);
  const messages = messagesOf(await collect(readMbox([Buffer.concat(chunks)])));
  assert.equal(messages.length, 20);
  assert.equal(writer.messagesWritten, 20);
  assert.equal(writer.bytesWritten, Buffer.concat(chunks).length);
});
