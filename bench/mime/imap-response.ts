/**
 * A small reader of IMAP response values (RFC 9051 section 4), used by the Dovecot cross-check
 * and the golden test to compare ENVELOPE and BODYSTRUCTURE as value trees rather than bytes
 * (quoted versus literal form is a free choice of each server).
 */

/** A parsed value: NIL, number, string (bytes as latin1), atom, or list. */
export type Parsed = null | number | { s: string } | { atom: string } | Parsed[];

export class ValueReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  private skipSpaces(): void {
    while (this.pos < this.buf.length && this.buf[this.pos] === 0x20) this.pos++;
  }

  /** Reads one value at the cursor. */
  read(): Parsed {
    this.skipSpaces();
    const b = this.buf;
    const c = b[this.pos];
    if (c === undefined) throw new Error('unexpected end');
    if (c === 0x28) {
      this.pos++;
      const out: Parsed[] = [];
      for (;;) {
        this.skipSpaces();
        if (b[this.pos] === 0x29) {
          this.pos++;
          return out;
        }
        if (this.pos >= b.length) throw new Error('unterminated list');
        out.push(this.read());
      }
    }
    if (c === 0x22) {
      this.pos++;
      const bytes: number[] = [];
      while (this.pos < b.length && b[this.pos] !== 0x22) {
        if (b[this.pos] === 0x5c) this.pos++;
        bytes.push(b[this.pos]!);
        this.pos++;
      }
      this.pos++;
      return { s: Buffer.from(bytes).toString('latin1') };
    }
    if (c === 0x7b || (c === 0x7e && b[this.pos + 1] === 0x7b)) {
      const close = b.indexOf(0x7d, this.pos);
      const n = Number(b.toString('latin1', c === 0x7e ? this.pos + 2 : this.pos + 1, close).replace('+', ''));
      const start = close + 3; // "}\r\n"
      this.pos = start + n;
      return { s: b.toString('latin1', start, start + n) };
    }
    const start = this.pos;
    while (this.pos < b.length && ![0x20, 0x28, 0x29, 0x0d, 0x0a].includes(b[this.pos]!)) this.pos++;
    const atom = b.toString('latin1', start, this.pos);
    if (atom.toUpperCase() === 'NIL') return null;
    if (/^\d+$/.test(atom)) return Number(atom);
    return { atom };
  }
}

/** Parses one complete value from bytes. */
export function parseValue(bytes: Buffer): Parsed {
  return new ValueReader(bytes).read();
}

/**
 * A canonical text form for comparing trees: strings in JSON quotes (latin1 bytes), lists in
 * parentheses. In a multipart body the child bodies are lists written back to back, which this
 * form keeps as separate list items, the same for both sides.
 */
export function canonical(v: Parsed): string {
  if (v === null) return 'NIL';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return '(' + v.map(canonical).join(' ') + ')';
  if ('atom' in v) return v.atom;
  return JSON.stringify(v.s);
}
