/** An in-process Mailkeep with IMAP listeners, message helpers, and a transcript runner. */

import { randomBytes, scryptSync } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { TestContext } from 'node:test';
import type { ListenerName } from '../../src/config/config.js';
import { appendMessages, prepareMessage } from '../../src/services/messages.js';
import { parseFlags } from '../../src/services/flags.js';
import type { Account, Mailbox } from '../../src/store/types.js';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { runTranscript } from './transcript.js';

export interface ImapTestServer extends TestServer {
  /** Log records at warn level and above (only with `{ captureLog: true }`). */
  problems: Record<string, unknown>[];
  /** Appends messages (strings with LF or CRLF line ends) to a mailbox; returns their UIDs. */
  deliver(account: Account, messages: readonly (Buffer | string)[], options?: { mailbox?: string; flags?: string[]; date?: Date }): Promise<number[]>;
  mailbox(account: Account, name?: string): Promise<Mailbox>;
  /** Runs a transcript against this server (ports imap, imaps). */
  run(script: string, vars?: Record<string, string>, host?: string): Promise<Record<string, string>>;
}

export async function startImapServer(
  t: TestContext,
  settings: Record<string, string> = {},
  protocols: readonly ListenerName[] = ['imap', 'imaps'],
  options: { captureLog?: boolean } = {},
): Promise<ImapTestServer> {
  const problems: Record<string, unknown>[] = [];
  const ts = options.captureLog ? await startLoggingServer(t, protocols, settings, problems) : await startTestServer(t, protocols, settings);
  const services = ts.server.context.services;
  const ports: Record<string, number> = {};
  for (const name of protocols) ports[name] = ts.port(name);
  const mailbox = async (account: Account, name = 'INBOX'): Promise<Mailbox> => {
    const found = await services.store.findMailbox(account.id, name);
    if (!found) throw new Error(`no mailbox ${name}`);
    return found;
  };
  const store = services.store;
  return {
    ...ts,
    problems,
    // Accounts get a cheap password hash: real logins cost tens of milliseconds of scrypt,
    // which adds up over hundreds of test logins (the hash format is the same).
    async addAccount(name, password = 'password') {
      const account = await ts.addAccount(name, password);
      await store.updateAccount(account.id, { passwordHash: cheapHash(password) });
      return { ...account, passwordHash: cheapHash(password) };
    },
    mailbox,
    async deliver(account, messages, options = {}) {
      const target = await mailbox(account, options.mailbox ?? 'INBOX');
      const flags = parseFlags(options.flags ?? []);
      const items = [];
      for (const message of messages) {
        items.push({
          message: await prepareMessage(services, crlf(message)),
          flags: flags.flags,
          keywords: flags.keywords,
          internalDate: options.date ?? new Date(),
        });
      }
      return (await appendMessages(services, account, target, items)).uids;
    },
    run(script, vars = {}, host) {
      return runTranscript(script, { ports, tlsPorts: ['imaps'], vars, ...(host ? { host } : {}) });
    },
  };
}

/** CRLF line ends for a message written with LF in a template string. */
export function crlf(message: Buffer | string): Buffer {
  if (Buffer.isBuffer(message)) return message;
  return Buffer.from(message.replace(/\r?\n/g, '\r\n'), 'utf8');
}

/** A short message with the given subject and body lines. */
export function message(subject: string, body = 'Hello.', headers: Record<string, string> = {}): string {
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: ${subject}\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n${extra}\r\n${body}\r\n`;
}

/** The capabilities Mailkeep offers after login, as one string (for CAPABILITY lines). */
export const CAPS_BEFORE_LOGIN_LOOPBACK = 'IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE STARTTLS AUTH=PLAIN AUTH=LOGIN';

/** A non-loopback IPv4 address of this machine, to test the cleartext-login policy; or null. */
export function externalAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return null;
}

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Like startTestServer, but keeping the server's warnings and errors (and IMAP "session-failed"
 *  / "command-failed" events) in `problems`, to assert that nothing went wrong inside. */
async function startLoggingServer(
  t: TestContext,
  protocols: readonly ListenerName[],
  settings: Record<string, string>,
  problems: Record<string, unknown>[],
): Promise<TestServer> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        const record = JSON.parse(line) as Record<string, unknown>;
        if ((record.level as number) >= 40) problems.push(record);
      }
      callback();
    },
  });
  return startTestServer(t, protocols, settings, pino({ level: 'warn' }, sink));
}

/** A valid Mailkeep scrypt hash at the lowest cost (2^4): fast logins in tests. */
export function cheapHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 16, r: 8, p: 1 });
  return `$scrypt$ln=4,r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
}
