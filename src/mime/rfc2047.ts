/**
 * RFC 2047 encoded-word decoding for SEARCH, SORT and preview (never for ENVELOPE, which returns
 * header text undecoded: RFC 9051 section 7.5.2). Lenient where real mail is broken: encoded
 * words inside quoted strings or words, lower-case "b"/"q", spaces inside Q text, and words
 * whose charset bytes were split across adjacent encoded words (joined before decoding).
 */
import { decodeCharset } from './charset.js';

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=/g;

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function decodeQ(text: string): Buffer {
  // allocUnsafe: small buffers come from Node's shared pool; every byte is written below.
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      out[n++] = 0x20; // RFC 2047 4.2 (2): "_" is space
      continue;
    }
    if (c === 0x3d && i + 2 < text.length) {
      const high = hexDigit(text.charCodeAt(i + 1));
      const low = hexDigit(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        out[n++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

function decodeB(text: string): Buffer {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

/** Text outside encoded words: ASCII as is, other bytes as UTF-8 or the windows-1252 fallback. */
function plain(latin: string): string {
  return /^[\x00-\x7f]*$/.test(latin) ? latin : decodeCharset(Buffer.from(latin, 'latin1'), null);
}

/** Decodes every encoded word in a header value (raw bytes or a string). */
export function decodeEncodedWords(value: Buffer | string): string {
  if (typeof value === 'string' && !value.includes('=?')) return value;
  const raw = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const latin = raw.toString('latin1');
  if (latin.indexOf('=?') < 0) return plain(latin);
  let out = '';
  let last = 0;
  // Pending run of adjacent encoded words in one charset, joined before decoding.
  let pendCharset: string | null = null;
  let pendBytes: Buffer[] = [];
  const flush = (): void => {
    if (pendCharset !== null) out += decodeCharset(Buffer.concat(pendBytes), pendCharset);
    pendCharset = null;
    pendBytes = [];
  };
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(latin); m !== null; m = ENCODED_WORD.exec(latin)) {
    const between = latin.slice(last, m.index);
    const charset = m[1]!;
    const bytes = m[2]!.toLowerCase() === 'b' ? decodeB(m[3]!) : decodeQ(m[3]!);
    // RFC 2047 6.2: whitespace between adjacent encoded words is not displayed.
    const adjacent = last > 0 && pendCharset !== null && /^[ \t\r\n]*$/.test(between);
    if (adjacent && pendCharset !== null && pendCharset.toLowerCase() === charset.toLowerCase()) {
      pendBytes.push(bytes);
    } else {
      flush();
      if (!adjacent) out += plain(between);
      pendCharset = charset;
      pendBytes = [bytes];
    }
    last = m.index + m[0].length;
  }
  flush();
  out += plain(latin.slice(last));
  return out;
}

/** Header value for humans: encoded words decoded, folding and runs of whitespace collapsed. */
export function decodeHeaderText(value: Buffer | string): string {
  // Fast path: plain single-spaced ASCII needs no work beyond trimming.
  if (typeof value === 'string' && /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(value) && !value.includes('=?')) return value;
  return decodeEncodedWords(value).replace(/[\r\n]+/g, '').replace(/[ \t]+/g, ' ').trim();
}
