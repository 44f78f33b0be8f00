/**
 * Streaming Content-Transfer-Encoding decoders (RFC 2045 sections 6.7 and 6.8) for BINARY
 * (RFC 3516). The same state machine runs in two modes: decoding into a buffer, or only counting
 * decoded bytes, which the indexer does at delivery so BINARY.SIZE needs no read. Sharing the
 * code keeps the stored size equal to what BINARY[] later sends.
 *
 * Leniency (RFC 2045 6.8: "any characters outside of the base64 alphabet are to be ignored"):
 * base64 skips non-alphabet bytes and treats "=" as the end of a quantum, decoding what follows
 * (concatenated base64 blocks exist in the wild). Quoted-printable keeps a "=" that does not start
 * a valid escape or soft line break, and removes trailing whitespace before line ends (6.7 rule 3).
 */
import type { TransferEncodingKind } from './types.js';

const B64 = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64[c.charCodeAt(0)] = i;
});
const PAD = 0x3d;

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Bytes that the quoted-printable state machine must see one by one: "=", SP, TAB, CR, LF. */
const QP_SPECIAL = new Uint8Array(256);
for (const c of [0x3d, 0x20, 0x09, 0x0d, 0x0a]) QP_SPECIAL[c] = 1;

/** Longest run of whitespace held back while waiting to learn whether it ends a line. */
const MAX_PENDING_WS = 998;

export class TransferDecoder {
  /** Decoded bytes so far (both modes). */
  size = 0;
  // base64 state
  private acc = 0;
  private nAcc = 0;
  // quoted-printable state: bytes after '=' (0..2 seen), held whitespace
  private eq: number[] | null = null;
  /** Whitespace held back (SP or TAB bytes): dropped if a line end follows, else emitted. */
  private ws: Uint8Array | null = null;
  private wsLength = 0;
  private out: Buffer | null = null;
  private n = 0;

  constructor(readonly kind: TransferEncodingKind) {}

  /** Largest output `feed` may produce for `len` input bytes. */
  maxOutput(len: number): number {
    if (this.kind === 'base64') return Math.ceil(len * 3 / 4) + 3;
    return len + this.wsLength + (this.eq?.length ?? 0) + 4;
  }

  /** Counts (out omitted) or decodes bytes [start, end) of buf; returns bytes written to out. */
  feed(buf: Uint8Array, start: number, end: number, out?: Buffer): number {
    this.out = out ?? null;
    this.n = 0;
    if (this.kind === 'base64') this.feedBase64(buf, start, end);
    else if (this.kind === 'quoted-printable') this.feedQp(buf, start, end);
    else {
      if (this.out !== null) {
        this.out.set(buf.subarray(start, end), 0);
        this.n = end - start;
      }
      this.size += end - start;
    }
    this.out = null;
    return this.n;
  }

  /** Flushes held state at the end of the body. */
  finish(out?: Buffer): number {
    this.out = out ?? null;
    this.n = 0;
    if (this.kind === 'base64') this.flushQuantum();
    else if (this.kind === 'quoted-printable') {
      if (this.eq !== null) {
        this.emit(0x3d);
        for (const c of this.eq) this.emit(c);
        this.eq = null;
      }
      // Whitespace at the very end is trailing whitespace of the last line: removed.
      this.wsLength = 0;
    }
    this.out = null;
    return this.n;
  }

  private emit(c: number): void {
    if (this.out !== null) this.out[this.n] = c;
    this.n++;
    this.size++;
  }

  private flushQuantum(): void {
    // 2 sextets give 1 byte, 3 give 2; a lone sextet carries no whole byte.
    if (this.nAcc === 2) this.emit((this.acc >> 4) & 0xff);
    else if (this.nAcc === 3) {
      this.emit((this.acc >> 10) & 0xff);
      this.emit((this.acc >> 2) & 0xff);
    }
    this.acc = 0;
    this.nAcc = 0;
  }

  private feedBase64(buf: Uint8Array, start: number, end: number): void {
    let acc = this.acc;
    let nAcc = this.nAcc;
    const out = this.out;
    if (out === null) {
      // Counting only: whole quanta are 3 bytes each.
      let count = 0;
      for (let i = start; i < end; i++) {
        const c = buf[i]!;
        if (B64[c]! >= 0) {
          nAcc++;
          if (nAcc === 4) {
            count += 3;
            nAcc = 0;
          }
        } else if (c === PAD) {
          if (nAcc === 2) count += 1;
          else if (nAcc === 3) count += 2;
          nAcc = 0;
        }
      }
      this.size += count;
      this.nAcc = nAcc;
      this.acc = 0;
      return;
    }
    let n = this.n;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      const v = B64[c]!;
      if (v >= 0) {
        acc = (acc << 6) | v;
        nAcc++;
        if (nAcc === 4) {
          out[n++] = (acc >> 16) & 0xff;
          out[n++] = (acc >> 8) & 0xff;
          out[n++] = acc & 0xff;
          acc = 0;
          nAcc = 0;
        }
      } else if (c === PAD && nAcc > 0) {
        if (nAcc === 2) out[n++] = (acc >> 4) & 0xff;
        else if (nAcc === 3) {
          out[n++] = (acc >> 10) & 0xff;
          out[n++] = (acc >> 2) & 0xff;
        }
        acc = 0;
        nAcc = 0;
      } else if (c === PAD) {
        nAcc = 0;
      }
    }
    this.size += n - this.n;
    this.n = n;
    this.acc = acc;
    this.nAcc = nAcc;
  }

  private flushWs(): void {
    for (let i = 0; i < this.wsLength; i++) this.emit(this.ws![i]!);
    this.wsLength = 0;
  }

  private feedQp(buf: Uint8Array, start: number, end: number): void {
    let i = start;
    while (i < end) {
      if (this.eq === null && this.wsLength === 0) {
        // A run of plain text (most of a quoted-printable body) passes through as it is.
        let j = i;
        while (j < end && !QP_SPECIAL[buf[j]!]) j++;
        if (j > i) {
          const out = this.out;
          if (out !== null) for (let k = i; k < j; k++) out[this.n + k - i] = buf[k]!;
          this.n += j - i;
          this.size += j - i;
          i = j;
          if (i === end) break;
        }
      }
      this.qpByte(buf[i]!);
      i++;
    }
  }

  /** One byte through the quoted-printable state machine (escapes, soft breaks, whitespace). */
  private qpByte(c: number): void {
    if (this.eq !== null) {
      const eq = this.eq;
      if (eq.length === 0 && (c === 0x20 || c === 0x09 || c === 0x0d)) {
        // "=" then transport padding or CR: wait for the LF of a soft line break.
        eq.push(c);
        return;
      }
      if (eq.length > 0 && (eq[0] === 0x20 || eq[0] === 0x09 || eq[0] === 0x0d) && (c === 0x20 || c === 0x09 || c === 0x0d)) {
        if (eq.length < MAX_PENDING_WS) {
          eq.push(c);
          return;
        }
      }
      if (c === 0x0a && (eq.length === 0 || eq[0] === 0x20 || eq[0] === 0x09 || eq[0] === 0x0d)) {
        this.eq = null; // soft line break (RFC 2045 6.7 rule 5)
        return;
      }
      if (eq.length === 0 && hexVal(c) >= 0) {
        eq.push(c);
        return;
      }
      if (eq.length === 1 && hexVal(eq[0]!) >= 0 && hexVal(c) >= 0) {
        this.eq = null;
        this.emit((hexVal(eq[0]!) << 4) | hexVal(c));
        return;
      }
      // Not an escape: the "=" and what followed are literal text.
      this.eq = null;
      this.emit(0x3d);
      for (const h of eq) this.textByte(h);
      this.textByte(c);
      return;
    }
    if (c === 0x3d) {
      this.flushWs();
      this.eq = [];
    } else this.textByte(c);
  }

  private textByte(c: number): void {
    if (c === 0x20 || c === 0x09) {
      if (this.wsLength >= MAX_PENDING_WS) this.flushWs();
      this.ws ??= new Uint8Array(MAX_PENDING_WS);
      this.ws[this.wsLength++] = c;
    } else if (c === 0x0d || c === 0x0a) {
      // Trailing whitespace before a line end is dropped (RFC 2045 6.7 rule 3).
      this.wsLength = 0;
      this.emit(c);
    } else {
      this.flushWs();
      this.emit(c);
    }
  }
}

/** Classifies a Content-Transfer-Encoding value (RFC 2045 section 6.1; RFC 3516 section 4.3). */
export function encodingKind(value: string | null): TransferEncodingKind {
  if (value === null) return 'identity';
  const v = value.trim().toLowerCase();
  if (v === '' || v === '7bit' || v === '8bit' || v === 'binary') return 'identity';
  if (v === 'base64') return 'base64';
  if (v === 'quoted-printable') return 'quoted-printable';
  return 'unknown';
}
