/**
 * Accounts: creation with the standard mailboxes, passwords, quota, removal, and the password
 * check every protocol's login uses.
 */

import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { MAX_ACCOUNT_NAME_BYTES } from '../limits.js';
import { MailError } from '../store/errors.js';
import type { Account, QuotaLimits, SpecialUse } from '../store/types.js';
import type { Services } from './context.js';
import { INBOX } from './mailbox-names.js';

/** Created for every new account, all subscribed (RFC 6154 special-use). */
export const DEFAULT_MAILBOXES: readonly { name: string; specialUse: SpecialUse | null; subscribe: boolean }[] = [
  { name: INBOX, specialUse: null, subscribe: true },
  { name: 'Drafts', specialUse: '\\Drafts', subscribe: true },
  { name: 'Sent', specialUse: '\\Sent', subscribe: true },
  { name: 'Trash', specialUse: '\\Trash', subscribe: true },
  { name: 'Junk', specialUse: '\\Junk', subscribe: true },
  { name: 'Archive', specialUse: '\\Archive', subscribe: true },
];

/**
 * Account names are plain (`alice`) or full addresses (`alice@example.org`): printable, no
 * spaces, no characters that break protocols (quotes, backslash) or paths (slash).
 */
export function validateAccountName(name: string): string {
  if (name.length === 0) throw new MailError('BADNAME', 'the account name is empty');
  if (Buffer.byteLength(name, 'utf8') > MAX_ACCOUNT_NAME_BYTES) {
    throw new MailError('BADNAME', `the account name is longer than ${MAX_ACCOUNT_NAME_BYTES} bytes`);
  }
  if (!/^[\p{L}\p{N}._+\-=@!#$&'^`{|}~]+$/u.test(name) || name.startsWith('@') || name.split('@').length > 2) {
    throw new MailError('BADNAME', `the account name "${name}" has characters that are not allowed (use letters, digits, . _ + - and one @)`);
  }
  return name.normalize('NFC');
}

export async function createAccount(services: Services, name: string, password: string, quota?: QuotaLimits): Promise<Account> {
  const validName = validateAccountName(name);
  const passwordHash = await hashPassword(password);
  return services.store.createAccount({ name: validName, passwordHash, mailboxes: DEFAULT_MAILBOXES, ...(quota ? { quota } : {}) });
}

export async function requireAccount(services: Services, name: string): Promise<Account> {
  const account = await services.store.findAccount(name);
  if (!account) throw new MailError('NONEXISTENT', `no account named ${name}`);
  return account;
}

export async function setPassword(services: Services, name: string, password: string): Promise<void> {
  const account = await requireAccount(services, name);
  await services.store.updateAccount(account.id, { passwordHash: await hashPassword(password) });
}

export async function setQuota(services: Services, name: string, quota: QuotaLimits): Promise<void> {
  const account = await requireAccount(services, name);
  await services.store.updateAccount(account.id, { quota });
}

export async function deleteAccount(services: Services, name: string): Promise<void> {
  const account = await requireAccount(services, name);
  const mailboxIds = await services.store.deleteAccount(account.id);
  for (const mailboxId of mailboxIds) services.bus.publishMailbox({ type: 'deleted', mailboxId });
  services.bus.publishAccount({ type: 'mailboxes', accountId: account.id });
}

/**
 * The account when `password` is right, else null. Takes the same time whether the account
 * exists or not (verifyPassword hashes against a dummy for unknown names).
 */
export async function authenticate(services: Services, name: string, password: string): Promise<Account | null> {
  const account = await services.store.findAccount(name);
  const ok = await verifyPassword(password, account?.passwordHash ?? null);
  return ok && account ? account : null;
}
