/**
 * A message as the body of a RETR or TOP response. Pure and incremental: the session pushes the
 * stored bytes in chunks of any size and writes what comes out, so a 50 MB message never sits
 * in memory.
 *
 *   RFC 1939 3: lines end with CRLF; a line that starts with "." gets one more "." (byte-
 *   stuffing); the response ends with "." CRLF. A bare LF in the stored message (delivered
 *   that way) goes out as CRLF; a message that does not end with a line end gets one.
 *   RFC 1939 7 (TOP): the header, the blank line after it, then at most n lines of the body.
 *
 * Sizes: the "exact size" POP3 reports (RFC 1939 11) is what RETR sends before stuffing, i.e.
 * the stored size plus one byte per bare LF; `bareLf` counts them as they pass.
 */

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const DOT_BYTE = Buffer.from('.');
const EMPTY = Buffer.alloc(0);
export const END_OF_RESPONSE = Buffer.from('.\r\n');

export interface BodyEncoderOptions {
  /** TOP: the number of body lines to send after the header; absent for RETR (everything). */
  bodyLines?: number;
}

export class BodyEncoder {
  /** TOP has sent all it should: further input is ignored (the caller may stop reading). */
  done = false;
  /** LFs not preceded by CR seen so far (each became CRLF). */
  bareLf = 0;
  /** Input bytes taken (up to `done`). */
  inputBytes = 0;
  private atLineStart = true;
  /** The last input byte taken, -1 before any. */
  private last = -1;
  /** Bytes of the current line taken so far, CR included. */
  private lineBytes = 0;
  private inHeader: boolean;
  private linesLeft: number;

  constructor(options: BodyEncoderOptions = {}) {
    this.inHeader = options.bodyLines !== undefined;
    this.linesLeft = options.bodyLines ?? Infinity;
  }

  /** Encodes the next piece of the message; returns what to send (possibly empty). */
  push(chunk: Buffer): Buffer {
    if (this.done || chunk.length === 0) return EMPTY;
    const out: Buffer[] = [];
    let emitted = 0; // chunk bytes before this index are in `out`
    let at = 0; // the scan position: always a line start or inside the current line
    const length = chunk.length;
    while (at < length) {
      if (this.atLineStart && chunk[at] === DOT) {
        if (at > emitted) out.push(chunk.subarray(emitted, at));
        out.push(DOT_BYTE);
        emitted = at;
      }
      this.atLineStart = false;
      const lf = chunk.indexOf(LF, at);
      if (lf === -1) {
        this.lineBytes += length - at;
        this.last = chunk[length - 1]!;
        at = length;
        break;
      }
      const before = lf > 0 ? chunk[lf - 1]! : this.last;
      let content = this.lineBytes + (lf - at);
      if (before === CR) {
        content -= 1;
      } else {
        // Bare LF: send the line, then CRLF in place of the LF.
        out.push(chunk.subarray(emitted, lf), CRLF);
        emitted = lf + 1;
        this.bareLf++;
      }
      at = lf + 1;
      this.lineBytes = 0;
      this.last = LF;
      this.atLineStart = true;
      if (this.lineEnded(content === 0)) {
        if (at > emitted) out.push(chunk.subarray(emitted, at));
        this.inputBytes += at;
        this.done = true;
        return out.length === 1 ? out[0]! : Buffer.concat(out);
      }
    }
    if (length > emitted) out.push(chunk.subarray(emitted));
    this.inputBytes += length;
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** TOP bookkeeping at each line end; true when the response is complete. */
  private lineEnded(empty: boolean): boolean {
    if (this.linesLeft === Infinity) return false;
    if (this.inHeader) {
      if (empty) this.inHeader = false;
      return !this.inHeader && this.linesLeft === 0;
    }
    this.linesLeft--;
    return this.linesLeft <= 0;
  }

  /** The end of the response: a line end if the message lacked a final one, then "." CRLF. */
  finish(): Buffer {
    return this.last === -1 || this.last === LF ? END_OF_RESPONSE : Buffer.concat([CRLF, END_OF_RESPONSE]);
  }
}

/** The whole encoding at once, for small messages and tests. */
export function encodeBody(message: Buffer, options: BodyEncoderOptions = {}): Buffer {
  const encoder = new BodyEncoder(options);
  return Buffer.concat([encoder.push(message), encoder.finish()]);
}

/** Stuffed output through the encoder, stopping the source early when TOP is complete. */
export async function* encodeStream(source: AsyncIterable<Buffer>, encoder: BodyEncoder): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const out = encoder.push(chunk);
    if (out.length > 0) yield out;
    if (encoder.done) break; // leaving the loop ends (destroys) the source stream
  }
  yield encoder.finish();
}
