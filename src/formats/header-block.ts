/**
 * Finds the header fields of a whole message held in memory (the writers' side; the mbox
 * reader works line by line instead).
 */

import { fieldName, fieldValue, isBlankLine, isContinuationLine } from './header-field.js';

const LF = 0x0a;

export interface HeaderField {
  /** Lower-cased name; null for a line in the header block that is not a field. */
  name: string | null;
  /** Byte range of the field in the message, folded lines included. */
  start: number;
  end: number;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Offset of the blank line that ends the header, or null when the message has none (it is
   *  all header). */
  blankLine: number | null;
}

export function scanHeaderBlock(message: Buffer): HeaderBlock {
  const fields: HeaderField[] = [];
  let at = 0;
  while (at < message.length) {
    const lf = message.indexOf(LF, at);
    const end = lf === -1 ? message.length : lf + 1;
    const line = message.subarray(at, end);
    if (isBlankLine(line)) return { fields, blankLine: at };
    const last = fields[fields.length - 1];
    if (isContinuationLine(line) && last !== undefined) last.end = end;
    else fields.push({ name: fieldName(line), start: at, end });
    at = end;
  }
  return { fields, blankLine: null };
}

/** The unfolded value of the first field with this (lower-case) name, or null. */
export function headerValue(message: Buffer, block: HeaderBlock, name: string): string | null {
  const field = block.fields.find((f) => f.name === name);
  if (field === undefined) return null;
  return fieldValue(message.subarray(field.start, field.end)).replace(/\r?\n[ \t]*/g, ' ');
}
