/**
 * Mailbox operations for protocols and the CLI: create, rename, delete, subscribe. Each takes
 * the acting account, so one account can never touch another's mailboxes (invariant 5), and
 * tells listeners after the change is committed.
 */

import { MailError } from '../store/errors.js';
import type { Account, Mailbox, SpecialUse } from '../store/types.js';
import type { Services } from './context.js';
import { normalizeMailboxName } from './mailbox-names.js';

export async function findMailbox(services: Services, account: Account, name: string): Promise<Mailbox | null> {
  return services.store.findMailbox(account.id, normalizeMailboxName(name));
}

/** The mailbox, or NONEXISTENT (also for a \Noselect placeholder when `selectable` is asked). */
export async function requireMailbox(
  services: Services,
  account: Account,
  name: string,
  options: { selectable?: boolean } = {},
): Promise<Mailbox> {
  const mailbox = await findMailbox(services, account, name);
  if (!mailbox) throw new MailError('NONEXISTENT', `mailbox ${name} does not exist`);
  if (options.selectable && !mailbox.selectable) throw new MailError('NOSELECT', `mailbox ${name} cannot be selected`);
  return mailbox;
}

export async function createMailbox(
  services: Services,
  account: Account,
  name: string,
  specialUse: SpecialUse | null = null,
): Promise<Mailbox> {
  const mailbox = await services.store.createMailbox(account.id, normalizeMailboxName(name), specialUse);
  services.bus.publishAccount({ type: 'mailboxes', accountId: account.id });
  return mailbox;
}

export async function renameMailbox(services: Services, account: Account, from: string, to: string): Promise<Mailbox[]> {
  const renamed = await services.store.renameMailbox(account.id, normalizeMailboxName(from), normalizeMailboxName(to));
  services.bus.publishAccount({ type: 'mailboxes', accountId: account.id });
  return renamed;
}

export async function deleteMailbox(services: Services, account: Account, name: string): Promise<void> {
  const { mailboxId } = await services.store.deleteMailbox(account.id, normalizeMailboxName(name));
  services.bus.publishMailbox({ type: 'deleted', mailboxId });
  services.bus.publishAccount({ type: 'mailboxes', accountId: account.id });
}

/** RFC 9051 6.3.7: a name may be subscribed whether or not the mailbox exists. */
export async function setSubscribed(services: Services, account: Account, name: string, subscribed: boolean): Promise<void> {
  await services.store.setSubscribed(account.id, normalizeMailboxName(name), subscribed);
  services.bus.publishAccount({ type: 'mailboxes', accountId: account.id });
}
