/**
 * Folder names <-> paths in a tree of mbox files, Thunderbird's convention: folder "Work" is the
 * file ROOT/Work, its child "Work/Projects" is ROOT/Work.sbd/Projects, INBOX is ROOT/INBOX.
 *
 * Each level becomes one file name, written in UTF-8. Levels that would be unsafe or mistaken
 * for something else are escaped with %XX (and '%' itself always is, so it reads back):
 * a leading '.' ('.', '..', hidden files) and a '.' before a suffix the reader skips (.msf index
 * files, .sbd directories, Thunderbird's .dat/.html/.json side files). NUL and empty levels
 * are refused (folderLevels).
 */

import { join } from 'node:path';
import { folderLevels, joinFolderLevels } from './folder-name.js';

/** File name suffixes that are not mail folders in a Thunderbird profile (case-insensitive). */
export const NON_FOLDER_SUFFIXES: readonly string[] = ['.msf', '.sbd', '.dat', '.html', '.json'];

/** Suffix of the directory holding a folder's children. */
export const CHILDREN_SUFFIX = '.sbd';

export function escapeLevel(level: string): string {
  let out = level.replace(/%/g, '%25');
  if (out.startsWith('.')) out = `%2E${out.slice(1)}`;
  const lower = out.toLowerCase();
  const suffix = NON_FOLDER_SUFFIXES.find((s) => lower.endsWith(s));
  if (suffix !== undefined) out = `${out.slice(0, out.length - suffix.length)}%2E${out.slice(out.length - suffix.length + 1)}`;
  return out;
}

export function unescapeLevel(name: string): string {
  return name.replace(/%(25|2E)/gi, (_, hex: string) => (hex === '25' ? '%' : '.'));
}

/** ROOT/A.sbd/B.sbd/C for folder "A/B/C". Throws FolderNameError for an unusable name. */
export function mboxPathForFolder(root: string, folder: string): string {
  const levels = folderLevels(folder).map(escapeLevel);
  const last = levels.pop()!;
  return join(root, ...levels.map((level) => `${level}${CHILDREN_SUFFIX}`), last);
}

/** The folder for a file found at `names` (directory names without .sbd, then the file name). */
export function folderForMboxPath(names: readonly string[]): string {
  return joinFolderLevels(names.map(unescapeLevel));
}

/** True for names the tree reader skips: hidden files and Thunderbird's side files. */
export function isSkippedName(name: string): boolean {
  const lower = name.toLowerCase();
  return name.startsWith('.') || NON_FOLDER_SUFFIXES.some((s) => lower.endsWith(s));
}
