/** A Mailkeep server with POP3 listeners and a helper to put messages into an INBOX. */

import type { TestContext } from 'node:test';
import type { ListenerName } from '../../src/config/config.js';
import { appendMessages, prepareMessage } from '../../src/services/messages.js';
import type { Account, Mailbox } from '../../src/store/types.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

export interface Pop3TestServer extends TestServer {
  /** Appends messages to the account's mailbox (INBOX unless named); resolves with their UIDs. */
  deliver(account: Account, messages: readonly (Buffer | string)[], mailbox?: string, flags?: number): Promise<number[]>;
  inbox(account: Account): Promise<Mailbox>;
}

export async function startPop3Server(
  t: TestContext,
  settings: Record<string, string> = {},
  protocols: readonly ListenerName[] = ['pop3', 'pop3s'],
): Promise<Pop3TestServer> {
  const ts = await startTestServer(t, protocols, settings);
  const services = ts.server.context.services;
  return {
    ...ts,
    async inbox(account) {
      return (await services.store.findMailbox(account.id, 'INBOX'))!;
    },
    async deliver(account, messages, mailboxName = 'INBOX', flags = 0) {
      const mailbox = (await services.store.findMailbox(account.id, mailboxName))!;
      const items = [];
      for (const message of messages) {
        items.push({ message: await prepareMessage(services, Buffer.from(message)), flags, keywords: [], internalDate: new Date() });
      }
      return (await appendMessages(services, account, mailbox, items)).uids;
    },
  };
}

/** A small message with CRLF line ends; `body` lines are joined with CRLF. */
export function message(subject: string, body: readonly string[] = ['Hello.'], extraHeaders: readonly string[] = []): string {
  return [`From: Alice <alice@example.org>`, `To: Bob <bob@example.org>`, `Subject: ${subject}`, `Message-ID: <${subject.replace(/\W/g, '')}@example.org>`, ...extraHeaders, '', ...body, ''].join('\r\n');
}
