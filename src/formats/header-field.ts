/**
 * Byte-level tests on single lines of a message header, shared by the mbox and Maildir readers
 * and the mbox writer. Lines are Buffers that may end in LF or CRLF.
 */

const COLON = 0x3a;
const SP = 0x20;
const HT = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** Length of the field name if `line` starts a header field (RFC 5322 3.6.8: printable ASCII
 *  except colon, then the colon; obsolete syntax allows blanks before the colon), else -1. */
export function fieldNameLength(line: Buffer): number {
  let i = 0;
  while (i < line.length && line[i]! >= 0x21 && line[i]! <= 0x7e && line[i] !== COLON) i++;
  if (i === 0) return -1;
  let j = i;
  while (j < line.length && (line[j] === SP || line[j] === HT)) j++;
  return j < line.length && line[j] === COLON ? i : -1;
}

/** True when the line is a syntactically valid start of a header field ("Name: value"). */
export function isHeaderFieldLine(line: Buffer): boolean {
  return fieldNameLength(line) > 0;
}

/** The field name, lower-cased, or null when the line does not start a field. */
export function fieldName(line: Buffer): string | null {
  const n = fieldNameLength(line);
  return n > 0 ? line.toString('latin1', 0, n).toLowerCase() : null;
}

/** The value after the colon, without the line end (latin1, so any byte survives). */
export function fieldValue(line: Buffer): string {
  const colon = line.indexOf(COLON);
  return stripLineEnd(line.toString('latin1', colon + 1)).trim();
}

/** A folded continuation of the previous field (RFC 5322 2.2.3). */
export function isContinuationLine(line: Buffer): boolean {
  return line.length > 0 && (line[0] === SP || line[0] === HT);
}

/** "\n" or "\r\n": the line that ends a header block, or separates mbox messages. */
export function isBlankLine(line: Buffer): boolean {
  return (line.length === 1 && line[0] === LF) || (line.length === 2 && line[0] === CR && line[1] === LF);
}

export function stripLineEnd(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** A short printable excerpt of a line, for problem reports about junk. */
export function describeLine(line: Buffer): string {
  const text = stripLineEnd(line.subarray(0, 40).toString('latin1'));
  const shown = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(line.length > 40 ? `${shown}...` : shown);
}
