/**
 * Folder names as the formats see them: UTF-8, '/' between levels, 'INBOX' for the root. The
 * writers turn each level into a file or directory name, so a name that cannot be one safely
 * is refused here before anything touches the disk.
 */

import { MAX_MAILBOX_NAME_BYTES } from '../limits.js';

export class FolderNameError extends Error {
  constructor(
    readonly folder: string,
    reason: string,
  ) {
    super(`bad folder name ${JSON.stringify(folder)}: ${reason}`);
    this.name = 'FolderNameError';
  }
}

/** Splits a folder name into levels, normalising a first level "inbox" (any case) to "INBOX"
 *  (RFC 9051 5.1: INBOX is case-insensitive). Throws FolderNameError for an empty level, NUL,
 *  or a name over the length limit. */
export function folderLevels(folder: string): string[] {
  if (Buffer.byteLength(folder) > MAX_MAILBOX_NAME_BYTES) {
    throw new FolderNameError(folder, `longer than ${MAX_MAILBOX_NAME_BYTES} bytes`);
  }
  if (folder.includes('\0')) throw new FolderNameError(folder, 'contains NUL');
  const levels = folder.split('/');
  if (levels.some((level) => level.length === 0)) throw new FolderNameError(folder, 'has an empty level');
  if (levels[0]!.toUpperCase() === 'INBOX') levels[0] = 'INBOX';
  return levels;
}

/** Joins levels read from disk into a folder name, with the INBOX normalisation. */
export function joinFolderLevels(levels: readonly string[]): string {
  const out = [...levels];
  if (out.length > 0 && out[0]!.toUpperCase() === 'INBOX') out[0] = 'INBOX';
  return out.join('/');
}
