/** A real Mailkeep server in this process, on free loopback ports, over a temporary store. */

import { createServer } from 'node:net';
import type { TestContext } from 'node:test';
import { loadConfig, type ListenerName } from '../../src/config/config.js';
import { createAccount } from '../../src/services/accounts.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { silentLogger, type Logger } from '../../src/server/logger.js';
import type { Account } from '../../src/store/types.js';
import { tempDir } from './temp.js';

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  port(name: ListenerName): number;
  addAccount(name: string, password?: string): Promise<Account>;
}

/**
 * Starts the listed protocols on port 0 (any free port) and turns the others off.
 * `settings` are KEY=VALUE config settings, as `-o` takes them; the server logs to `log`
 * (nowhere by default).
 */
export async function startTestServer(
  t: TestContext,
  protocols: readonly ListenerName[],
  settings: Record<string, string> = {},
  log: Logger = silentLogger(),
): Promise<TestServer> {
  const dataDir = settings.data_dir ?? tempDir(t);
  const all: ListenerName[] = ['imap', 'imaps', 'pop3', 'pop3s', 'lmtp', 'smtp', 'pop3_relay'];
  const overrides: [string, string][] = [
    ['data_dir', dataDir],
    ['listen.address', '127.0.0.1'],
    ['hostname', 'mail.test'],
    ['auth.failure_delay_ms', '10'],
    ...all.map((name): [string, string] => [`listen.${name}`, protocols.includes(name) ? '0' : 'off']),
    ...Object.entries(settings).filter(([key]) => key !== 'data_dir'),
  ];
  const config = loadConfig({ overrides });
  const server = await startServer(config, log);
  t.after(() => server.stop());
  return {
    server,
    dataDir,
    port(name) {
      const found = server.listeners.find((l) => l.name === name);
      if (!found?.port) throw new Error(`${name} is not listening`);
      return found.port;
    },
    addAccount: (name, password = 'password') => createAccount(server.context.services, name, password),
  };
}

/** A port that was free a moment ago (for a child-process server that must keep its port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
