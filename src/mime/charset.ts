/**
 * Charset conversion to JavaScript strings (UTF-16) for SEARCH, preview and RFC 2047/2231
 * decoding. iconv-lite covers the charsets seen in real mail; an unknown or missing charset falls
 * back to UTF-8 when the bytes are valid UTF-8 (RFC 6532 mail often omits the label) and to
 * windows-1252 otherwise, which never fails and keeps ASCII searchable.
 */
import iconv from 'iconv-lite';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Aliases iconv-lite does not know, mapped to the charset real senders meant. */
const ALIASES: Record<string, string> = {
  'x-unknown': 'utf-8',
  unknown: 'utf-8',
  'unicode-1-1-utf-7': 'utf-7',
  'x-user-defined': 'windows-1252',
  // RFC 1557 labels ISO-2022-KR; iconv-lite has no ISO-2022 family, and EUC-KR is the usual
  // content under that label once the escape sequences are gone.
  'ks_c_5601-1987': 'cp949',
};

/** True when the bytes are valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** True when every byte is below 0x80. */
export function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Labels already looked up (iconv-lite's lookup is slow); bounded so hostile mail with
 *  endless invented labels cannot grow it. */
const cache = new Map<string, string | null>();
const CACHE_MAX = 512;

/** Normalised charset label, or null when iconv-lite cannot decode it. */
export function knownCharset(label: string): string | null {
  const hit = cache.get(label);
  if (hit !== undefined) return hit;
  const result = lookupCharset(label);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(label, result);
  return result;
}

function lookupCharset(label: string): string | null {
  let name = label.trim().toLowerCase().replace(/^"|"$/g, '');
  // RFC 2231 section 5: a language may follow the charset in encoded words ("utf-8*en").
  const star = name.indexOf('*');
  if (star >= 0) name = name.slice(0, star);
  name = ALIASES[name] ?? name;
  if (name === '') return null;
  return iconv.encodingExists(name) ? name : null;
}

/**
 * Decodes bytes in the given charset. Never throws: unknown charsets fall back as described at
 * the top of this file.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | null | undefined): string {
  const known = charset ? knownCharset(charset) : null;
  if (known === 'utf-8' || known === 'utf8' || known === 'us-ascii' || known === 'ascii' || known === null) {
    if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    if (known !== null || isValidUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
  }
  try {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), known);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}
