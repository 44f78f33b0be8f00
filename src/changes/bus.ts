/**
 * The poke bus. Services publish after their transaction commits; sessions that have a mailbox
 * selected (or an account open) listen. A poke carries no data: listeners read the durable
 * change journal past the last MODSEQ they saw, so a lost or coalesced poke costs latency,
 * never an update (ARCHITECTURE.md, "Change propagation").
 */

import type { AccountId, MailboxId } from '../store/types.js';

export type MailboxEvent =
  /** New journal rows up to `modseq` exist. */
  | { type: 'changed'; mailboxId: MailboxId; modseq: number }
  /** The mailbox is gone (or became a \Noselect placeholder). */
  | { type: 'deleted'; mailboxId: MailboxId };

export type AccountEvent =
  /** Mailboxes were created, renamed or deleted, or subscriptions changed. */
  { type: 'mailboxes'; accountId: AccountId };

type Listener<E> = (event: E) => void;

export class ChangeBus {
  private readonly mailboxListeners = new Map<MailboxId, Set<Listener<MailboxEvent>>>();
  private readonly accountListeners = new Map<AccountId, Set<Listener<AccountEvent>>>();

  /** Listens to one mailbox; returns the function that stops listening. */
  onMailbox(mailboxId: MailboxId, listener: Listener<MailboxEvent>): () => void {
    return subscribe(this.mailboxListeners, mailboxId, listener);
  }

  onAccount(accountId: AccountId, listener: Listener<AccountEvent>): () => void {
    return subscribe(this.accountListeners, accountId, listener);
  }

  publishMailbox(event: MailboxEvent): void {
    deliver(this.mailboxListeners.get(event.mailboxId), event);
  }

  publishAccount(event: AccountEvent): void {
    deliver(this.accountListeners.get(event.accountId), event);
  }

  /** Mailboxes that somebody listens to (for the cross-process change watcher). */
  watchedMailboxes(): MailboxId[] {
    return [...this.mailboxListeners.keys()];
  }

  listenerCount(mailboxId: MailboxId): number {
    return this.mailboxListeners.get(mailboxId)?.size ?? 0;
  }
}

function subscribe<K, E>(map: Map<K, Set<Listener<E>>>, key: K, listener: Listener<E>): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(listener);
  return () => {
    const current = map.get(key);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) map.delete(key);
  };
}

function deliver<E>(listeners: Set<Listener<E>> | undefined, event: E): void {
  if (!listeners) return;
  // Copy: a listener may unsubscribe (or subscribe others) while being told.
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch {
      // One session's failure must not keep the others from hearing of the change.
    }
  }
}
