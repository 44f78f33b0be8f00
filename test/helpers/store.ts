/** A real SQLite store and services in a temporary directory. */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createAccount } from '../../src/services/accounts.js';
import type { Services } from '../../src/services/context.js';
import { createServices } from '../../src/services/create.js';
import { appendMessages, prepareMessage } from '../../src/services/messages.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Account, Store } from '../../src/store/types.js';
import { tempDir } from './temp.js';

export interface TestStore {
  dataDir: string;
  store: SqliteStore;
  services: Services;
  /** Closes and opens the store again on the same directory (a clean restart). */
  reopen(): Promise<void>;
}

export function openTestStore(t: TestContext, dataDir = tempDir(t)): TestStore {
  const result: TestStore = {
    dataDir,
    store: new SqliteStore({ dataDir }),
    services: undefined as unknown as Services,
    async reopen() {
      await result.store.close();
      result.store = new SqliteStore({ dataDir });
      result.services = createServices(result.store);
    },
  };
  result.services = createServices(result.store);
  t.after(() => result.store.close());
  return result;
}

export async function addAccount(ts: TestStore, name = 'alice', password = 'secret-password'): Promise<Account> {
  return createAccount(ts.services, name, password);
}

/** A small RFC 5322 message; `size` pads the body to about that many bytes. */
export function sampleMessage(subject: string, size = 0): Buffer {
  const head = `From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: ${subject}\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n\r\n`;
  let body = `Hello, this is ${subject}.\r\n`;
  while (head.length + body.length < size) body += 'The quick brown fox jumps over the lazy dog 0123456789.\r\n';
  return Buffer.from(head + body);
}

export async function append(ts: TestStore, account: Account, mailboxName: string, bytes: Buffer, flags = 0, keywords: string[] = []) {
  const mailbox = (await ts.store.findMailbox(account.id, mailboxName))!;
  const message = await prepareMessage(ts.services, bytes);
  return appendMessages(ts.services, account, mailbox, [{ message, flags, keywords, internalDate: new Date() }]);
}

/** The bytes of every message in a mailbox, in UID order. */
export async function storedMessages(store: Store, accountName: string, mailboxName = 'INBOX'): Promise<Buffer[]> {
  const account = await store.findAccount(accountName);
  if (!account) throw new Error(`no account ${accountName}`);
  const mailbox = await store.findMailbox(account.id, mailboxName);
  if (!mailbox) return [];
  const { uids } = await store.listEntries(mailbox.id);
  const out: Buffer[] = [];
  for (const entry of await store.getEntries(mailbox.id, [...uids])) {
    const reader = await store.openBlob(entry.blobHash);
    out.push(await reader.read(0, reader.size));
  }
  return out;
}

/** Splits stored bytes into the trace header fields delivery added and the original message. */
export function splitTrace(stored: Buffer): { trace: string; original: Buffer } {
  const text = stored.toString('latin1');
  const match = /^Return-Path: [^\r\n]*\r\nReceived: [^\r\n]*(?:\r\n\t[^\r\n]*)*\r\n/.exec(text);
  if (!match) throw new Error(`no trace headers at the start of ${JSON.stringify(text.slice(0, 200))}`);
  return { trace: match[0], original: stored.subarray(match[0].length) };
}

/** Blob files on disk (relative names), as the store lays them out: <xx>/<random name>. */
export function blobFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'blobs'), { recursive: true })
    .map(String)
    .filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{24}$/.test(f));
}
