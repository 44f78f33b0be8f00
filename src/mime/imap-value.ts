/**
 * Rendering IMAP value trees (see ImapValue in types.ts) to wire syntax, RFC 9051 section 4.
 * Strings go out quoted when they can be (7-bit, no CR/LF/NUL, short), otherwise as literals
 * `{n}\r\n...`, which both IMAP4rev1 and IMAP4rev2 accept for 8-bit bytes. NUL may never be sent
 * (RFC 9051 section 4.3: CHAR8 excludes it) and becomes U+FFFD.
 */
import { ByteBuffer } from './byte-buffer.js';
import type { ImapValue } from './types.js';

/** Quoted strings longer than this go out as literals, keeping lines short for clients. */
const MAX_QUOTED = 1024;

function needsLiteral(b: Buffer): boolean {
  if (b.length > MAX_QUOTED) return true;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x0d || c === 0x0a || c >= 0x80 || c === 0) return true;
  }
  return false;
}

function sanitizeNul(b: Buffer): Buffer {
  if (b.indexOf(0) < 0) return b;
  const parts: Buffer[] = [];
  let last = 0;
  for (let i = b.indexOf(0); i >= 0; i = b.indexOf(0, last)) {
    parts.push(b.subarray(last, i), Buffer.from([0xef, 0xbf, 0xbd]));
    last = i + 1;
  }
  parts.push(b.subarray(last));
  return Buffer.concat(parts);
}

class Out extends ByteBuffer {
  constructor() {
    super(512);
  }

  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }

  /** Writes a 7-bit string quoted; false (nothing written) when it needs a literal. */
  tryQuoted(s: string): boolean {
    if (s.length > MAX_QUOTED) return false;
    this.ensure(s.length * 2 + 2);
    const start = this.pos;
    this.buf[this.pos++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || c === 0x0d || c === 0x0a || c === 0) {
        this.pos = start;
        return false;
      }
      if (c === 0x22 || c === 0x5c) this.buf[this.pos++] = 0x5c;
      this.buf[this.pos++] = c;
    }
    this.buf[this.pos++] = 0x22;
    return true;
  }

  /** Writes 7-bit bytes (checked by the caller) as a quoted string. */
  quotedBytes(b: Buffer): void {
    this.ensure(b.length * 2 + 2);
    this.buf[this.pos++] = 0x22;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c === 0x22 || c === 0x5c) this.buf[this.pos++] = 0x5c;
      this.buf[this.pos++] = c;
    }
    this.buf[this.pos++] = 0x22;
  }
}

function renderString(out: Out, v: string | Buffer): void {
  if (typeof v === 'string') {
    if (out.tryQuoted(v)) return;
    v = Buffer.from(v, 'utf8');
  }
  if (!needsLiteral(v)) {
    out.quotedBytes(v);
    return;
  }
  const bytes = sanitizeNul(v);
  out.ascii(`{${bytes.length}}\r\n`);
  out.raw(bytes);
}

function render(out: Out, v: ImapValue): void {
  if (v === null) out.ascii('NIL');
  else if (typeof v === 'number') out.ascii(String(v));
  else if (Array.isArray(v)) {
    out.ascii('(');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.ascii(' ');
      render(out, v[i]!);
    }
    out.ascii(')');
  } else if (typeof v === 'string' || Buffer.isBuffer(v)) renderString(out, v);
  else for (const item of v.concat) render(out, item);
}

/** Renders a value tree to wire bytes. */
export function renderImapValue(v: ImapValue): Buffer {
  const out = new Out();
  render(out, v);
  return out.done();
}

/** True when any string in the tree has a byte >= 0x80. */
export function imapValueHas8bit(v: ImapValue): boolean {
  if (v === null || typeof v === 'number') return false;
  if (Array.isArray(v)) return v.some(imapValueHas8bit);
  if (!Buffer.isBuffer(v) && typeof v !== 'string') return v.concat.some(imapValueHas8bit);
  if (typeof v === 'string') return /[^\x00-\x7f]/.test(v);
  for (let i = 0; i < v.length; i++) if (v[i]! >= 0x80) return true;
  return false;
}

/**
 * For a session without UTF8=ACCEPT (RFC 6855 section 3): UTF-8 strings become RFC 2047 encoded
 * words so the client sees 7-bit text it can decode. Raw non-UTF-8 bytes (Buffers) are left as
 * they are (they go out as literals, as the bytes were received).
 */
export function downgradeImapValue(v: ImapValue): ImapValue {
  if (v === null || typeof v === 'number' || Buffer.isBuffer(v)) return v;
  if (Array.isArray(v)) return v.map(downgradeImapValue);
  if (typeof v !== 'string') return { concat: v.concat.map(downgradeImapValue) };
  if (!/[^\x00-\x7f]/.test(v)) return v;
  return `=?utf-8?b?${Buffer.from(v, 'utf8').toString('base64')}?=`;
}
