/**
 * SEARCH over a mailbox: the keys are prepared once (sequence sets to UID ranges) and planned
 * (plan.ts): the store answers in SQL what it can, exactly or as a prefilter; candidates of an
 * inexact plan are then tested one by one in groups (one store read per group; the event loop
 * gets a turn between groups so a large search does not stall other sessions' IDLE).
 */

import type { SearchKey } from '../imap/protocol/index.js';
import { normalizeSequenceSet, type NumberRange } from '../imap/protocol/sequence-set.js';
import type { MailboxId, Store } from '../store/types.js';
import { evaluate, MessageData, needsContent, type PreparedKey, type SearchScope } from './evaluate.js';
import { plan } from './plan.js';

const GROUP = 500;

export interface SearchInput extends SearchScope {
  store: Store;
  mailboxId: MailboxId;
  /** The messages the client knows, ascending UIDs: the search's universe. */
  candidates: ArrayLike<number>;
  /** "*" for MSN sets and UID sets. */
  maxMsn: number;
  maxUid: number;
  /** The SEARCHRES result ("$"), as UIDs. */
  saved: readonly number[];
}

export function prepare(key: SearchKey, input: SearchInput): PreparedKey {
  switch (key.kind) {
    case 'seq':
      if (key.set.kind === 'saved') return savedRanges(input);
      return { kind: 'msns', ranges: normalizeSequenceSet(key.set, input.maxMsn) };
    case 'uid':
      if (key.set.kind === 'saved') return savedRanges(input);
      return { kind: 'uids', ranges: normalizeSequenceSet(key.set, input.maxUid) };
    case 'not':
      return { kind: 'not', key: prepare(key.key, input) };
    case 'or':
      return { kind: 'or', left: prepare(key.left, input), right: prepare(key.right, input) };
    case 'and':
      return { kind: 'and', keys: key.keys.map((k) => prepare(k, input)) };
    default:
      return key;
  }
}

function savedRanges(input: SearchInput): PreparedKey {
  return { kind: 'uids', ranges: input.saved.map((uid): NumberRange => [uid, uid]) };
}

/** UIDs (ascending) of the candidates matching all keys. */
export async function searchMailbox(keys: readonly SearchKey[], input: SearchInput): Promise<number[]> {
  const candidates = input.candidates;
  if (candidates.length === 0) return [];
  const root: PreparedKey = { kind: 'and', keys: keys.map((k) => prepare(k, input)) };
  const { predicate, exact } = plan(root, {
    msnRangeToUids: (low, high) => {
      const from = Math.max(1, low);
      const to = Math.min(candidates.length, high);
      return from <= to ? [candidates[from - 1]!, candidates[to - 1]!] : null;
    },
    now: input.now,
  });
  const first = candidates[0]!;
  const last = candidates[candidates.length - 1]!;
  // Only messages the client knows of count: not ones that arrived since its last update.
  const known = (await input.store.searchUids(input.mailboxId, predicate, first, last)).filter((uid) => input.msnOf(uid) > 0);
  if (exact) return known;
  const withMime = needsContent(root);
  const matches: number[] = [];
  for (let at = 0; at < known.length; at += GROUP) {
    const group = known.slice(at, at + GROUP);
    const entries = await input.store.getEntries(input.mailboxId, group, { withMime });
    for (const entry of entries) {
      if (await evaluate(root, new MessageData(entry, input.store), input)) matches.push(entry.uid);
    }
    if (at + GROUP < known.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return matches;
}
