/**
 * Turns an envelope recipient into the accounts and folders it means (RFC 5321 4.1.1.3 RCPT).
 * A recipient matches an account by its full address in a served domain, or by its local part
 * alone (`RCPT TO:<alice>`, as Dovecot's LMTP accepts). Aliases from the config expand to one
 * or more accounts; `user+detail` files into folder `detail` when it exists.
 */

import type { Config } from '../config/config.js';
import type { Services } from '../services/context.js';
import { INBOX } from '../services/mailbox-names.js';
import type { Account, Mailbox } from '../store/types.js';

export interface Recipient {
  /** The address as the client gave it. */
  address: string;
  account: Account;
  mailbox: Mailbox;
}

export type Resolution =
  | { ok: true; recipients: Recipient[] }
  /** No such user here (550 5.1.1). */
  | { ok: false; reason: 'unknown' }
  /** A domain this server does not receive for: refusing it is what keeps us from relaying. */
  | { ok: false; reason: 'not-local' };

export class RecipientResolver {
  constructor(
    private readonly services: Services,
    private readonly settings: Config['delivery'],
  ) {}

  async resolve(address: string): Promise<Resolution> {
    const at = address.lastIndexOf('@');
    const local = at < 0 ? address : address.slice(0, at);
    const domain = at < 0 ? null : address.slice(at + 1).toLowerCase();
    if (local === '') return { ok: false, reason: 'unknown' };
    if (domain !== null && this.settings.domains.length > 0 && !this.settings.domains.includes(domain)) {
      return { ok: false, reason: 'not-local' };
    }
    const alias =
      (domain !== null ? this.settings.aliases[`${local}@${domain}`.toLowerCase()] : undefined) ?? this.settings.aliases[local.toLowerCase()];
    if (alias) {
      const recipients: Recipient[] = [];
      for (const target of alias) {
        // Alias targets name accounts; they are not expanded again (no loops).
        const found = await this.findAccount(target);
        if (found) recipients.push({ address, ...found });
      }
      return recipients.length > 0 ? { ok: true, recipients } : { ok: false, reason: 'unknown' };
    }
    const found = await this.findAccount(domain === null ? local : `${local}@${domain}`);
    return found ? { ok: true, recipients: [{ address, ...found }] } : { ok: false, reason: 'unknown' };
  }

  /** `name` or `local@domain`, with an optional +detail naming a folder. */
  private async findAccount(spec: string): Promise<{ account: Account; mailbox: Mailbox } | null> {
    const at = spec.lastIndexOf('@');
    const local = at < 0 ? spec : spec.slice(0, at);
    const domain = at < 0 ? null : spec.slice(at + 1);
    const candidates: { name: string; detail: string | null }[] = [];
    const add = (user: string, detail: string | null) => {
      if (domain !== null) candidates.push({ name: `${user}@${domain}`, detail });
      candidates.push({ name: user, detail });
    };
    add(local, null);
    const delimiter = this.settings.recipientDelimiter;
    if (delimiter && local.includes(delimiter)) {
      const cut = local.indexOf(delimiter);
      add(local.slice(0, cut), local.slice(cut + delimiter.length));
    }
    const { store } = this.services;
    for (const candidate of candidates) {
      const account = await store.findAccount(candidate.name);
      if (!account) continue;
      let mailbox: Mailbox | null = null;
      if (candidate.detail) {
        const folder = await store.findMailbox(account.id, candidate.detail).catch(() => null);
        if (folder?.selectable) mailbox = folder;
      }
      mailbox ??= await store.findMailbox(account.id, INBOX);
      if (mailbox) return { account, mailbox };
    }
    return null;
  }
}
