/**
 * One message in mbox form, as the writer puts it in the file:
 *
 *   From <sender> <asctime date>      sender from Return-Path, else MAILER-DAEMON
 *   <header fields>                   without any mbox metadata fields the message had
 *   Status: / X-Status: / X-Keywords: from the flags, at the end of the header
 *   <blank line>
 *   <body>                            CRLF -> LF, mboxrd quoting: />*From / gets one more '>'
 *   <blank line>                      separates it from the next message
 *
 * A message that does not end with a line end cannot be told apart from one that does once a
 * separator follows, so such a message gets a Content-Length header with the length of its
 * body without the line end the file needs (0 when it has no body at all, the fields going
 * first then); the reader removes that line end again. Content-Length keeps its usual mboxcl
 * meaning, so other readers are not misled.
 */

import { scanHeaderBlock, headerValue } from './header-block.js';
import { formatFromLine } from './mbox-from-line.js';
import { MBOX_METADATA_FIELDS, metadataLines } from './mbox-metadata.js';
import type { ExportMessage } from './types.js';

const LF = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from('\n');
const QUOTE = Buffer.from('>');

/** Appends the lines of message[start, end) to `out`, CRLF -> LF, with mboxrd quoting. Returns
 *  the number of bytes appended. */
function encodeLines(message: Buffer, start: number, end: number, out: Buffer[]): number {
  let length = 0;
  let at = start;
  while (at < end) {
    const lf = message.indexOf(LF, at);
    const lineEnd = lf === -1 || lf >= end ? end : lf + 1;
    if (needsQuote(message, at, lineEnd)) {
      out.push(QUOTE);
      length++;
    }
    if (lineEnd - at >= 2 && message[lineEnd - 1] === LF && message[lineEnd - 2] === CR) {
      out.push(message.subarray(at, lineEnd - 2), NEWLINE);
      length += lineEnd - at - 1;
    } else {
      out.push(message.subarray(at, lineEnd));
      length += lineEnd - at;
    }
    at = lineEnd;
  }
  return length;
}

/** />*From / (mboxrd, RFC 4155 appendix). */
function needsQuote(message: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && message[i] === 0x3e) i++;
  return end - i >= 5 && message.toString('latin1', i, i + 5) === 'From ';
}

/** The message's mbox form, separator blank line included. `now` stands in for a missing
 *  internalDate. */
export function encodeMboxMessage(message: ExportMessage, now: Date): Buffer {
  const bytes = message.bytes;
  const block = scanHeaderBlock(bytes);
  const out: Buffer[] = [Buffer.from(formatFromLine(headerValue(bytes, block, 'return-path'), message.internalDate ?? now), 'latin1')];
  const metadata = Buffer.from(metadataLines(message.flags, message.keywords), 'latin1');
  const endsWithLf = bytes.length > 0 && bytes[bytes.length - 1] === LF;
  const kept = block.fields.filter((f) => f.name === null || !MBOX_METADATA_FIELDS.has(f.name));

  if (block.blankLine === null && !endsWithLf && bytes.length > 0) {
    out.push(metadata, Buffer.from('Content-Length: 0\n'));
    for (const f of kept) encodeLines(bytes, f.start, f.end, out);
    out.push(NEWLINE);
  } else {
    for (const f of kept) encodeLines(bytes, f.start, f.end, out);
    out.push(metadata);
    if (block.blankLine !== null) {
      const body: Buffer[] = [];
      // The blank line is part of what encodeLines sees; it is one byte ("\n") in the file.
      const bodyLength = encodeLines(bytes, block.blankLine, bytes.length, body) - 1;
      if (!endsWithLf) out.push(Buffer.from(`Content-Length: ${bodyLength}\n`));
      out.push(...body);
      if (!endsWithLf) out.push(NEWLINE);
    }
  }
  out.push(NEWLINE);
  return Buffer.concat(out);
}
