/**
 * Names in a Maildir++ tree (the layout Dovecot and Courier use):
 * - folders: ROOT is INBOX; "Sub/Folder" is the directory ROOT/.Sub.Folder. Each level is
 *   written in modified UTF-7 (RFC 3501 5.1.3), and '.' or '\' inside a level are escaped as
 *   "\2e" and "\5c" (Dovecot's listescape), since '.' separates levels on disk.
 * - message files: "<base>:2,<flags>", the flags being letters in ASCII order: D (draft),
 *   F (flagged), P (passed = forwarded), R (replied), S (seen), T (trashed = deleted), and a-z
 *   for keywords, numbered by the folder's dovecot-keywords file.
 */

import { folderLevels, joinFolderLevels } from './folder-name.js';
import { encodeMutf7, tryDecodeMutf7 } from './mutf7.js';
import { SYSTEM_FLAGS, type SystemFlag } from './types.js';

/** System flag letters, in the ASCII order they are written in. */
const FLAG_LETTERS: ReadonlyArray<[string, SystemFlag]> = [
  ['D', '\\Draft'],
  ['F', '\\Flagged'],
  ['R', '\\Answered'],
  ['S', '\\Seen'],
  ['T', '\\Deleted'],
];
/** 'P' (passed) is the $Forwarded keyword in IMAP (RFC 5788). */
export const FORWARDED_KEYWORD = '$Forwarded';

export function encodeMaildirLevel(level: string): string {
  return encodeMutf7(level.replace(/[.\\]/g, (c) => `\\${c.charCodeAt(0).toString(16)}`));
}

/** A level as found on disk: modified UTF-7 if it is valid modified UTF-7 (else taken as it is:
 *  some servers store UTF-8), then listescape sequences undone. */
export function decodeMaildirLevel(level: string): string {
  const text = tryDecodeMutf7(level) ?? level;
  return text.replace(/\\([0-7][0-9a-fA-F])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The directory (relative to the root) of a folder: '' for INBOX, ".Sub.Folder" otherwise.
 *  Throws FolderNameError for an unusable name. */
export function maildirDirForFolder(folder: string): string {
  const levels = folderLevels(folder);
  if (levels.length === 1 && levels[0] === 'INBOX') return '';
  return `.${levels.map(encodeMaildirLevel).join('.')}`;
}

/** The folder of a ".Sub.Folder" directory, or null when the name is not one (an empty level). */
export function folderForMaildirDir(dirName: string): string | null {
  if (!dirName.startsWith('.') || dirName.length < 2) return null;
  const levels = dirName.slice(1).split('.');
  if (levels.some((level) => level.length === 0)) return null;
  const decoded = levels.map(decodeMaildirLevel);
  if (decoded.some((level) => level.length === 0 || level.includes('\0'))) return null;
  return joinFolderLevels(decoded);
}

export interface MaildirFileName {
  /** The unique part, before the info. */
  base: string;
  /** The letters after ":2,", or null when the name has no (version 2) info. */
  flags: string | null;
}

export function parseMaildirFileName(name: string): MaildirFileName {
  // ':' is the standard info separator; ';' and '!' are used where ':' is not allowed in names.
  for (const separator of [':2,', ';2,', '!2,']) {
    const at = name.indexOf(separator);
    if (at !== -1) return { base: name.slice(0, at), flags: name.slice(at + 3) };
  }
  const colon = name.indexOf(':');
  return { base: colon === -1 ? name : name.slice(0, colon), flags: null };
}

/** Flags and keywords from the info letters; `keywordForLetter` maps a-z. */
export function flagsFromInfo(letters: string, keywordForLetter: ReadonlyMap<string, string>): { flags: SystemFlag[]; keywords: string[] } {
  const keywords: string[] = [];
  const present = new Set(FLAG_LETTERS.filter(([letter]) => letters.includes(letter)).map(([, flag]) => flag));
  const flags = SYSTEM_FLAGS.filter((flag) => present.has(flag));
  if (letters.includes('P')) keywords.push(FORWARDED_KEYWORD);
  for (const letter of letters) {
    const keyword = letter >= 'a' && letter <= 'z' ? keywordForLetter.get(letter) : undefined;
    if (keyword !== undefined) keywords.push(keyword);
  }
  return { flags, keywords };
}

/** The info letters for a message, sorted; `letterForKeyword` returns null for a keyword that
 *  has no letter (more than 26 in the folder), which is then listed in `dropped`. */
export function infoFromFlags(
  flags: readonly SystemFlag[],
  keywords: readonly string[],
  letterForKeyword: (keyword: string) => string | null,
): { letters: string; dropped: string[] } {
  const letters = new Set<string>();
  const dropped: string[] = [];
  for (const [letter, flag] of FLAG_LETTERS) if (flags.includes(flag)) letters.add(letter);
  for (const keyword of keywords) {
    if (keyword.toLowerCase() === FORWARDED_KEYWORD.toLowerCase()) {
      letters.add('P');
      continue;
    }
    const letter = letterForKeyword(keyword);
    if (letter === null) dropped.push(keyword);
    else letters.add(letter);
  }
  return { letters: [...letters].sort().join(''), dropped };
}

/** The leading Unix time of a Maildir name ("1700000000.M1P2Q3.host"), or null. */
export function leadingTimestamp(name: string): number | null {
  const match = /^(\d{1,15})(?:\D|$)/.exec(name);
  return match ? Number(match[1]) : null;
}

/** Order of messages in a folder: by the leading timestamp, then by name with numbers compared
 *  as numbers (so Q9 comes before Q10); names without a timestamp come last. */
export function compareMaildirNames(a: string, b: string): number {
  const ta = leadingTimestamp(a);
  const tb = leadingTimestamp(b);
  if (ta !== tb) return ta === null ? 1 : tb === null ? -1 : ta - tb;
  return naturalCompare(a, b);
}

function naturalCompare(a: string, b: string): number {
  const runs = /(\d+|\D+)/g;
  const ra = a.match(runs) ?? [];
  const rb = b.match(runs) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    if (bothDigits) {
      const xs = x.replace(/^0+/, '');
      const ys = y.replace(/^0+/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length || (a < b ? -1 : a > b ? 1 : 0);
}
