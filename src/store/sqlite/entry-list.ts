/**
 * An EntryList from the comma-joined columns of one aggregate row (see listEntries): numbers
 * parsed by JSON.parse in one pass per column, keywords only for the entries that have some.
 */

import type { EntryList } from '../types.js';

export function entryListFromColumns(
  uidText: string | null,
  flagText: string | null,
  modseqText: string | null,
  /** "uid kw1 kw2" per entry with keywords, separated by newlines. */
  keywordText: string | null,
): EntryList {
  const uids = Uint32Array.from(numbers(uidText));
  const flags = Uint8Array.from(numbers(flagText));
  const modseqs = Float64Array.from(numbers(modseqText));
  if (flags.length !== uids.length || modseqs.length !== uids.length) throw new Error('entry listing columns differ in length');
  const keywords = new Array<string[] | undefined>(uids.length);
  const byUid = keywordText ? keywordsByUid(keywordText) : null;
  let ascending = true;
  for (let i = 0; i < uids.length; i++) {
    if (i > 0 && uids[i]! <= uids[i - 1]!) ascending = false;
    if (byUid) keywords[i] = byUid.get(uids[i]!);
  }
  const list = { uids, flags, modseqs, keywords };
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

function sortByUid(list: EntryList): EntryList {
  const order = Array.from(list.uids.keys()).sort((a, b) => list.uids[a]! - list.uids[b]!);
  return {
    uids: Uint32Array.from(order, (i) => list.uids[i]!),
    flags: Uint8Array.from(order, (i) => list.flags[i]!),
    modseqs: Float64Array.from(order, (i) => list.modseqs[i]!),
    keywords: order.map((i) => list.keywords[i]),
  };
}
