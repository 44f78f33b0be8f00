import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCli } from '../helpers/cli.js';
import { LineClient } from '../helpers/line-client.js';
import { freePort } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { splitTrace, storedMessages } from '../helpers/store.js';
import { tempDir } from '../helpers/temp.js';

const TOTAL = 2000;
const CONNECTIONS = 4;

function message(n: number): Buffer {
  const size = n % 25 === 0 ? 80_000 : 300 + ((n * 37) % 3000);
  const head = `Message-ID: <crash-${n}@test>\r\nSubject: crash ${n}\r\n\r\n`;
  return Buffer.from(head + `${n} `.repeat(Math.ceil(size / 6)).slice(0, size) + '\r\n');
}

/** Delivers message numbers from `next` over one LMTP connection until the server dies. */
async function deliverLoop(port: number, next: () => number | null, acked: Set<number>): Promise<void> {
  let client: LineClient;
  try {
    client = await LineClient.open(port);
  } catch {
    return;
  }
  try {
    if (!(await client.reply())[0]?.startsWith('220')) return;
    client.send('LHLO crash.test\r\n');
    await client.reply();
    for (let n = next(); n !== null; n = next()) {
      client.send('MAIL FROM:<crash@test>\r\nRCPT TO:<alice>\r\nDATA\r\n');
      const replies = [await client.reply(), await client.reply(), await client.reply()];
      if (!replies[2]![0]?.startsWith('354')) return;
      client.send(Buffer.concat([message(n), Buffer.from('.\r\n')]));
      const answer = await client.reply();
      if (answer[0]?.startsWith('250')) acked.add(n);
      else return;
    }
  } catch {
    // The server was killed under us: the message in flight was never acknowledged.
  } finally {
    client.close();
  }
}

test('crash: LMTP delivery of 2,000 messages with the server SIGKILLed and restarted; every 250 is stored once, exactly', async (t) => {
  const data = tempDir(t);
  assert.equal((await runCli(['user', 'add', 'alice', '--password-stdin', '--data', data], { input: 'pw' })).code, 0);
  const port = await freePort();
  const args = ['--data', data, '--listen', '127.0.0.1', '--lmtp-port', String(port), '--smtp-port', 'off', '--imap-port', 'off', '--imaps-port', 'off', '--pop3-port', 'off', '--pop3s-port', 'off'];
  const acked = new Set<number>();
  let counter = 0;
  const next = () => (counter < TOTAL ? counter++ : null);
  let server: ServerProcess | null = null;
  t.after(() => server?.child.kill('SIGKILL'));
  let kills = 0;
  let random = 7;
  while (counter < TOTAL) {
    server = await startServerProcess(args, ['lmtp']);
    random = (random * 48271) % 2147483647;
    const killAfter = counter >= TOTAL * 0.9 ? null : 150 + (random % 700);
    const killer = killAfter === null ? null : setTimeout(() => server?.child.kill('SIGKILL'), killAfter);
    await Promise.all(Array.from({ length: CONNECTIONS }, () => deliverLoop(port, next, acked)));
    if (killer) clearTimeout(killer);
    server.child.kill('SIGKILL');
    await server.exited;
    if (killAfter !== null) kills++;
  }
  assert.ok(kills >= 3, `the server was killed several times (${kills})`);

  const store = new SqliteStore({ dataDir: data });
  try {
    const report = await store.check({ repair: false, verifyHashes: true });
    assert.deepEqual(report.problems, []);
    const stored = await storedMessages(store, 'alice');
    const seen = new Map<number, number>();
    for (const bytes of stored) {
      const { original } = splitTrace(bytes);
      const n = Number(/^Message-ID: <crash-(\d+)@test>/.exec(original.toString('latin1'))![1]);
      assert.equal(createHash('sha256').update(original).digest('hex'), createHash('sha256').update(message(n)).digest('hex'), `message ${n} has its exact bytes`);
      seen.set(n, (seen.get(n) ?? 0) + 1);
    }
    for (const n of acked) assert.equal(seen.get(n), 1, `acknowledged message ${n} is stored exactly once`);
    assert.ok(acked.size > TOTAL * 0.8, `most messages were acknowledged (${acked.size})`);
  } finally {
    await store.close();
  }
});
