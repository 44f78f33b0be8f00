import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer } from '../helpers/server.js';
import { splitTrace, storedMessages } from '../helpers/store.js';

const run = promisify(execFile);

async function swaks(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('swaks', args, { timeout: 30_000 });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, out: e.stdout ?? '' };
  }
}

test('SMTP with swaks: local recipients only, never a relay; STARTTLS; trace headers', async (t) => {
  const ts = await startTestServer(t, ['smtp'], { 'delivery.domains': 'example.org' });
  await ts.addAccount('alice@example.org');
  const port = String(ts.port('smtp'));
  const ok = await swaks(['--server', '127.0.0.1', '--port', port, '--tls', '--from', 'x@remote.test', '--to', 'alice@example.org', '--body', 'over TLS']);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /<- {2}220 .*Ready to start TLS/i);
  assert.match(ok.out, /TLS started/);
  assert.match(ok.out, /<~ {2}250 2\.6\.0 /);
  const relay = await swaks(['--server', '127.0.0.1', '--port', port, '--from', 'x@remote.test', '--to', 'victim@elsewhere.test']);
  assert.match(relay.out, /<\*\* 550 5\.1\.1 <victim@elsewhere\.test> not a local domain, relaying denied/);
  const unknown = await swaks(['--server', '127.0.0.1', '--port', port, '--from', 'x@remote.test', '--to', 'nobody@example.org']);
  assert.match(unknown.out, /<\*\* 550 5\.1\.1 <nobody@example\.org> no such user here/);
  const stored = await storedMessages(ts.server.context.services.store, 'alice@example.org');
  assert.equal(stored.length, 1);
  assert.match(splitTrace(stored[0]!).trace, /with ESMTPS id [0-9a-f]+\r\n\tfor <alice@example\.org>;/);
});

test('SMTP and LMTP: SIZE is advertised and enforced; quota answers 452 4.2.2; nothing half-delivered', async (t) => {
  const ts = await startTestServer(t, ['smtp', 'lmtp'], { 'limits.max_message_bytes': '2048' });
  const alice = await ts.addAccount('alice');
  await ts.addAccount('bob');
  const { store } = ts.server.context.services;
  await store.updateAccount(alice.id, { quota: { maxBytes: null, maxMessages: 1 } });
  const smtp = await LineClient.open(ts.port('smtp'));
  await smtp.reply();
  smtp.send('EHLO client.test\r\n');
  assert.ok((await smtp.reply()).some((l) => l === '250 SIZE 2048' || l === '250-SIZE 2048'));
  smtp.send('MAIL FROM:<x@y.test> SIZE=5000\r\n');
  assert.match((await smtp.reply())[0]!, /^552 5\.3\.4 /);
  smtp.send('MAIL FROM:<x@y.test>\r\nRCPT TO:<alice@mail.test>\r\nDATA\r\n');
  await smtp.reply();
  await smtp.reply();
  await smtp.reply();
  smtp.send(`Subject: big\r\n\r\n${'y'.repeat(3000)}\r\n.\r\n`);
  assert.match((await smtp.reply())[0]!, /^552 /);
  // Fill alice's one-message quota, then SMTP refuses her at RCPT time.
  smtp.send('MAIL FROM:<x@y.test>\r\nRCPT TO:<alice@mail.test>\r\nDATA\r\n');
  await smtp.reply();
  await smtp.reply();
  await smtp.reply();
  smtp.send('Subject: fits\r\n\r\nsmall\r\n.\r\n');
  assert.match((await smtp.reply())[0]!, /^250 /);
  smtp.send('MAIL FROM:<x@y.test>\r\nRCPT TO:<alice@mail.test>\r\n');
  await smtp.reply();
  assert.equal((await smtp.reply())[0], '452 4.2.2 <alice@mail.test> mailbox is full');
  smtp.send('QUIT\r\n');
  // LMTP answers per recipient after DATA: bob gets it, alice is full.
  const lmtp = await LineClient.open(ts.port('lmtp'));
  await lmtp.reply();
  lmtp.send('LHLO t\r\nMAIL FROM:<x@y.test>\r\nRCPT TO:<alice>\r\nRCPT TO:<bob>\r\nDATA\r\n');
  for (let i = 0; i < 5; i++) await lmtp.reply();
  lmtp.send('Subject: per recipient\r\n\r\nhi\r\n.\r\n');
  assert.equal((await lmtp.reply())[0], '452 4.2.2 <alice> mailbox is full');
  assert.match((await lmtp.reply())[0]!, /^250 2\.6\.0 <bob> /);
  lmtp.send('QUIT\r\n');
  assert.equal((await storedMessages(store, 'alice')).length, 1);
  assert.equal((await storedMessages(store, 'bob')).length, 1);
  const report = await store.check({ repair: false });
  assert.deepEqual(report.problems, []);
});

test('bad input: unknown commands, DATA without RCPT, a client stalled mid-DATA', async (t) => {
  const ts = await startTestServer(t, ['lmtp'], { 'delivery.timeout_s': '1' });
  await ts.addAccount('alice');
  const client = await LineClient.open(ts.port('lmtp'));
  await client.reply();
  client.send('FROB nicate\r\n');
  assert.match((await client.reply())[0]!, /^500 5\.5\.2 /);
  client.send('HELO x\r\n');
  assert.match((await client.reply())[0]!, /^500 .*not allowed in LMTP/);
  client.send('LHLO t\r\nMAIL FROM:<x@y.test>\r\nDATA\r\n');
  await client.reply();
  await client.reply();
  assert.match((await client.reply())[0]!, /^503 5\.5\.1 .*RCPT/);
  client.send('RCPT TO:<alice>\r\nDATA\r\n');
  await client.reply();
  assert.match((await client.reply())[0]!, /^354/);
  client.send('Subject: stalled\r\n\r\nhalf a message');
  // The server gives up on the silent client; nothing of the half message is stored.
  const lines: string[] = [];
  for (let line = await client.line(5000); line !== null; line = await client.line(5000)) lines.push(line);
  assert.ok(client.closed);
  assert.ok(lines.some((l) => /^421 /.test(l)), lines.join('\n'));
  assert.equal((await storedMessages(ts.server.context.services.store, 'alice')).length, 0);
  const report = await ts.server.context.services.store.check({ repair: false });
  assert.deepEqual(report.problems, []);
});

test('1,000 concurrent connection attempts: the limit answers 421 and the server stays up', async (t) => {
  const ts = await startTestServer(t, ['lmtp'], { 'limits.max_connections': '100', 'limits.max_connections_per_ip': '100000' });
  await ts.addAccount('alice');
  const clients = await Promise.all(Array.from({ length: 1000 }, () => LineClient.open(ts.port('lmtp'))));
  const greetings = await Promise.all(clients.map((c) => c.line(15_000)));
  const refused = greetings.filter((g) => g?.startsWith('421 4.7.0')).length;
  const welcomed = greetings.filter((g) => g?.startsWith('220 ')).length;
  assert.equal(welcomed, 100);
  assert.equal(refused, 900);
  for (const c of clients) c.close();
  // Still serving.
  await new Promise((r) => setTimeout(r, 200));
  const client = await LineClient.open(ts.port('lmtp'));
  assert.match((await client.reply())[0]!, /^220 /);
  client.send('LHLO t\r\nMAIL FROM:<>\r\nRCPT TO:<alice>\r\nDATA\r\n');
  for (let i = 0; i < 4; i++) await client.reply();
  client.send('Subject: after the storm\r\n\r\nok\r\n.\r\n');
  assert.match((await client.reply())[0]!, /^250 /);
  client.close();
});
