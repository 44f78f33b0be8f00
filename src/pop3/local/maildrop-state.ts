/**
 * What all POP3 listeners of one server share about local maildrops (pop3 and pop3s are two
 * protocol servers over the same services): the lock that allows one POP3 session per maildrop
 * (RFC 1939 8: "exclusive-access lock"), the time of each account's last login for
 * LOGIN-DELAY (RFC 2449 6.5), and the bare-LF size corrections. All in memory: a restart
 * ends every session, so no lock outlives its holder.
 */

import { POP3_SIZE_CACHE_ENTRIES } from '../limits.js';
import type { Services } from '../../services/context.js';
import type { AccountId, MailboxId } from '../../store/types.js';

export class LocalMaildropState {
  private readonly locked = new Set<AccountId>();
  private readonly lastLogin = new Map<AccountId, number>();
  /** Per mailbox: UID -> bytes RETR sends beyond the stored size (one per bare LF); only non-zero. */
  private readonly extraBytes = new Map<MailboxId, { uidValidity: number; extra: Map<number, number> }>();
  private extraCount = 0;

  /** Takes the account's maildrop lock; returns its release, or null when another session has it. */
  lock(account: AccountId): (() => void) | null {
    if (this.locked.has(account)) return null;
    this.locked.add(account);
    let held = true;
    return () => {
      if (held) this.locked.delete(account);
      held = false;
    };
  }

  /** Seconds to wait before this account may log in again; 0 when it may now. */
  loginDelayLeft(account: AccountId, delayS: number, now = Date.now()): number {
    const last = this.lastLogin.get(account);
    if (delayS <= 0 || last === undefined) return 0;
    return Math.max(0, Math.ceil((last + delayS * 1000 - now) / 1000));
  }

  recordLogin(account: AccountId, delayS: number, now = Date.now()): void {
    if (delayS <= 0) return;
    this.lastLogin.set(account, now);
    // Bounded: entries older than the delay no longer matter.
    if (this.lastLogin.size > POP3_SIZE_CACHE_ENTRIES) {
      for (const [id, at] of this.lastLogin) if (at + delayS * 1000 < now) this.lastLogin.delete(id);
    }
  }

  /**
   * Sizes to correct in a snapshot of this mailbox: UID -> bytes RETR sends beyond the stored
   * size (one per bare LF), for the messages a RETR has seen with bare LFs.
   */
  corrections(mailbox: MailboxId, uidValidity: number): ReadonlyMap<number, number> | undefined {
    const entry = this.extraBytes.get(mailbox);
    return entry && entry.uidValidity === uidValidity ? entry.extra : undefined;
  }

  noteExtra(mailbox: MailboxId, uidValidity: number, uid: number, extra: number): void {
    if (extra <= 0) return;
    let entry = this.extraBytes.get(mailbox);
    if (!entry || entry.uidValidity !== uidValidity) {
      entry = { uidValidity, extra: new Map() };
      this.extraBytes.set(mailbox, entry);
    }
    if (entry.extra.has(uid)) return;
    if (this.extraCount >= POP3_SIZE_CACHE_ENTRIES) {
      // Bounded memory: start over (the corrections are an optimisation of exactness only).
      this.extraBytes.clear();
      this.extraCount = 0;
      return this.noteExtra(mailbox, uidValidity, uid, extra);
    }
    entry.extra.set(uid, extra);
    this.extraCount++;
  }
}

const shared = new WeakMap<Services, LocalMaildropState>();

/** The one state object of the server these services belong to. */
export function localMaildropState(services: Services): LocalMaildropState {
  let state = shared.get(services);
  if (!state) {
    state = new LocalMaildropState();
    shared.set(services, state);
  }
  return state;
}
