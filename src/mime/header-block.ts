/**
 * Splits a header block (RFC 5322 section 2.2) into fields. Works on raw bytes so offsets stay
 * exact; accepts CRLF and bare LF line ends, obsolete whitespace before the colon (RFC 5322
 * section 4.5 obs-optional), and skips lines that are not fields (no colon, or a name with
 * spaces, such as an mbox "From " line), which real mail contains.
 */
import { MIME_MAX_HEADER_LINE_BYTES } from '../limits.js';
import type { AddressItem } from './address.js';

export interface RawField {
  /** Field name as written, trailing whitespace removed. */
  name: string;
  /** Lower-cased name. */
  lname: string;
  /** Offsets relative to the block: the whole field including continuation lines and line end. */
  start: number;
  end: number;
  /** Value bytes after the colon, up to but excluding the final line end; folds kept. */
  value: Buffer;
  /** True when the value was cut at MIME_MAX_HEADER_LINE_BYTES. */
  truncated: boolean;
  /** The parsed address list, cached by addressesOf (envelope.ts). */
  addresses?: AddressItem[];
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/** Parses the block; `block` may include the terminating blank line, which is ignored. */
export function splitHeaderFields(block: Buffer): RawField[] {
  const fields: RawField[] = [];
  let pos = 0;
  const len = block.length;
  while (pos < len) {
    // Find the end of this field: a line end not followed by WSP (RFC 5322 2.2.3 folding).
    const start = pos;
    let lineEnd = block.indexOf(LF, pos);
    if (lineEnd < 0) lineEnd = len - 1;
    // A blank line ends the header block.
    if (lineEnd === pos || (lineEnd === pos + 1 && block[pos] === CR)) break;
    let end = lineEnd + 1;
    while (end < len && (block[end] === SP || block[end] === TAB)) {
      const next = block.indexOf(LF, end);
      end = next < 0 ? len : next + 1;
    }
    pos = end;
    // A continuation line with no field before it is not a field.
    if (block[start] === SP || block[start] === TAB) continue;
    const colon = block.indexOf(COLON, start);
    if (colon < 0 || colon >= end) continue;
    let nameEnd = colon;
    while (nameEnd > start && (block[nameEnd - 1] === SP || block[nameEnd - 1] === TAB)) nameEnd--;
    if (nameEnd === start) continue;
    let validName = true;
    for (let i = start; i < nameEnd; i++) {
      const c = block[i]!;
      if (c <= SP || c >= 0x7f) {
        validName = false;
        break;
      }
    }
    if (!validName) continue;
    const name = block.toString('latin1', start, nameEnd);
    let valueEnd = end;
    if (valueEnd > colon + 1 && block[valueEnd - 1] === LF) valueEnd--;
    if (valueEnd > colon + 1 && block[valueEnd - 1] === CR) valueEnd--;
    let truncated = false;
    if (valueEnd - (colon + 1) > MIME_MAX_HEADER_LINE_BYTES) {
      valueEnd = colon + 1 + MIME_MAX_HEADER_LINE_BYTES;
      truncated = true;
    }
    fields.push({
      name,
      lname: name.toLowerCase(),
      start,
      end,
      value: block.subarray(colon + 1, valueEnd),
      truncated,
    });
  }
  return fields;
}

/**
 * Unfolds a value (RFC 5322 section 2.2.3: remove each CRLF that is followed by WSP), also bare
 * LF and stray CR, and turns NUL into U+FFFD since NUL can never be sent in an IMAP string
 * (RFC 9051 section 4.3).
 */
export function unfold(value: Buffer): Buffer {
  let needs = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === CR || c === LF || c === 0) {
      needs = true;
      break;
    }
  }
  if (!needs) return value;
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === CR || c === LF) continue;
    if (c === 0) out.push(0xef, 0xbf, 0xbd);
    else out.push(c);
  }
  return Buffer.from(out);
}

/**
 * Text for humans (subject, display names): line ends removed, tabs made spaces, runs of
 * whitespace collapsed and the ends trimmed, as Dovecot presents them.
 */
export function humanText(value: Buffer): Buffer {
  const v = unfold(value);
  const out = Buffer.allocUnsafe(v.length);
  let n = 0;
  let lastWs = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === SP || c === TAB) {
      if (!lastWs) out[n++] = SP;
      lastWs = true;
    } else {
      out[n++] = c;
      lastWs = false;
    }
  }
  if (n > 0 && out[n - 1] === SP) n--;
  return Buffer.from(out.subarray(0, n));
}

/** Unfolded value with surrounding whitespace removed. */
export function fieldValue(value: Buffer): Buffer {
  const v = unfold(value);
  let s = 0;
  let e = v.length;
  while (s < e && (v[s] === SP || v[s] === TAB)) s++;
  while (e > s && (v[e - 1] === SP || v[e - 1] === TAB)) e--;
  return v.subarray(s, e);
}
