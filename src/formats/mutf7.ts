/**
 * Modified UTF-7 (RFC 3501 5.1.3), the encoding Dovecot and Courier use for Maildir++ folder
 * names on disk: printable ASCII stands for itself except '&', which is written "&-"; anything
 * else is UTF-16BE in base64 (with ',' for '/', no padding) between '&' and '-'.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

export class Mutf7Error extends Error {
  constructor(text: string, reason: string) {
    super(`not modified UTF-7: ${JSON.stringify(text)}: ${reason}`);
    this.name = 'Mutf7Error';
  }
}

function isDirect(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

function encodeRun(units: number[]): string {
  const bytes: number[] = [];
  for (const unit of units) bytes.push(unit >> 8, unit & 0xff);
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(acc >> bits) & 0x3f];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (6 - bits)) & 0x3f];
  return `&${out}-`;
}

/** UTF-8 (a JS string) -> modified UTF-7. */
export function encodeMutf7(text: string): string {
  let out = '';
  let run: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isDirect(code)) {
      if (run.length > 0) {
        out += encodeRun(run);
        run = [];
      }
      out += code === 0x26 ? '&-' : text[i];
    } else {
      run.push(code);
    }
  }
  if (run.length > 0) out += encodeRun(run);
  return out;
}

function decodeRun(source: string, run: string): string {
  let acc = 0;
  let bits = 0;
  const bytes: number[] = [];
  for (const c of run) {
    const v = VALUE.get(c);
    if (v === undefined) throw new Mutf7Error(source, `bad base64 character ${JSON.stringify(c)}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  // The padding bits left over must be zero and fewer than a whole UTF-16 unit.
  if (bits >= 6 || (acc & ((1 << bits) - 1)) !== 0 || bytes.length % 2 !== 0) {
    throw new Mutf7Error(source, 'base64 run does not end on a UTF-16 unit');
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    const unit = (bytes[i]! << 8) | bytes[i + 1]!;
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (isHigh) {
      const next = i + 3 < bytes.length ? (bytes[i + 2]! << 8) | bytes[i + 3]! : -1;
      if (next < 0xdc00 || next > 0xdfff) throw new Mutf7Error(source, 'unpaired surrogate');
      out += String.fromCharCode(unit, next);
      i += 2;
    } else if (isLow) {
      throw new Mutf7Error(source, 'unpaired surrogate');
    } else {
      out += String.fromCharCode(unit);
    }
  }
  return out;
}

/** Modified UTF-7 -> UTF-8 (a JS string). Throws Mutf7Error on anything that is not. */
export function decodeMutf7(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isDirect(code)) throw new Mutf7Error(text, `character U+${code.toString(16).padStart(4, '0')} must be encoded`);
    if (code !== 0x26) {
      out += text[i];
      i++;
      continue;
    }
    const end = text.indexOf('-', i + 1);
    if (end === -1) throw new Mutf7Error(text, "'&' without closing '-'");
    out += end === i + 1 ? '&' : decodeRun(text, text.slice(i + 1, end));
    i = end + 1;
  }
  return out;
}

/** decodeMutf7, or null when the text is not valid modified UTF-7 (for instance a name that a
 *  server stored as raw UTF-8). */
export function tryDecodeMutf7(text: string): string | null {
  try {
    return decodeMutf7(text);
  } catch (err: unknown) {
    if (err instanceof Mutf7Error) return null;
    throw err;
  }
}
