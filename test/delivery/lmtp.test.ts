import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer } from '../helpers/server.js';
import { splitTrace, storedMessages } from '../helpers/store.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);

async function swaks(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('swaks', args, { timeout: 30_000 });
    return stdout;
  } catch (error) {
    // swaks exits non-zero when a recipient is refused; its transcript is still the output.
    return (error as { stdout?: string }).stdout ?? '';
  }
}

const MESSAGE = [
  'From: Bob <bob@example.com>',
  'To: Alice <alice@example.org>',
  'Subject: swaks LMTP test',
  'Message-ID: <swaks-lmtp@example.com>',
  '',
  'Hello Alice,',
  '.leading dot survives dot-stuffing',
  'Bye.',
].join('\r\n');

test('LMTP with swaks: per-recipient replies, one unknown recipient, exact bytes with trace headers', async (t) => {
  const ts = await startTestServer(t, ['lmtp']);
  await ts.addAccount('alice@example.org');
  await ts.addAccount('carol');
  const file = join(tempDir(t), 'message.eml');
  writeFileSync(file, MESSAGE);
  const out = await swaks([
    '--server', '127.0.0.1', '--port', String(ts.port('lmtp')), '--protocol', 'LMTP',
    '--from', 'bob@example.com', '--to', 'alice@example.org,nobody@example.org,carol@example.org',
    '--data', file, '--pipeline',
  ]);
  assert.match(out, /<\*\* 550 5\.1\.1 <nobody@example\.org> no such user here/);
  assert.match(out, /<- {2}250 2\.6\.0 <alice@example\.org> [0-9a-f]+ saved/);
  assert.match(out, /<- {2}250 2\.6\.0 <carol@example\.org> [0-9a-f]+ saved/);
  assert.match(out, /PIPELINING/);
  const store = ts.server.context.services.store;
  const [alice] = await storedMessages(store, 'alice@example.org');
  const [carol] = await storedMessages(store, 'carol');
  for (const stored of [alice!, carol!]) {
    const { trace, original } = splitTrace(stored);
    // swaks ends the data with CRLF before the final dot; that CRLF is the message's last line end.
    assert.equal(original.toString('utf8'), `${MESSAGE}\r\n`, 'the original bytes are kept exactly');
    assert.match(trace, /^Return-Path: <bob@example\.com>\r\nReceived: from [^\r\n]+ \(\[127\.0\.0\.1\]\)\r\n\tby mail\.test \(Mailkeep\) with LMTP id [0-9a-f]+;\r\n\t\w{3}, \d+ \w{3} \d{4} /);
  }
  // One blob for both recipients.
  const count = (ts.server.context.services.store as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db.prepare('SELECT count(*) AS n FROM blob').get().n;
  assert.equal(count, 1);
});

test('LMTP: recipient by local part alone, +detail into an existing folder, aliases, and the null sender', async (t) => {
  const ts = await startTestServer(t, ['lmtp'], { 'delivery.aliases': 'postmaster=alice;team@example.org=alice,bob' });
  const alice = await ts.addAccount('alice');
  await ts.addAccount('bob');
  const { createMailbox } = await import('../../src/services/mailboxes.js');
  await createMailbox(ts.server.context.services, alice, 'lists');
  const client = await LineClient.open(ts.port('lmtp'));
  assert.match((await client.reply()).join(), /^220 mail\.test LMTP Mailkeep ready/);
  client.send('LHLO client.test\r\n');
  const features = (await client.reply()).join('\n');
  for (const feature of ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', 'SIZE 52428800', 'STARTTLS']) assert.ok(features.includes(feature), feature);
  // Pipelined: everything at once (RFC 2920).
  client.send('MAIL FROM:<>\r\nRCPT TO:<alice>\r\nRCPT TO:<alice+lists@anything.test>\r\nRCPT TO:<alice+nofolder@x.test>\r\nRCPT TO:<postmaster>\r\nRCPT TO:<team@example.org>\r\nDATA\r\n');
  assert.deepEqual((await client.reply()).map((l) => l.slice(0, 9)), ['250 2.1.0']);
  for (let i = 0; i < 5; i++) assert.match((await client.reply())[0]!, /^250 2\.1\.5/);
  assert.match((await client.reply())[0]!, /^354/);
  client.send('Subject: routing\r\n\r\nbody\r\n.\r\n');
  const replies = [];
  for (let i = 0; i < 5; i++) replies.push((await client.reply())[0]!);
  assert.ok(replies.every((r) => r.startsWith('250 2.6.0')), replies.join('\n'));
  client.send('QUIT\r\n');
  await client.reply();
  const store = ts.server.context.services.store;
  // alice: INBOX gets alice, alice+nofolder, postmaster and team (one copy per mailbox).
  assert.equal((await storedMessages(store, 'alice')).length, 1);
  assert.equal((await storedMessages(store, 'alice', 'lists')).length, 1);
  assert.equal((await storedMessages(store, 'bob')).length, 1);
  assert.match(splitTrace((await storedMessages(store, 'bob'))[0]!).trace, /^Return-Path: <>\r\n/);
});

test('LMTP and SMTP with nodemailer: 8-bit and SMTPUTF8 mail arrive byte for byte', async (t) => {
  const ts = await startTestServer(t, ['lmtp', 'smtp'], { 'delivery.domains': 'example.org,b\u00fccher.example' });
  await ts.addAccount('alice@example.org');
  await ts.addAccount('j\u00f6rg@b\u00fccher.example');
  const raw = Buffer.from(
    'From: =?utf-8?q?J=C3=B6rg?= <sender@example.com>\r\nTo: alice@example.org\r\nSubject: Gr\u00fc\u00dfe \u2014 8-bit\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nSch\u00f6ne Gr\u00fc\u00dfe aus K\u00f6ln \u2615\r\n',
    'utf8',
  );
  for (const [port, lmtp] of [[ts.port('lmtp'), true], [ts.port('smtp'), false]] as const) {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, lmtp, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } });
    const info = await transport.sendMail({ envelope: { from: 'sender@example.com', to: ['alice@example.org'] }, raw });
    assert.deepEqual(info.accepted, ['alice@example.org']);
    const utf8 = await transport.sendMail({ envelope: { from: 's\u00e9nder@example.com', to: ['j\u00f6rg@b\u00fccher.example'] }, raw });
    assert.deepEqual(utf8.accepted, ['j\u00f6rg@b\u00fccher.example']);
    transport.close();
  }
  const store = ts.server.context.services.store;
  const stored = await storedMessages(store, 'alice@example.org');
  assert.equal(stored.length, 2);
  for (const message of stored) assert.deepEqual(splitTrace(message).original, raw);
  const utf8 = await storedMessages(store, 'j\u00f6rg@b\u00fccher.example');
  assert.equal(utf8.length, 2);
  assert.match(utf8[0]!.toString('utf8'), /^Return-Path: <s\u00e9nder@example\.com>/);
});

test('LMTP: a bare LF and a 10,000+ character line are stored exactly', async (t) => {
  const ts = await startTestServer(t, ['lmtp']);
  await ts.addAccount('alice');
  const long = 'x'.repeat(12_000);
  const bodies = [
    Buffer.from('Subject: bare LF\r\n\r\nline one\nline two with bare LF\r\nend\r\n'),
    Buffer.from(`Subject: long line\r\n\r\n${long}\r\nafter\r\n`),
  ];
  const client = await LineClient.open(ts.port('lmtp'));
  await client.reply();
  client.send('LHLO t\r\n');
  await client.reply();
  for (const body of bodies) {
    client.send('MAIL FROM:<a@b.c>\r\nRCPT TO:<alice>\r\nDATA\r\n');
    await client.reply();
    await client.reply();
    assert.match((await client.reply())[0]!, /^354/);
    client.send(Buffer.concat([body, Buffer.from('.\r\n')]));
    assert.match((await client.reply())[0]!, /^250 2\.6\.0/);
  }
  const stored = await storedMessages(ts.server.context.services.store, 'alice');
  assert.deepEqual(stored.map((s) => splitTrace(s).original), bodies);
});
