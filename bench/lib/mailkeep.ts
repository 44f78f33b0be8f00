/**
 * Mailkeep for benchmarks: a store loaded in-process (fast bulk appends, batches of 500), then
 * closed and served by `mailkeep serve` as a child process, so that its CPU and memory can be
 * read from /proc.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../src/services/accounts.js';
import { createServices } from '../../src/services/create.js';
import { appendMessages, prepareMessage, type AppendItem } from '../../src/services/messages.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { FLAG_SEEN } from '../../src/store/types.js';
import { freePort } from '../../test/helpers/server.js';
import { startServerProcess, type ServerProcess } from '../../test/helpers/server-process.js';
import { messageDate } from './messages.js';

/** Messages to load into one mailbox: message(i) for i in [0, count). */
export interface MailboxLoad {
  mailbox: string;
  count: number;
  message: (i: number) => Buffer;
  seen?: (i: number) => boolean;
}

export interface AccountLoad {
  name: string;
  password: string;
  mailboxes?: readonly MailboxLoad[];
}

const BATCH = 500;

/** A fresh data directory under the system temp dir. */
export function mailkeepDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mailkeep-bench-'));
}

/**
 * Creates the accounts and appends their messages straight into the store at `dataDir`
 * (UIDs 1..count in order), then closes it. `progress` is told after each batch.
 */
export async function loadMailkeep(dataDir: string, accounts: readonly AccountLoad[], progress?: (done: number) => void): Promise<void> {
  const store = new SqliteStore({ dataDir });
  const services = createServices(store);
  let done = 0;
  try {
    for (const load of accounts) {
      const account = await createAccount(services, load.name, load.password);
      for (const box of load.mailboxes ?? []) {
        let mailbox = await store.findMailbox(account.id, box.mailbox);
        if (!mailbox) throw new Error(`no mailbox ${box.mailbox} for ${load.name}`);
        for (let start = 0; start < box.count; start += BATCH) {
          const items: AppendItem[] = await Promise.all(
            Array.from({ length: Math.min(BATCH, box.count - start) }, async (_, k) => {
              const i = start + k;
              return {
                message: await prepareMessage(services, box.message(i)),
                flags: box.seen?.(i) ? FLAG_SEEN : 0,
                keywords: [],
                internalDate: messageDate(i),
              };
            }),
          );
          await appendMessages(services, account, mailbox, items);
          mailbox = (await store.findMailbox(account.id, box.mailbox)) ?? mailbox;
          done += items.length;
          progress?.(done);
        }
      }
    }
  } finally {
    await store.close();
  }
}

export interface MailkeepServer {
  pid: number;
  imapPort: number;
  lmtpPort: number;
  pop3Port: number;
  process: ServerProcess;
  /** SIGTERM, wait for the exit (SIGKILL after 10 s); removes dataDir when `remove`. */
  stop(remove?: boolean): Promise<void>;
}

/** The settings every benchmark server runs with: no connection caps, no login delay, quiet logs. */
export const MAILKEEP_BENCH_SETTINGS = [
  'limits.max_connections=10000',
  'limits.max_connections_per_ip=10000',
  'auth.failure_delay_ms=0',
  'log.level=warn',
];

/** Starts `mailkeep serve` on free loopback ports for the protocols asked for (all else off). */
export async function startMailkeep(dataDir: string, protocols: { imap?: boolean; lmtp?: boolean; pop3?: boolean }): Promise<MailkeepServer> {
  const imapPort = protocols.imap ? await freePort() : 0;
  const lmtpPort = protocols.lmtp ? await freePort() : 0;
  const pop3Port = protocols.pop3 ? await freePort() : 0;
  const port = (n: number) => (n === 0 ? 'off' : String(n));
  const args = [
    '--data', dataDir,
    '--listen', '127.0.0.1',
    '--imap-port', port(imapPort),
    '--lmtp-port', port(lmtpPort),
    '--pop3-port', port(pop3Port),
    '--imaps-port', 'off', '--pop3s-port', 'off', '--smtp-port', 'off', '--pop3-relay-port', 'off',
    ...MAILKEEP_BENCH_SETTINGS.flatMap((s) => ['-o', s]),
  ];
  const expect = (['imap', 'lmtp', 'pop3'] as const).filter((name) => protocols[name]);
  const server = await startServerProcess(args, expect);
  const pid = server.child.pid;
  if (pid === undefined) throw new Error('mailkeep serve has no pid');
  return {
    pid,
    imapPort,
    lmtpPort,
    pop3Port,
    process: server,
    async stop(remove = true) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGTERM');
        const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
        await server.exited;
        clearTimeout(timer);
      }
      if (remove) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
