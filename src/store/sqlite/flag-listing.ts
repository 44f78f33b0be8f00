/**
 * A FlagListing from the comma-joined columns of one aggregate row (see listFlags): numbers
 * parsed by JSON.parse in one pass per column, keywords only for the entries that have some.
 */

import type { FlagListing } from '../types.js';

export function flagListingFromColumns(
  uidText: string | null,
  flagText: string | null,
  /** "uid kw1 kw2" per entry with keywords, separated by newlines. */
  keywordText: string | null,
  /** undefined when MODSEQs were not read. */
  modseqText: string | null | undefined,
): FlagListing {
  const uids = Uint32Array.from(numbers(uidText));
  const flags = Uint8Array.from(numbers(flagText));
  const modseqs = modseqText === undefined ? undefined : Float64Array.from(numbers(modseqText));
  if (flags.length !== uids.length || (modseqs && modseqs.length !== uids.length)) throw new Error('entry listing columns differ in length');
  const keywords = new Array<string[] | undefined>(uids.length);
  const byUid = keywordText ? keywordsByUid(keywordText) : null;
  let ascending = true;
  for (let i = 0; i < uids.length; i++) {
    if (i > 0 && uids[i]! <= uids[i - 1]!) ascending = false;
    if (byUid) keywords[i] = byUid.get(uids[i]!);
  }
  const list: FlagListing = modseqs ? { uids, flags, keywords, modseqs } : { uids, flags, keywords };
  // SQLite aggregates the ordered subquery's rows in order; were that ever not so, sort here
  // rather than hand out a listing whose order callers rely on.
  return ascending ? list : sortByUid(list);
}

function numbers(text: string | null): number[] {
  return text ? (JSON.parse(`[${text}]`) as number[]) : [];
}

function keywordsByUid(text: string): Map<number, string[]> {
  const byUid = new Map<number, string[]>();
  for (const line of text.split('\n')) {
    const words = line.split(' ');
    byUid.set(Number(words[0]), words.slice(1));
  }
  return byUid;
}

function sortByUid(list: FlagListing): FlagListing {
  const order = Array.from(list.uids.keys()).sort((a, b) => list.uids[a]! - list.uids[b]!);
  const { uids, flags, keywords, modseqs } = list;
  const sorted: FlagListing = {
    uids: Uint32Array.from(order, (i) => uids[i]!),
    flags: Uint8Array.from(order, (i) => flags[i]!),
    keywords: order.map((i) => keywords[i]),
  };
  if (modseqs) sorted.modseqs = Float64Array.from(order, (i) => modseqs[i]!);
  return sorted;
}
