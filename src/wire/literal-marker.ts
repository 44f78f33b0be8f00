/**
 * Recognises a literal announcement at the end of a line: `{n}`, `{n+}`, `~{n}`, `~{n+}`
 * (RFC 9051 section 4.3, RFC 7888 section 3, RFC 3516 / RFC 4466 literal8).
 * RFC 7888 section 3: the receiver checks the end of every line for the marker.
 */

export interface LiteralMarker {
  /** Offset in the line where the marker (including a leading `~`) starts. */
  readonly start: number;
  /** Announced size; saturates at Number.MAX_SAFE_INTEGER for absurd counts (which then fail
   *  every limit), so a 30-digit count is "too large", never a wrapped small number. */
  readonly size: number;
  readonly sync: boolean;
  readonly binary: boolean;
}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const PLUS = 0x2b;
const TILDE = 0x7e;

/** The marker at the end of `line` (CRLF already removed), or undefined. */
export function findLiteralMarker(line: Buffer): LiteralMarker | undefined {
  let i = line.length - 1;
  if (i < 2 || line[i] !== CLOSE) return undefined;
  i--;
  const sync = line[i] !== PLUS;
  if (!sync) i--;
  const digitsEnd = i + 1;
  while (i >= 0 && line[i]! >= 0x30 && line[i]! <= 0x39) i--;
  if (i < 0 || i + 1 === digitsEnd || line[i] !== OPEN) return undefined;
  let size = 0;
  for (let d = i + 1; d < digitsEnd; d++) {
    size = size * 10 + (line[d]! - 0x30);
    if (size > Number.MAX_SAFE_INTEGER) {
      size = Number.MAX_SAFE_INTEGER;
      break;
    }
  }
  const binary = i > 0 && line[i - 1] === TILDE;
  return { start: binary ? i - 1 : i, size, sync, binary };
}
