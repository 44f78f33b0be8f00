/**
 * The server as a child process (`mailkeep serve`), watched from outside: a client that never
 * reads while fetching a large message must not make it buffer without limit (VmRSS); a
 * thousand connections that open and stall do not stop it serving others and are dropped at
 * the login timeout with a BYE; SIGTERM sends BYE to every session and exits 0.
 */

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ImapTestClient } from './client.js';
import { spawnNode, startImapProcess, type ImapProcess } from './process.js';

async function login(server: ImapProcess): Promise<ImapTestClient> {
  const client = await ImapTestClient.open(server.port);
  await client.line(20_000);
  await client.ok('LOGIN alice secret', { timeoutMs: 20_000 });
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a client that never reads its FETCH responses does not make the server buffer them', async (t) => {
  const server = await startImapProcess(t);
  const writer = await login(server);
  // A 16 MB message.
  const body = Buffer.alloc(16 * 1024 * 1024, 'All work and no play makes Jack a dull boy.\r\n');
  const head = Buffer.from('Subject: big\r\n\r\n');
  writer.send(`a APPEND INBOX {${head.length + body.length}+}\r\n`);
  writer.send(head);
  writer.send(body);
  writer.send('\r\n');
  const appended = await writer.until('a', { timeoutMs: 60_000 });
  assert.equal(appended.status, 'OK', appended.tagged);
  writer.close();

  const reader = await login(server);
  await reader.ok('SELECT INBOX');
  await sleep(300);
  const baseline = server.rss();
  // Thirty full fetches pipelined (480 MB of responses), and the client stops reading.
  reader.socket.pause();
  const pipelined = Array.from({ length: 30 }, (_, i) => `f${i} FETCH 1 BODY.PEEK[]\r\n`).join('');
  reader.socket.write(pipelined);
  let peak = baseline;
  for (let i = 0; i < 16; i++) {
    await sleep(250);
    peak = Math.max(peak, server.rss());
  }
  assert.ok(peak - baseline < 96 * 1024 * 1024, `server RSS grew by ${Math.round((peak - baseline) / 1048576)} MB`);

  // Meanwhile other sessions are served.
  const other = await login(server);
  await other.ok('EXAMINE INBOX');
  const header = await other.ok('FETCH 1 (BODY.PEEK[HEADER] RFC822.SIZE)');
  assert.match(header[0]!, new RegExp(`RFC822\\.SIZE ${head.length + body.length}`));
  other.close();
  reader.close();
});

test('1,000 connections that open and stall: others are served, the stalled ones get BYE at the login timeout', async (t) => {
  const server = await startImapProcess(t, { 'limits.login_timeout_s': '3', 'limits.max_connections_per_ip': '5000' });
  const script = fileURLToPath(new URL('./stall-clients.js', import.meta.url));
  const stallers = spawnNode([script, String(server.port), '1000', '60000']);
  let reports = '';
  const lines: Record<string, unknown>[] = [];
  const next = (kind: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = lines.find((l) => l.kind === kind || l.kind === 'deadline');
        if (found) resolve(found);
      };
      stallers.stdout!.on('data', (d: Buffer) => {
        reports += d.toString();
        for (const line of reports.split('\n').slice(0, -1)) lines.push(JSON.parse(line) as Record<string, unknown>);
        reports = reports.slice(reports.lastIndexOf('\n') + 1);
        check();
      });
      stallers.once('exit', () => setTimeout(() => (lines.length ? check() : reject(new Error('stallers exited'))), 10));
      check();
    });
  t.after(() => {
    stallers.kill('SIGKILL');
  });
  const opened = await next('open');
  assert.equal(opened.greeted, 1000, JSON.stringify(opened));

  // While they stall, a normal session works (it logs in well before its own timeout).
  const client = await login(server);
  await client.ok('SELECT INBOX');
  await client.ok('NOOP');
  await client.ok('LOGOUT');

  const closed = await next('closed');
  assert.equal(closed.kind, 'closed', JSON.stringify(closed));
  assert.equal(closed.closed, 1000);
  assert.equal(closed.byes, 1000);
  assert.equal(closed.errors, 0);
});

test('SIGTERM: BYE to every session in every state, then exit 0', async (t) => {
  const server = await startImapProcess(t);
  const fresh = await ImapTestClient.open(server.port);
  await fresh.line();
  const authenticated = await login(server);
  const selected = await login(server);
  await selected.ok('SELECT INBOX');
  const idling = await login(server);
  await idling.ok('SELECT INBOX');
  idling.send('i IDLE\r\n');
  assert.match((await idling.line())!.toString(), /^\+ /);
  const appending = await login(server);
  appending.send('p APPEND INBOX {100}\r\n');
  assert.match((await appending.line())!.toString(), /^\+ /);
  appending.send('Subject: half');

  server.child.kill('SIGTERM');
  for (const client of [fresh, authenticated, selected, idling, appending]) {
    const rest: string[] = [];
    for (let line = await client.line(20_000); line !== null; line = await client.line(20_000)) rest.push(line.toString());
    assert.deepEqual(rest, ['* BYE Server shutting down']);
  }
  const exit = await server.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, server.output());
});
