/**
 * Flags as protocols spell them (`\Seen`, `$Forwarded`) and as the store keeps them (system
 * flag bits plus keyword strings).
 */

import { MAX_KEYWORD_BYTES } from '../limits.js';
import { MailError } from '../store/errors.js';
import { FLAG_ANSWERED, FLAG_DELETED, FLAG_DRAFT, FLAG_FLAGGED, FLAG_SEEN } from '../store/types.js';

const SYSTEM_FLAGS: readonly [string, number][] = [
  ['\\Seen', FLAG_SEEN],
  ['\\Answered', FLAG_ANSWERED],
  ['\\Flagged', FLAG_FLAGGED],
  ['\\Deleted', FLAG_DELETED],
  ['\\Draft', FLAG_DRAFT],
];
/** System flag bits by lower-case name (`\\seen` -> FLAG_SEEN). */
export const SYSTEM_FLAG_BITS: ReadonlyMap<string, number> = new Map(SYSTEM_FLAGS.map(([name, bit]) => [name.toLowerCase(), bit]));

export interface FlagSet {
  flags: number;
  keywords: string[];
}

/**
 * Splits flag names into bits and keywords. System flags match without regard to case
 * (RFC 9051 2.3.2); \Recent cannot be set by clients and is ignored; another backslash name is
 * refused. Keywords must be atoms (RFC 9051 9: flag-keyword = atom) of bounded length.
 */
export function parseFlags(names: readonly string[]): FlagSet {
  let flags = 0;
  const keywords: string[] = [];
  for (const name of names) {
    if (name.startsWith('\\')) {
      const bit = SYSTEM_FLAG_BITS.get(name.toLowerCase());
      if (bit !== undefined) flags |= bit;
      else if (name.toLowerCase() !== '\\recent') throw new MailError('BADNAME', `${name} is not a flag that can be set`);
      continue;
    }
    // atom-char excludes ( ) { SP CTL % * " \ ] (RFC 9051 9).
    if (!/^[!#$&'+-[^-z|}~]+$/.test(name)) throw new MailError('BADNAME', `"${name}" is not a valid keyword`);
    if (Buffer.byteLength(name) > MAX_KEYWORD_BYTES) throw new MailError('LIMIT', `keyword longer than ${MAX_KEYWORD_BYTES} bytes`);
    keywords.push(name);
  }
  return { flags, keywords };
}

/** The names of the system flags in `bits`, in the conventional order. */
export function systemFlagNames(bits: number): string[] {
  return SYSTEM_FLAGS.filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name);
}

export function flagNames(set: FlagSet): string[] {
  return [...systemFlagNames(set.flags), ...set.keywords];
}
