/**
 * Untagged updates about the selected mailbox (RFC 9051 7.5.1, RFC 7162 3.2.10):
 *  - EXISTS (and RECENT for IMAP4rev1) for arrivals, at any command's end and in IDLE;
 *  - EXPUNGE (or VANISHED under QRESYNC) only where allowed: never while answering a
 *    non-UID FETCH, STORE or SEARCH, because the client could not map the numbers it used;
 *  - FETCH (FLAGS) for flag changes, with UID and, under CONDSTORE, MODSEQ.
 * MSNs shift only here, so a client never sees an MSN it was not told of.
 */

import { encodeExists, encodeExpunge, encodeFetch, encodeRecent, encodeVanished, mergeRanges } from '../protocol/index.js';
import { flagList } from './flags.js';
import type { ImapSession } from './session.js';

export async function announce(session: ImapSession, allowExpunge: boolean): Promise<void> {
  const view = session.view;
  if (!view) return;
  await session.shared.feeds.catchUp(view.mailbox.id);
  if (view.deleted) {
    session.bye('The selected mailbox was deleted by another client');
    return;
  }
  if (allowExpunge && view.hasExpunges) {
    const removed = view.takeExpunges();
    if (session.qresync) {
      await session.out.send(encodeVanished(mergeRanges(removed.map((r): [number, number] => [r.uid, r.uid])), false));
    } else {
      for (const { msn } of removed) await session.out.send(encodeExpunge(msn));
    }
  }
  if (view.hasArrivals) {
    session.out.write(encodeExists(view.takeArrivals()));
    if (!session.rev2) session.out.write(encodeRecent(view.countRecent()));
  }
  if (view.hasFlagChanges) {
    const uids = view.takeFlagChanges();
    for (const state of await session.context.services.store.getFlags(view.mailbox.id, uids)) {
      const msn = view.msnOf(state.uid);
      if (msn === 0) continue;
      const values = [
        { kind: 'UID' as const, uid: state.uid },
        { kind: 'FLAGS' as const, flags: flagList(session, state) },
        ...(session.condstore ? [{ kind: 'MODSEQ' as const, modseq: state.modseq }] : []),
      ];
      for (const part of encodeFetch(msn, values, session.encoding)) if (Buffer.isBuffer(part)) await session.out.send(part);
    }
  }
}

