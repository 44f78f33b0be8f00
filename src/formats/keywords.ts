/**
 * Keyword (IMAP user flag) names as found in files: checked so that a reader never hands the
 * importer something IMAP cannot express.
 */

import { MAX_KEYWORD_BYTES } from '../limits.js';

/** RFC 9051 flag-keyword = atom: printable ASCII except atom-specials ( ) { SP % * " \ ] */
const ATOM = /^[!#$&'+,\-./0-9:;<=>?@A-Z[^_`a-z|}~]+$/;

export function isValidKeyword(keyword: string): boolean {
  return keyword.length > 0 && keyword.length <= MAX_KEYWORD_BYTES && ATOM.test(keyword);
}

/** Keeps the valid keywords, first spelling wins among case-insensitive duplicates (IMAP
 *  keywords are case-insensitive). */
export function cleanKeywords(keywords: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const keyword of keywords) {
    const key = keyword.toLowerCase();
    if (!isValidKeyword(keyword) || seen.has(key)) continue;
    seen.add(key);
    out.push(keyword);
  }
  return out;
}

/** Splits a keyword list header (X-Keywords, X-Mozilla-Keys): comma and/or blank separated. */
export function splitKeywordList(value: string): string[] {
  return value.split(/[\s,]+/).filter((k) => k.length > 0);
}
