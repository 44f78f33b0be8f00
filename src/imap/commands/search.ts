/**
 * SEARCH and UID SEARCH (RFC 9051 6.4.4, RFC 3501 6.4.4) with ESEARCH (RFC 4731: RETURN MIN
 * MAX ALL COUNT), SEARCHRES (RFC 5182: SAVE and "$") and CONDSTORE's MODSEQ (RFC 7162 3.1.5).
 * IMAP4rev1 sessions without RETURN get the classic `* SEARCH` response; IMAP4rev2 ones always
 * get ESEARCH.
 */

import { searchMailbox } from '../../search/search.js';
import { encodeEsearch, encodeSearch, mergeRanges, type SearchCommand, type SearchKey } from '../protocol/index.js';
import { noExpungeUnlessUid, SELECTED, type CommandTable, type Completion } from '../session/command-spec.js';
import { NoError } from '../session/errors.js';
import { enableCondstore } from '../session/condstore.js';
import { requireView } from '../session/sequence.js';
import type { ImapSession } from '../session/session.js';

/** Charsets SEARCH accepts (RFC 9051 6.4.4: US-ASCII and UTF-8 MUST be supported). */
const CHARSETS = ['UTF-8', 'US-ASCII'];

function usesModseq(keys: readonly SearchKey[]): boolean {
  return keys.some((key) => {
    switch (key.kind) {
      case 'modseq':
        return true;
      case 'not':
        return usesModseq([key.key]);
      case 'or':
        return usesModseq([key.left, key.right]);
      case 'and':
        return usesModseq(key.keys);
      default:
        return false;
    }
  });
}

/**
 * What SAVE keeps (RFC 5182 2.4): with MIN and/or MAX and neither ALL nor COUNT, only the
 * messages those return; otherwise every message found. `uids` is ascending.
 */
function savedResult(uids: number[], returns: readonly string[]): number[] {
  if (returns.includes('ALL') || returns.includes('COUNT') || uids.length === 0) return uids;
  const min = returns.includes('MIN');
  const max = returns.includes('MAX');
  if (!min && !max) return uids;
  const kept = new Set<number>();
  if (min) kept.add(uids[0]!);
  if (max) kept.add(uids[uids.length - 1]!);
  return [...kept].sort((a, b) => a - b);
}

async function search(session: ImapSession, command: SearchCommand): Promise<Completion | void> {
  const view = requireView(session);
  const saving = command.returns?.includes('SAVE') ?? false;
  if (command.charset !== undefined && !CHARSETS.includes(command.charset.toUpperCase())) {
    // RFC 5182 2.1: a failed SEARCH ... SAVE leaves the saved result empty.
    if (saving) session.savedSearch = [];
    throw new NoError(`Charset ${command.charset} is not supported`, { code: 'BADCHARSET', charsets: CHARSETS });
  }
  const modseq = usesModseq(command.criteria);
  if (modseq) await enableCondstore(session);
  const store = session.context.services.store;
  let uids: number[];
  try {
    uids = await searchMailbox(command.criteria, {
      store,
      mailboxId: view.mailbox.id,
      candidates: view.slice(0, view.exists),
      maxMsn: view.exists,
      maxUid: view.maxUid,
      saved: session.savedSearch,
      msnOf: (uid) => view.msnOf(uid),
      isRecent: (uid) => !session.rev2 && view.isRecent(uid),
      now: new Date(),
    });
  } catch (error) {
    if (saving) session.savedSearch = [];
    throw error;
  }
  // Messages expunged elsewhere but not yet announced cannot match what no longer exists.
  uids = uids.filter((uid) => !view.isExpunged(uid));
  if (saving) session.savedSearch = savedResult(uids, command.returns!);
  const numbers = command.uid ? uids : uids.map((uid) => view.msnOf(uid));
  const highestModseq = modseq && uids.length > 0 ? (await store.getFlags(view.mailbox.id, uids)).reduce((max, s) => Math.max(max, s.modseq), 0) : undefined;

  const returns = command.returns;
  if (returns === undefined && !session.rev2) {
    session.out.write(encodeSearch(numbers, highestModseq));
    return;
  }
  // RETURN () and IMAP4rev2's plain SEARCH mean ALL (RFC 4731 3.1, RFC 9051 6.4.4).
  const options = returns === undefined || returns.length === 0 ? ['ALL'] : returns;
  // RFC 5182 2.4: SAVE alone produces no ESEARCH response.
  if (options.length === 1 && options[0] === 'SAVE') return;
  const sorted = [...numbers].sort((a, b) => a - b);
  session.out.write(
    encodeEsearch(
      {
        tag: command.tag,
        uid: command.uid,
        ...(options.includes('MIN') && sorted.length > 0 ? { min: sorted[0]! } : {}),
        ...(options.includes('MAX') && sorted.length > 0 ? { max: sorted[sorted.length - 1]! } : {}),
        ...(options.includes('ALL') ? { all: mergeRanges(sorted.map((n): [number, number] => [n, n])) } : {}),
        ...(options.includes('COUNT') ? { count: sorted.length } : {}),
        ...(highestModseq !== undefined ? { modseq: highestModseq } : {}),
      },
      session.encoding,
    ),
  );
}

export const searchCommands: CommandTable = {
  SEARCH: { states: SELECTED, announce: noExpungeUnlessUid, run: search },
};
