/**
 * Notices commits made by other processes (`mailkeep deliver`, `mailkeep import`, another
 * Mailkeep on the same SQLite file) and pokes the bus for the mailboxes sessions listen to.
 * In-process changes poke the bus directly; this covers the rest at a small polling cost
 * (one PRAGMA per interval, and one mailbox read per watched mailbox when something changed).
 */

import type { Store } from '../store/types.js';
import type { ChangeBus } from './bus.js';

export function watchExternalChanges(store: Store, bus: ChangeBus, intervalMs = 250): () => void {
  let version: number | null = null;
  const known = new Map<number, number>();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = await store.externalVersion();
      if (version !== null && now !== version) {
        for (const mailboxId of bus.watchedMailboxes()) {
          const mailbox = await store.getMailbox(mailboxId);
          if (!mailbox) {
            bus.publishMailbox({ type: 'deleted', mailboxId });
            continue;
          }
          if (known.get(mailboxId) !== mailbox.highestModseq) {
            known.set(mailboxId, mailbox.highestModseq);
            bus.publishMailbox({ type: 'changed', mailboxId, modseq: mailbox.highestModseq });
          }
        }
      }
      version = now;
    } catch {
      // The store is closing or busy; the next tick tries again.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
