/**
 * The maildrop of a Mailkeep account: its INBOX as it stood at login. Reads go to the store
 * (listSizes for the snapshot, getEntries and openBlob for a message); the UPDATE state goes
 * through the services, so IMAP sessions are told of the changes by the bus.
 *
 *   snapshot   one listSizes call: UIDs and sizes in compact arrays (100,000 messages is
 *              normal); numbers and sizes are fixed for the session.
 *   sizes      the size with CRLF line ends, which the store keeps with each message (its
 *              stored size plus the bare LFs RETR turns into CRLF), so sizes are exact.
 *   \Seen      set at QUIT, in one storeFlags call, on the messages RETR sent completely
 *              (a session that ends without QUIT changes nothing).
 *   DELE       at QUIT, one expungeMessages call, or one moveMessages call to the \Trash
 *              mailbox when pop3.dele = "trash".
 */

import { authenticate } from '../../services/accounts.js';
import type { Services } from '../../services/context.js';
import { createMailbox } from '../../services/mailboxes.js';
import { expungeMessages, moveMessages, storeFlags } from '../../services/messages.js';
import { isMailError } from '../../store/errors.js';
import { FLAG_SEEN, type Account, type EntrySizes, type Mailbox } from '../../store/types.js';
import { hex8 } from '../protocol/uidl.js';
import { messageGone, Pop3Error, temporaryFailure } from '../session/errors.js';
import type { LoginCredentials, Maildrop, MaildropBackend } from '../session/maildrop.js';
import { localMaildropState, type LocalMaildropState } from './maildrop-state.js';

export interface LocalBackendOptions {
  /** pop3.dele */
  dele: 'expunge' | 'trash';
  /** pop3.login_delay_s */
  loginDelayS: number;
}

export class LocalBackend implements MaildropBackend {
  readonly implementation = 'Mailkeep';
  readonly loginDelayS: number;
  private readonly shared: LocalMaildropState;

  constructor(
    private readonly services: Services,
    private readonly options: LocalBackendOptions,
  ) {
    this.loginDelayS = options.loginDelayS;
    this.shared = localMaildropState(services);
  }

  async open(credentials: LoginCredentials): Promise<Maildrop> {
    const account = await authenticate(this.services, credentials.username, credentials.password);
    if (!account) throw new Pop3Error('authentication failed', 'AUTH');
    const wait = this.shared.loginDelayLeft(account.id, this.loginDelayS);
    if (wait > 0) throw new Pop3Error(`minimum time between logins not reached, try again in ${wait} seconds`, 'LOGIN-DELAY');
    const unlock = this.shared.lock(account.id);
    if (!unlock) throw new Pop3Error('maildrop is locked by another POP3 session', 'IN-USE');
    try {
      const inbox = await this.services.store.findMailbox(account.id, 'INBOX');
      if (!inbox) throw temporaryFailure('the account has no INBOX');
      const entries = await this.services.store.listSizes(inbox.id);
      this.shared.recordLogin(account.id, this.loginDelayS);
      return new LocalMaildrop(this.services, this.options.dele, account, inbox, entries, unlock);
    } catch (error) {
      unlock();
      if (error instanceof Pop3Error) throw error;
      throw temporaryFailure(`cannot open the maildrop, try again later (${(error as Error).message})`);
    }
  }
}

export class LocalMaildrop implements Maildrop {
  readonly count: number;
  readonly totalSize: number;
  private readonly sizes: Float64Array;
  /** The UIDVALIDITY half of every UIDL, made once. */
  private readonly uidlSuffix: string;

  constructor(
    private readonly services: Services,
    private readonly dele: 'expunge' | 'trash',
    private readonly account: Account,
    private readonly inbox: Mailbox,
    private readonly entries: EntrySizes,
    private readonly unlock: () => void,
  ) {
    this.count = entries.uids.length;
    this.sizes = entries.crlfSizes;
    this.uidlSuffix = hex8(inbox.uidValidity);
    let total = 0;
    for (let i = 0; i < this.count; i++) total += this.sizes[i]!;
    this.totalSize = total;
  }

  size(index: number): number {
    return this.sizes[index]!;
  }

  uidl(index: number): string {
    return hex8(this.entries.uids[index]!) + this.uidlSuffix; // = uidlOf(uidValidity, uid)
  }

  async retrieve(index: number): Promise<AsyncIterable<Buffer>> {
    const [entry] = await this.services.store.getEntries(this.inbox.id, [this.entries.uids[index]!]);
    if (!entry) throw messageGone();
    try {
      return (await this.services.store.openBlob(entry.blobHash)).stream();
    } catch (error) {
      if (isMailError(error, 'NONEXISTENT')) throw messageGone();
      throw error;
    }
  }

  top(index: number): Promise<AsyncIterable<Buffer>> {
    // The encoder stops at the requested line and ends the stream: only the start is read.
    return this.retrieve(index);
  }

  async commit(changes: { deleted: readonly number[]; retrieved: readonly number[] }): Promise<number> {
    const uids = (indexes: readonly number[]) => indexes.map((i) => this.entries.uids[i]!);
    const deleted = new Set(changes.deleted);
    // \Seen first, so that messages moved to Trash arrive read; expunged ones need none.
    const seen = this.dele === 'trash' ? changes.retrieved : changes.retrieved.filter((i) => !deleted.has(i));
    if (seen.length > 0) {
      await storeFlags(this.services, this.account, this.inbox, uids(seen), { mode: 'add', flags: FLAG_SEEN, keywords: [] });
    }
    if (changes.deleted.length === 0) return 0;
    try {
      if (this.dele === 'trash') {
        const trash = await this.trashMailbox();
        return (await moveMessages(this.services, this.account, this.inbox, uids(changes.deleted), trash)).sourceUids.length;
      }
      return (await expungeMessages(this.services, this.account, this.inbox, uids(changes.deleted))).uids.length;
    } catch (error) {
      // (A move within the account does not change its usage: no quota failure is possible.)
      throw temporaryFailure((error as Error).message);
    }
  }

  async release(): Promise<void> {
    this.unlock();
  }

  /** The \Trash special-use mailbox; else one named Trash; else a new "Trash". */
  private async trashMailbox(): Promise<Mailbox> {
    const mailboxes = await this.services.store.listMailboxes(this.account.id);
    const found = mailboxes.find((m) => m.specialUse === '\\Trash' && m.selectable) ?? mailboxes.find((m) => m.name === 'Trash' && m.selectable);
    return found ?? createMailbox(this.services, this.account, 'Trash', '\\Trash');
  }
}
