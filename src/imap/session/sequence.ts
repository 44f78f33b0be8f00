/**
 * Sequence sets to the messages they name in the session's view (RFC 9051 9, 6.4.8):
 * MSNs are positions in the view; UIDs are looked up by binary search; "*" is the last
 * message (or highest UID) the client knows; "$" is the SEARCHRES result.
 */

import { normalizeSequenceSet, type SequenceSet } from '../protocol/index.js';
import { BadError, NoError } from './errors.js';
import type { ImapSession } from './session.js';
import type { MailboxView } from './view.js';

export function requireView(session: ImapSession): MailboxView {
  if (!session.view) throw new BadError('No mailbox selected');
  return session.view;
}

/** The UIDs (ascending) a sequence set names. */
export function resolveSet(session: ImapSession, set: SequenceSet, byUid: boolean): number[] {
  const view = requireView(session);
  if (set.kind === 'saved') {
    // RFC 5182 2.1: "$" is the saved result, restricted to messages still in the mailbox.
    return session.savedSearch.filter((uid) => view.msnOf(uid) > 0);
  }
  const out: number[] = [];
  if (byUid) {
    // "*" is the highest UID in use; for an empty mailbox nothing matches (RFC 9051 6.4.8:
    // "n:*" with n above every UID still names the last message).
    for (const [low, high] of normalizeSequenceSet(set, view.maxUid)) {
      const end = view.lowerBound(high + 1);
      for (let i = view.lowerBound(low); i < end; i++) out.push(view.uidAt(i + 1));
    }
    return out;
  }
  const exists = view.exists;
  for (const [low, high] of normalizeSequenceSet(set, exists)) {
    if (high > exists || low < 1) {
      if (exists === 0) throw new BadError('No messages in the mailbox');
      throw new BadError(`Invalid message sequence number (the mailbox has ${exists} messages)`);
    }
    for (let msn = low; msn <= high; msn++) out.push(view.uidAt(msn));
  }
  return out;
}

/** For commands that need messages: NO when the set names none (e.g. all expunged). */
export function requireSome(uids: number[], what: string): number[] {
  if (uids.length === 0) throw new NoError(`No matching messages for ${what}`);
  return uids;
}
