/**
 * Modified UTF-7 (RFC 3501 section 5.1.3, RFC 9051 appendix A.1): IMAP4rev1 mailbox names, and
 * the Maildir++ folder names Dovecot and Courier write on disk. Printable ASCII except "&"
 * stands for itself, "&" is "&-", everything else is UTF-16 in base64 with "," for "/" between
 * "&" and "-". Decoding is strict, so every name has exactly one encoding: RFC 3501 asks servers
 * to refuse superfluous shifts and encoded printables.
 */

/** Text that is not (canonical) modified UTF-7; the message says why. */
export class Mutf7Error extends Error {
  override readonly name = 'Mutf7Error';
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

const AMP = 0x26;
const DASH = 0x2d;

function isDirect(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** Encodes a Unicode mailbox name as modified UTF-7. */
export function encodeMutf7(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const code = name.charCodeAt(i);
    if (code === AMP) {
      out += '&-';
      i++;
    } else if (isDirect(code)) {
      out += name[i];
      i++;
    } else {
      let j = i;
      while (j < name.length && !isDirect(name.charCodeAt(j))) j++;
      out += '&' + base64Utf16(name.slice(i, j)) + '-';
      i = j;
    }
  }
  return out;
}

function base64Utf16(run: string): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let k = 0; k < run.length; k++) {
    acc = (acc << 16) | run.charCodeAt(k); // UTF-16 code units, big-endian
    bits += 16;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(acc >> bits) & 0x3f];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (6 - bits)) & 0x3f];
  return out;
}

/** Decodes a modified UTF-7 name; throws Mutf7Error for anything but the canonical form. */
export function decodeMutf7(wire: string): string {
  let out = '';
  let i = 0;
  let justClosed = false;
  while (i < wire.length) {
    const code = wire.charCodeAt(i);
    if (!isDirect(code)) throw new Mutf7Error(`character ${code} must be encoded`);
    if (code !== AMP) {
      out += wire[i];
      i++;
      justClosed = false;
      continue;
    }
    if (wire.charCodeAt(i + 1) === DASH) {
      out += '&';
      i += 2;
      justClosed = false;
      continue;
    }
    // RFC 3501 5.1.3: no null shifts, so two encoded runs may not touch ("-&").
    if (justClosed) throw new Mutf7Error('adjacent encoded sequences');
    const end = wire.indexOf('-', i + 1);
    if (end < 0) throw new Mutf7Error('unterminated encoded sequence');
    out += decodeRun(wire.slice(i + 1, end));
    i = end + 1;
    justClosed = true;
  }
  return out;
}

function decodeRun(b64: string): string {
  let units = '';
  let bits = 0;
  let acc = 0;
  for (let k = 0; k < b64.length; k++) {
    const c = b64.charCodeAt(k);
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) throw new Mutf7Error(`"${b64[k]}" is not modified base64`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 16) {
      bits -= 16;
      units += String.fromCharCode((acc >> bits) & 0xffff);
    }
  }
  if (units.length === 0) throw new Mutf7Error('empty encoded sequence');
  if (bits >= 6 || (acc & ((1 << bits) - 1)) !== 0) throw new Mutf7Error('bad padding in encoded sequence');
  for (let k = 0; k < units.length; k++) {
    const u = units.charCodeAt(k);
    if (isDirect(u)) throw new Mutf7Error('printable ASCII must not be encoded');
    if (u >= 0xd800 && u <= 0xdbff) {
      const low = units.charCodeAt(k + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) throw new Mutf7Error('unpaired surrogate');
      k++;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      throw new Mutf7Error('unpaired surrogate');
    }
  }
  return units;
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
