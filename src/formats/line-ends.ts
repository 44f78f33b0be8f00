/**
 * Line-end conversion between the store's form (CRLF, RFC 5322) and the files' form (LF).
 * A lone CR is content and is left alone in both directions.
 */

const LF = 0x0a;
const CR = 0x0d;

/** Number of LFs not preceded by CR: the bytes toCrlf adds. */
export function countBareLf(bytes: Buffer): number {
  let count = 0;
  let at = bytes.indexOf(LF);
  while (at !== -1) {
    if (at === 0 || bytes[at - 1] !== CR) count++;
    at = bytes.indexOf(LF, at + 1);
  }
  return count;
}

/** Every LF not preceded by CR becomes CRLF. Returns the input itself when nothing changes. */
export function toCrlf(bytes: Buffer): Buffer {
  const extra = countBareLf(bytes);
  if (extra === 0) return bytes;
  const out = Buffer.allocUnsafe(bytes.length + extra);
  let from = 0;
  let to = 0;
  let at = bytes.indexOf(LF);
  while (at !== -1) {
    if (at === 0 || bytes[at - 1] !== CR) {
      to += bytes.copy(out, to, from, at);
      out[to++] = CR;
      from = at;
    }
    at = bytes.indexOf(LF, at + 1);
  }
  bytes.copy(out, to, from);
  return out;
}

/** Every CRLF becomes LF. Returns the input itself when nothing changes. */
export function toLf(bytes: Buffer): Buffer {
  let pairs = 0;
  let at = bytes.indexOf(LF);
  while (at !== -1) {
    if (at > 0 && bytes[at - 1] === CR) pairs++;
    at = bytes.indexOf(LF, at + 1);
  }
  if (pairs === 0) return bytes;
  const out = Buffer.allocUnsafe(bytes.length - pairs);
  let from = 0;
  let to = 0;
  at = bytes.indexOf(LF);
  while (at !== -1) {
    if (at > 0 && bytes[at - 1] === CR) {
      to += bytes.copy(out, to, from, at - 1);
      from = at;
    }
    at = bytes.indexOf(LF, at + 1);
  }
  bytes.copy(out, to, from);
  return out;
}

/** Size of the bytes once converted to CRLF (Maildir's W= value, IMAP's RFC822.SIZE). */
export function crlfSize(bytes: Buffer): number {
  return bytes.length + countBareLf(bytes);
}
