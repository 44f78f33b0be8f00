/**
 * Message flags as they appear in commands (RFC 9051 section 2.3.2 and the flag production).
 * System flags are case-insensitive and come out in their canonical spelling; keywords keep
 * the client's spelling (the store compares them case-insensitively).
 */
import { isAtomChar } from './charclass.js';
import type { Cursor } from './cursor.js';

export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;
/** Session-only; RFC 9051 drops it, RFC 3501 clients still ask for it. */
export const RECENT_FLAG = '\\Recent';

const CANONICAL = new Map<string, string>([...SYSTEM_FLAGS, RECENT_FLAG].map((f) => [f.toUpperCase(), f]));

/** The canonical spelling of a system flag, or the flag as given. */
export function canonicalFlag(flag: string): string {
  return flag.startsWith('\\') ? (CANONICAL.get(flag.toUpperCase()) ?? flag) : flag;
}

/** True for a keyword (no backslash) that is a valid atom. */
export function isKeyword(flag: string): boolean {
  if (flag.length === 0 || flag.startsWith('\\')) return false;
  for (let i = 0; i < flag.length; i++) if (!isAtomChar(flag.charCodeAt(i))) return false;
  return true;
}

/** flag = "\" atom (system or extension flag) / atom (keyword). */
export function readFlag(c: Cursor): string {
  if (c.tryChar('\\')) return canonicalFlag('\\' + c.atom());
  return c.atom();
}

/** flag-list = "(" [flag *(SP flag)] ")". */
export function readFlagList(c: Cursor): string[] {
  return c.parenList(() => readFlag(c), true);
}
