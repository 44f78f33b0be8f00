/**
 * Store benchmark: durable append rate (4 KB and 200 KB messages, 1 and 4 concurrent callers)
 * and the time of COPY, STORE and EXPUNGE on 10,000 messages.
 *   node dist/bench/store/main.js [--messages N]
 * Prints figures; asserts nothing.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../src/services/accounts.js';
import { createServices } from '../../src/services/create.js';
import { appendMessages, copyMessages, expungeMessages, prepareMessage, storeFlags } from '../../src/services/messages.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { FLAG_DELETED } from '../../src/store/types.js';

function message(i: number, size: number): Buffer {
  const head = `From: bench@example.org\r\nTo: alice@example.org\r\nSubject: bench ${i}\r\nMessage-ID: <${i}.${size}@bench>\r\n\r\n`;
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  return Buffer.from(head + line.repeat(Math.ceil((size - head.length) / line.length))).subarray(0, size);
}

async function appendRate(label: string, size: number, callers: number, total: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mailkeep-bench-'));
  const store = new SqliteStore({ dataDir: dir });
  const services = createServices(store);
  const account = await createAccount(services, 'bench', 'bench-password');
  const inbox = (await store.findMailbox(account.id, 'INBOX'))!;
  const messages = Array.from({ length: total }, (_, i) => message(i, size));
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < total) {
        const bytes = messages[next++]!;
        const prepared = await prepareMessage(services, bytes);
        await appendMessages(services, account, inbox, [{ message: prepared, flags: 0, keywords: [], internalDate: new Date() }]);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${label.padEnd(40)} ${(total / seconds).toFixed(0).padStart(7)} messages/s  (${total} in ${seconds.toFixed(2)} s, ${((total * size) / seconds / 1e6).toFixed(1)} MB/s)`);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

async function bulkOperations(count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mailkeep-bench-'));
  const store = new SqliteStore({ dataDir: dir });
  const services = createServices(store);
  const account = await createAccount(services, 'bench', 'bench-password');
  const inbox = (await store.findMailbox(account.id, 'INBOX'))!;
  const archive = (await store.findMailbox(account.id, 'Archive'))!;
  for (let start = 0; start < count; start += 500) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(500, count - start) }, async (_, i) => ({
        message: await prepareMessage(services, message(start + i, 4096)),
        flags: 0,
        keywords: [],
        internalDate: new Date(),
      })),
    );
    await appendMessages(services, account, inbox, batch);
  }
  const uids = Array.from({ length: count }, (_, i) => i + 1);
  const time = async (label: string, run: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await run();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${label.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms`);
  };
  await time(`COPY ${count} messages`, () => copyMessages(services, account, inbox, uids, archive));
  await time(`STORE +FLAGS \\Deleted on ${count}`, () =>
    storeFlags(services, account, archive, uids, { mode: 'add', flags: FLAG_DELETED, keywords: [] }),
  );
  await time(`EXPUNGE ${count} messages`, () => expungeMessages(services, account, archive, uids));
  await time(`list ${count} entries (SELECT view)`, () => store.listEntries(inbox.id));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

const argIndex = process.argv.indexOf('--messages');
const scale = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 4000;
console.log('Mailkeep store benchmark (durable: each group commit acknowledged after its WAL fsync)');
await appendRate('append 4 KB, 1 caller', 4096, 1, Math.min(scale, 2000));
await appendRate('append 4 KB, 4 concurrent callers', 4096, 4, scale);
await appendRate('append 200 KB, 1 caller', 200 * 1024, 1, Math.max(50, scale / 20));
await appendRate('append 200 KB, 4 concurrent callers', 200 * 1024, 4, Math.max(100, scale / 10));
await bulkOperations(10_000);
