/**
 * Reads the tag at the start of a command line, so that even a command the receiver had to
 * throw away can be answered with its tag.
 * RFC 9051 section 9: tag = 1*<any ASTRING-CHAR except "+">.
 */

/** ASTRING-CHAR minus "+": printable ASCII except atom-specials other than "]". */
export function isTagByte(b: number): boolean {
  if (b <= 0x20 || b >= 0x7f) return false;
  // ( ) { % * " \ are atom-specials; + is excluded from tags.
  return b !== 0x28 && b !== 0x29 && b !== 0x7b && b !== 0x25 && b !== 0x2a && b !== 0x22 && b !== 0x5c && b !== 0x2b;
}

/**
 * The tag at the start of `line`, or undefined when the line does not start with a valid one.
 * With `needSpace` (a line cut short), a tag only counts when a space follows it.
 */
export function readTag(line: Buffer, needSpace = false): string | undefined {
  let i = 0;
  while (i < line.length && isTagByte(line[i]!)) i++;
  if (i === 0) return undefined;
  if (i < line.length ? line[i] !== 0x20 : needSpace) return undefined;
  return line.toString('latin1', 0, i);
}
