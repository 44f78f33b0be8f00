/**
 * Byte classes of the IMAP grammar (RFC 9051 section 9), shared by the parser and the encoder.
 * CHAR is 7-bit; atoms never contain 8-bit bytes.
 */

const ATOM = new Uint8Array(256);
for (let b = 0x21; b < 0x7f; b++) ATOM[b] = 1;
// atom-specials: "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
for (const ch of '(){%*"\\]') ATOM[ch.charCodeAt(0)] = 0;

/** ATOM-CHAR. */
export function isAtomChar(b: number): boolean {
  return ATOM[b] === 1;
}

/** ASTRING-CHAR = ATOM-CHAR / resp-specials. */
export function isAstringChar(b: number): boolean {
  return ATOM[b] === 1 || b === 0x5d;
}

/** list-char = ATOM-CHAR / list-wildcards / resp-specials. */
export function isListChar(b: number): boolean {
  return ATOM[b] === 1 || b === 0x25 || b === 0x2a || b === 0x5d;
}

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** True when every byte of `s` (a latin1/ASCII string) satisfies `test` and s is not empty. */
export function allChars(s: string, test: (b: number) => boolean): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!test(s.charCodeAt(i))) return false;
  return true;
}
