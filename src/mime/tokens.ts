/**
 * A cursor over structured header values (RFC 5322 section 3.2, RFC 2045 section 5.1): comments
 * (nested, with quoted-pairs), quoted strings, tokens and specials. Never throws; on broken input
 * it returns what it can and the caller decides.
 */
import { isValidUtf8 } from './charset.js';
import type { HeaderText } from './types.js';

const SP = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

/** RFC 2045 tspecials plus CTLs and space end a token. */
const TSPECIALS = new Uint8Array(256);
for (const c of '()<>@,;:\\"/[]?=') TSPECIALS[c.charCodeAt(0)] = 1;
for (let i = 0; i <= 0x20; i++) TSPECIALS[i] = 1;
TSPECIALS[0x7f] = 1;

/** Header bytes as HeaderText: a string when valid UTF-8, otherwise the bytes themselves. */
export function headerText(bytes: Buffer): HeaderText {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) return isValidUtf8(bytes) ? bytes.toString('utf8') : Buffer.from(bytes);
  }
  return bytes.toString('latin1');
}

export class TokenCursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  peek(): number {
    return this.pos < this.buf.length ? this.buf[this.pos]! : -1;
  }

  /** Skips whitespace and comments (CFWS). */
  skipCfws(): void {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (c === SP || c === TAB || c === CR || c === LF) this.pos++;
      else if (c === 0x28) this.skipComment();
      else break;
    }
  }

  /** Skips one comment, returning its text (quoted-pairs resolved). */
  skipComment(): Buffer {
    const b = this.buf;
    let depth = 0;
    const out: number[] = [];
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c && this.pos < b.length) {
        out.push(b[this.pos++]!);
        continue;
      }
      if (c === 0x28) {
        if (depth > 0) out.push(c);
        depth++;
      } else if (c === 0x29) {
        depth--;
        if (depth === 0) break;
        out.push(c);
      } else if (c !== CR && c !== LF) out.push(c);
    }
    return Buffer.from(out);
  }

  /** Reads an RFC 2045 token (bytes >= 0x80 accepted, as real mail has them). */
  token(): Buffer | null {
    const start = this.pos;
    const b = this.buf;
    while (this.pos < b.length && TSPECIALS[b[this.pos]!] === 0) this.pos++;
    return this.pos > start ? b.subarray(start, this.pos) : null;
  }

  /** Reads a quoted string at the cursor (which must be at '"'); an unterminated one runs to
   *  the end. Quoted-pairs are resolved, folding removed. */
  quoted(): Buffer {
    const b = this.buf;
    this.pos++; // opening quote
    const out: number[] = [];
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x22) break;
      if (c === 0x5c && this.pos < b.length) {
        out.push(b[this.pos++]!);
        continue;
      }
      if (c === CR || c === LF) continue;
      out.push(c);
    }
    return Buffer.from(out);
  }

  /** A token or a quoted string, after CFWS. */
  word(): Buffer | null {
    this.skipCfws();
    if (this.peek() === 0x22) return this.quoted();
    return this.token();
  }

  /** Consumes `ch` after CFWS; false when something else is there. */
  expect(ch: number): boolean {
    this.skipCfws();
    if (this.peek() === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Skips to just after the next `ch` outside quotes and comments (or to the end). */
  skipPast(ch: number): void {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (c === 0x22) this.quoted();
      else if (c === 0x28) this.skipComment();
      else {
        this.pos++;
        if (c === ch) return;
      }
    }
  }
}
