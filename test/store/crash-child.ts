/**
 * Child process of the crash test: appends messages in a loop from four concurrent callers
 * and prints "uid sha256" for each append the store acknowledged, until it is killed.
 */

import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { createAccount } from '../../src/services/accounts.js';
import { createServices } from '../../src/services/create.js';
import { appendMessages, prepareMessage } from '../../src/services/messages.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const [dataDir, seedText] = process.argv.slice(2);
const store = new SqliteStore({ dataDir: dataDir! });
const services = createServices(store);
const account = (await store.findAccount('crash')) ?? (await createAccount(services, 'crash', 'crash-password'));
const inbox = (await store.findMailbox(account.id, 'INBOX'))!;
let seed = Number(seedText);

function nextMessage(): Buffer {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  // Mostly small (kept in the database), sometimes large (a blob file).
  const size = seed % 10 === 0 ? 70_000 + (seed % 90_000) : 200 + (seed % 8000);
  const head = Buffer.from(`Subject: crash ${seed}\r\nMessage-ID: <${seed}@crash>\r\n\r\n`);
  const body = Buffer.alloc(Math.max(0, size - head.length), `${seed} `);
  return Buffer.concat([head, body]);
}

writeSync(1, 'ready\n');
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (;;) {
      const bytes = nextMessage();
      const message = await prepareMessage(services, bytes);
      const result = await appendMessages(services, account, inbox, [{ message, flags: 0, keywords: [], internalDate: new Date() }]);
      writeSync(1, `${result.uids[0]} ${createHash('sha256').update(bytes).digest('hex')}\n`);
    }
  }),
);
