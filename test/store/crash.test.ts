import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';

const CHILD = new URL('./crash-child.js', import.meta.url).pathname;

/** Runs the appending child until `killAfterMs` after it is ready, then SIGKILLs it. */
function runAndKill(dataDir: string, seed: number, killAfterMs: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const before = out.length;
      out += chunk.toString();
      if (before === 0 && out.startsWith('ready\n')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err}`));
      const acknowledged = new Map<number, string>();
      // Only complete lines count: a line cut by the kill was never fully acknowledged.
      for (const line of out.split('\n').slice(0, -1)) {
        const match = /^(\d+) ([0-9a-f]{64})$/.exec(line);
        if (match) acknowledged.set(Number(match[1]), match[2]!);
      }
      resolve(acknowledged);
    });
  });
}

test('crash: SIGKILL at random moments during appends loses no acknowledged message', async (t) => {
  const dataDir = tempDir(t);
  const acknowledged = new Map<number, string>();
  let random = 12345;
  for (let round = 0; round < 20; round++) {
    random = (random * 48271) % 2147483647;
    const killAfter = 20 + (random % 400);
    const acked = await runAndKill(dataDir, random, killAfter);
    for (const [uid, hash] of acked) acknowledged.set(uid, hash);

    const store = new SqliteStore({ dataDir });
    try {
      const report = await store.check({ repair: false, verifyHashes: true });
      assert.deepEqual(report.problems, [], `round ${round}: check is clean`);
      const account = (await store.findAccount('crash'))!;
      const inbox = (await store.findMailbox(account.id, 'INBOX'))!;
      const entries = await store.getEntries(inbox.id, [...acknowledged.keys()]);
      assert.equal(entries.length, acknowledged.size, `round ${round}: every acknowledged append is there`);
      for (const entry of entries) {
        const reader = await store.openBlob(entry.blobHash);
        const bytes = await reader.read(0, reader.size);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), acknowledged.get(entry.uid), `UID ${entry.uid} has its exact bytes`);
      }
      const listed = await store.listEntries(inbox.id);
      for (let i = 1; i < listed.uids.length; i++) assert.ok(listed.uids[i]! > listed.uids[i - 1]!);
      assert.ok(inbox.uidNext > (listed.uids.at(-1) ?? 0));
    } finally {
      await store.close();
    }
  }
  assert.ok(acknowledged.size > 100, `enough appends were acknowledged to mean something (${acknowledged.size})`);
});
