/**
 * IMAP servers the POP3 relay can be tested against. Each factory gives the relay's settings
 * (pop3_relay.*), one account's credentials, and a way to fill and read that account's INBOX,
 * so every relay test runs unchanged against any of them:
 *   dovecotUpstream       Debian's Dovecot (test/helpers/dovecot.ts), messages written to Maildir
 *   mailkeepImapUpstream  Mailkeep's own IMAP server, messages appended through the services
 */

import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { appendMessages, prepareMessage } from '../../src/services/messages.js';
import { startTestServer } from '../helpers/server.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';

export type UpstreamTls = 'implicit' | 'starttls';

export interface ImapUpstream {
  /** Settings for the Mailkeep server that runs the relay. */
  relaySettings: Record<string, string>;
  user: string;
  password: string;
  /** Appends messages to the INBOX, in order. */
  deliver(messages: readonly string[]): Promise<void>;
  /** The INBOX as stored, oldest first, CRLF line ends. */
  remaining(): Promise<string[]>;
  /** Flags the upstream keeps for each message of remaining(), as IMAP names them. */
  flags(): Promise<string[][]>;
  /** Removes a message (by its position in remaining()) as another IMAP client's EXPUNGE would. */
  expungeBehindTheRelay(position: number): Promise<void>;
}

export type UpstreamFactory = (t: TestContext, tls: UpstreamTls) => Promise<ImapUpstream>;

/** One Dovecot for a whole test file; each test gets its own user (its own maildir). */
let shared: Promise<Dovecot> | null = null;
let users = 0;
const USERS = Array.from({ length: 40 }, (_, i) => ({ name: `user${i + 1}`, password: `password-${i + 1}` }));

export function sharedDovecot(): Promise<Dovecot> {
  shared ??= startDovecot({ users: USERS, imaps: true, pop3: true, tls: true });
  return shared;
}

export async function stopSharedDovecot(): Promise<void> {
  if (shared) await (await shared).stop();
  shared = null;
}

export const dovecotUpstream: UpstreamFactory = async (_t, tls) => {
  const dovecot = await sharedDovecot();
  const user = USERS[users++];
  if (!user) throw new Error('more relay tests than Dovecot users: add users in upstreams.ts');
  const maildirFlags = (name: string) => {
    const info = name.split(':2,')[1] ?? '';
    const names: Record<string, string> = { S: '\\Seen', R: '\\Answered', F: '\\Flagged', T: '\\Deleted', D: '\\Draft' };
    return [...info].map((c) => names[c]).filter((f): f is string => f !== undefined);
  };
  return {
    relaySettings: {
      'pop3_relay.host': '127.0.0.1',
      'pop3_relay.port': String(tls === 'implicit' ? dovecot.imapsPort : dovecot.imapPort),
      'pop3_relay.tls': tls,
      'pop3_relay.verify_certificate': 'true',
      'pop3_relay.ca_file': dovecot.certFile!,
      'pop3_relay.timeout_s': '20',
    },
    user: user.name,
    password: user.password,
    deliver: async (messages) => dovecot.deliver(user.name, messages),
    remaining: async () => dovecot.messages(user.name).map((m) => m.content),
    flags: async () => dovecot.messages(user.name).map((m) => maildirFlags(m.name)),
    async expungeBehindTheRelay(position) {
      const { rmSync } = await import('node:fs');
      const message = dovecot.messages(user.name)[position];
      if (!message) throw new Error(`no message at ${position}`);
      for (const sub of ['new', 'cur']) rmSync(join(dovecot.maildir(user.name), sub, message.name), { force: true });
    },
  };
};

/** Mailkeep's own IMAP server as the upstream (listeners imap and imaps of a second test
 *  server), used by relay-mailkeep.test.ts. */
export const mailkeepImapUpstream: UpstreamFactory = async (t, tls) => {
  const ts = await startTestServer(t, ['imap', 'imaps']);
  const user = 'relayed';
  const password = 'relayed-password';
  const account = await ts.addAccount(user, password);
  const { services } = ts.server.context;
  const inbox = async () => (await services.store.findMailbox(account.id, 'INBOX'))!;
  const entries = async () => {
    const mailbox = await inbox();
    const { uids } = await services.store.listEntries(mailbox.id);
    return services.store.getEntries(mailbox.id, [...uids]);
  };
  const { systemFlagNames } = await import('../../src/services/flags.js');
  const { expungeMessages } = await import('../../src/services/messages.js');
  return {
    relaySettings: {
      'pop3_relay.host': '127.0.0.1',
      'pop3_relay.port': String(ts.port(tls === 'implicit' ? 'imaps' : 'imap')),
      'pop3_relay.tls': tls,
      'pop3_relay.verify_certificate': 'true',
      // The self-signed certificate Mailkeep made on first start names 127.0.0.1.
      'pop3_relay.ca_file': join(ts.dataDir, 'tls', 'self-signed.crt'),
      'pop3_relay.timeout_s': '20',
    },
    user,
    password,
    async deliver(messages) {
      const items = [];
      for (const m of messages) items.push({ message: await prepareMessage(services, Buffer.from(m)), flags: 0, keywords: [], internalDate: new Date() });
      await appendMessages(services, account, await inbox(), items);
    },
    async remaining() {
      const out: string[] = [];
      for (const entry of await entries()) {
        const reader = await services.store.openBlob(entry.blobHash);
        out.push((await reader.read(0, reader.size)).toString('utf8'));
      }
      return out;
    },
    flags: async () => (await entries()).map((e) => [...systemFlagNames(e.flags), ...e.keywords]),
    async expungeBehindTheRelay(position) {
      const entry = (await entries())[position];
      if (!entry) throw new Error(`no message at ${position}`);
      await expungeMessages(services, account, await inbox(), [entry.uid]);
    },
  };
};
