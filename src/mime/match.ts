/**
 * Case-insensitive, Unicode-aware substring matching for IMAP SEARCH (RFC 9051 section 6.4.4:
 * "a substring match, case-insensitive"). Both sides are folded the way the i;unicode-casemap
 * collation (RFC 5051) describes: full case folding, approximated here by upper- then lower-
 * casing (so "ß" matches "SS"), then NFKD decomposition (so composed and decomposed accents
 * match, and compatibility forms such as "ﬁ" match "fi"). Runs of whitespace match one space.
 */

/** The folded form of a string for matching. */
export function foldForSearch(s: string): string {
  return s.normalize('NFKD').toUpperCase().toLowerCase().normalize('NFKD').replace(/\s+/g, ' ');
}

/** A matcher for one needle, folded once and used against many haystacks. */
export function createMatcher(needle: string): (haystack: string) => boolean {
  const n = foldForSearch(needle);
  if (n.length === 0) return () => true;
  return (haystack: string) => foldForSearch(haystack).includes(n);
}

/** True when haystack contains needle, ignoring case (RFC 9051 SEARCH semantics). */
export function matchesText(haystack: string, needle: string): boolean {
  return createMatcher(needle)(haystack);
}
