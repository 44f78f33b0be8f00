/**
 * What all POP3 listeners of one server share about local maildrops (pop3 and pop3s are two
 * protocol servers over the same services): the lock that allows one POP3 session per maildrop
 * (RFC 1939 8: "exclusive-access lock"), the time of each account's last login for
 * LOGIN-DELAY (RFC 2449 6.5). All in memory: a restart
 * ends every session, so no lock outlives its holder.
 */

import { POP3_LOGIN_DELAY_ENTRIES } from '../limits.js';
import type { Services } from '../../services/context.js';
import type { AccountId } from '../../store/types.js';

export class LocalMaildropState {
  private readonly locked = new Set<AccountId>();
  private readonly lastLogin = new Map<AccountId, number>();

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
    if (this.lastLogin.size > POP3_LOGIN_DELAY_ENTRIES) {
      for (const [id, at] of this.lastLogin) if (at + delayS * 1000 < now) this.lastLogin.delete(id);
    }
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
