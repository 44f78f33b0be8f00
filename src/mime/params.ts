/**
 * Content-Type and Content-Disposition parsing (RFC 2045 section 5.1, RFC 2183) with RFC 2231
 * parameter continuations and charsets, reassembled as RFC 9051 section 7.5.2 asks: "baz*0",
 * "baz*1" become "baz"; "foo*0*", "foo*1*" are decoded, converted to UTF-8, concatenated and
 * returned as "foo*".
 */
import { decodeCharset } from './charset.js';
import { TokenCursor, headerText } from './tokens.js';
import type { MimeParam } from './types.js';

export interface ParsedContentType {
  type: string;
  subtype: string;
  params: MimeParam[];
}

interface RawParam {
  name: string;
  value: Buffer;
}

/** Parses `; name=value` pairs from the cursor to the end. Broken pairs are skipped. */
function rawParams(cur: TokenCursor): RawParam[] {
  const out: RawParam[] = [];
  for (;;) {
    cur.skipCfws();
    if (cur.done) break;
    if (cur.peek() !== 0x3b) {
      cur.skipPast(0x3b);
    } else cur.pos++;
    cur.skipCfws();
    const name = cur.token();
    if (name === null) continue;
    if (!cur.expect(0x3d)) continue;
    cur.skipCfws();
    let value: Buffer | null;
    if (cur.peek() === 0x22) value = cur.quoted();
    else {
      const start = cur.pos;
      value = cur.token() ?? Buffer.alloc(0);
      const save = cur.pos;
      cur.skipCfws();
      if (!cur.done && cur.peek() !== 0x3b) {
        // Lenient: an unquoted value with spaces runs to ';' (real mail has such file names).
        const b = cur.buf;
        while (cur.pos < b.length && b[cur.pos] !== 0x3b) cur.pos++;
        let end = cur.pos;
        while (end > start && (b[end - 1] === 0x20 || b[end - 1] === 0x09 || b[end - 1] === 0x0d || b[end - 1] === 0x0a)) end--;
        value = b.subarray(start, end);
      } else cur.pos = Math.max(save, cur.pos);
    }
    out.push({ name: name.toString('latin1'), value });
  }
  return out;
}

function percentDecode(s: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === 0x25 && i + 2 < s.length + 0 && isHex(s[i + 1]) && isHex(s[i + 2])) {
      out.push(parseInt(String.fromCharCode(s[i + 1]!, s[i + 2]!), 16));
      i += 2;
    } else out.push(c);
  }
  return Buffer.from(out);
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

interface Section {
  index: number;
  extended: boolean;
  value: Buffer;
}

/** RFC 2231 sections 3 and 4: joins continuations and decodes extended values. */
function reassemble(raw: RawParam[]): MimeParam[] {
  const out: MimeParam[] = [];
  const groups = new Map<string, { name: string; sections: Section[]; slot: number }>();
  for (const p of raw) {
    const m = /^(.*?)\*(?:(\d+)\*?)?$/.exec(p.name);
    if (m === null || m[1] === '') {
      out.push({ name: p.name, value: headerText(p.value) });
      continue;
    }
    const base = m[1]!;
    const extended = p.name.endsWith('*');
    const index = m[2] === undefined ? 0 : Number(m[2]);
    const key = base.toLowerCase();
    let g = groups.get(key);
    if (g === undefined) {
      g = { name: base, sections: [], slot: out.length };
      groups.set(key, g);
      out.push({ name: base, value: '' }); // placeholder keeps the original order
    }
    g.sections.push({ index, extended, value: p.value });
  }
  for (const g of groups.values()) {
    g.sections.sort((a, b) => a.index - b.index);
    const anyExtended = g.sections.some((s) => s.extended);
    let charset: string | null = null;
    const parts: Buffer[] = [];
    for (const [i, s] of g.sections.entries()) {
      let v = s.value;
      if (s.extended && i === 0) {
        // charset'language'value (RFC 2231 section 4)
        const q1 = v.indexOf(0x27);
        const q2 = q1 >= 0 ? v.indexOf(0x27, q1 + 1) : -1;
        if (q2 >= 0) {
          charset = v.toString('latin1', 0, q1) || null;
          v = v.subarray(q2 + 1);
        }
      }
      parts.push(s.extended ? percentDecode(v) : v);
    }
    const joined = Buffer.concat(parts);
    out[g.slot] = anyExtended
      ? { name: g.name + '*', value: decodeCharset(joined, charset) }
      : { name: g.name, value: headerText(joined) };
  }
  return out;
}

/** Parses a Content-Type value; null when it has no valid type/subtype (RFC 2045 5.2 default). */
export function parseContentType(value: Buffer): ParsedContentType | null {
  const cur = new TokenCursor(value);
  cur.skipCfws();
  const type = cur.token();
  if (type === null || !cur.expect(0x2f)) return null;
  cur.skipCfws();
  const subtype = cur.token();
  if (subtype === null) return null;
  return { type: type.toString('latin1'), subtype: subtype.toString('latin1'), params: reassemble(rawParams(cur)) };
}

/** Parses a Content-Disposition value; null when there is no disposition type. */
export function parseDisposition(value: Buffer): { value: string; params: MimeParam[] } | null {
  const cur = new TokenCursor(value);
  cur.skipCfws();
  const type = cur.token();
  if (type === null) return null;
  return { value: type.toString('latin1'), params: reassemble(rawParams(cur)) };
}

/** Parses a value that is a single token (Content-Transfer-Encoding), comments removed. */
export function parseToken(value: Buffer): Buffer | null {
  const cur = new TokenCursor(value);
  cur.skipCfws();
  return cur.token();
}

/** Content-Language (RFC 3282): a comma-separated list of language tags. */
export function parseLanguageList(value: Buffer): string[] {
  const cur = new TokenCursor(value);
  const out: string[] = [];
  while (!cur.done) {
    cur.skipCfws();
    const t = cur.token();
    if (t !== null) out.push(t.toString('latin1'));
    else if (!cur.done) cur.pos++;
  }
  return out;
}
