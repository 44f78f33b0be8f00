/**
 * Untagged updates about the selected mailbox (RFC 9051 7.5.1, RFC 7162 3.2.10):
 *  - EXISTS (and RECENT for IMAP4rev1) for arrivals, at any command's end and in IDLE;
 *  - EXPUNGE (or VANISHED under QRESYNC) only where allowed: never while answering a
 *    non-UID FETCH, STORE or SEARCH, because the client could not map the numbers it used;
 *  - FETCH (FLAGS) for flag changes, with UID and, under CONDSTORE, MODSEQ.
 * MSNs shift only here, so a client never sees an MSN it was not told of.
 */

import { encodeExists, encodeExpunge, encodeFetch, encodeFlags, encodeRecent, encodeStatusResponse, encodeVanished, mergeRanges } from '../protocol/index.js';
import { flagList } from './flags.js';
import type { ImapSession } from './session.js';
import type { Removed } from './view.js';

/**
 * `catchUp: false` when the feed has just delivered the rows (IDLE): 2,000 sessions told of one
 * change must not each ask the store for rows that were read once for all of them.
 */
export async function announce(session: ImapSession, allowExpunge: boolean, catchUp = true): Promise<void> {
  const view = session.view;
  if (!view) return;
  if (catchUp) await session.shared.feeds.catchUp(view.mailbox.id);
  if (view.deleted) {
    session.bye('The selected mailbox was deleted by another client');
    return;
  }
  if (allowExpunge && view.hasExpunges) {
    const recent = view.countRecent();
    await reportRemoved(session, view.takeExpunges(), recent);
  }
  if (view.hasArrivals) {
    if (!session.rev2) {
      const arrivals = [...view.pendingArrivals];
      // Read-write sessions claim what they are first to be told of; read-only ones only look.
      let firstRecent: number;
      if (view.readOnly) firstRecent = (await session.context.services.store.getMailbox(view.mailbox.id))?.firstRecentUid ?? Number.MAX_SAFE_INTEGER;
      else {
        const claim = session.shared.feeds.claimRecent(view.mailbox.id, arrivals[arrivals.length - 1]!);
        firstRecent = typeof claim === 'number' ? claim : await claim;
      }
      view.markRecent(arrivals, firstRecent);
    }
    session.out.write(encodeExists(view.takeArrivals()));
    if (!session.rev2) session.out.write(encodeRecent(view.countRecent()));
  }
  if (view.hasFlagChanges) {
    const uids = view.takeFlagChanges();
    const states = await session.context.services.store.getFlags(view.mailbox.id, uids);
    const keywords = new Set(states.flatMap((s) => s.keywords));
    if (keywords.size > 0) await announceKeywords(session, [...keywords]);
    for (const state of states) {
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

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

/** FLAGS and PERMANENTFLAGS for the selected mailbox (SELECT, and when keywords change). */
export function writeFlags(session: ImapSession, keywords: readonly string[]): void {
  const view = session.view!;
  for (const keyword of keywords) view.keywords.add(keyword);
  session.out.write(encodeFlags([...SYSTEM_FLAGS, ...keywords], session.encoding));
  session.out.write(
    encodeStatusResponse(
      {
        status: 'OK',
        code: { code: 'PERMANENTFLAGS', flags: view.readOnly ? [] : [...SYSTEM_FLAGS, ...keywords, '\\*'] },
        text: view.readOnly ? 'No permanent flags permitted' : 'Flags permitted',
      },
      session.encoding,
    ),
  );
}

/**
 * RFC 9051 7.3.5: a new FLAGS response when the mailbox's keywords change (a STORE or another
 * client used a new keyword), so the client's list of defined flags stays right. `used` are
 * keywords just stored by this session; without it the store is asked.
 */
export async function announceKeywords(session: ImapSession, used?: readonly string[]): Promise<void> {
  const view = session.view;
  if (!view) return;
  if (used && used.every((k) => view.keywords.has(k))) return;
  const keywords = await session.context.services.store.listKeywords(view.mailbox.id);
  if (keywords.every((k) => view.keywords.has(k))) return;
  writeFlags(session, keywords);
}

/**
 * EXPUNGE responses (highest MSN first, so none shifts another) or, under QRESYNC, one VANISHED
 * (RFC 7162 3.2.10); then, for IMAP4rev1, the new RECENT count when recent messages went.
 */
export async function reportRemoved(session: ImapSession, removed: readonly Removed[], recentBefore: number): Promise<void> {
  if (removed.length === 0) return;
  if (session.qresync) {
    await session.out.send(encodeVanished(mergeRanges(removed.map((r): [number, number] => [r.uid, r.uid])), false));
  } else {
    for (const { msn } of removed) await session.out.send(encodeExpunge(msn));
  }
  const view = session.view;
  if (view && !session.rev2 && view.countRecent() !== recentBefore && !view.hasArrivals) session.out.write(encodeRecent(view.countRecent()));
}
