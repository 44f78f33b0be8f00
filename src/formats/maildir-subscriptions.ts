/**
 * The Maildir++ `subscriptions` file: the subscribed folders, one per line, in their on-disk
 * form ("Sub.Folder", levels in modified UTF-7). Dovecot 2.x may instead write its version 2
 * form: a "V\t2" header line and a blank line, then levels separated by TAB with \001-escapes.
 * Both are read; the version 1 form (what Dovecot writes for a new file) is written.
 */

import { join } from 'node:path';
import { readControlFile, replaceControlFile } from './control-file.js';
import { folderLevels, joinFolderLevels } from './folder-name.js';
import { decodeMaildirLevel, encodeMaildirLevel } from './maildir-names.js';

export const SUBSCRIPTIONS_FILE = 'subscriptions';

const TAB_UNESCAPES: Record<string, string> = { '0': '\0', '1': '\x01', t: '\t', r: '\r', n: '\n' };

function decodeLevels(levels: string[]): string | null {
  if (levels.some((level) => level.length === 0)) return null;
  return joinFolderLevels(levels.map(decodeMaildirLevel));
}

/** Folder names, in file order, without duplicates or unparseable lines. */
export function parseSubscriptions(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const version2 = lines[0] === 'V\t2';
  const out = new Set<string>();
  for (const line of version2 ? lines.slice(2) : lines) {
    if (line.length === 0) continue;
    const levels = version2
      ? line.split('\t').map((level) => level.replace(/\x01(.)/g, (_, c: string) => TAB_UNESCAPES[c] ?? c))
      : line.split('.');
    const folder = decodeLevels(levels);
    if (folder !== null) out.add(folder);
  }
  return [...out];
}

export function formatSubscriptions(folders: readonly string[]): string {
  return folders.map((folder) => `${folderLevels(folder).map(encodeMaildirLevel).join('.')}\n`).join('');
}

/** The subscribed folders of the Maildir++ tree at `root`, or null when it has no file. */
export async function readMaildirSubscriptions(root: string): Promise<string[] | null> {
  const text = await readControlFile(join(root, SUBSCRIPTIONS_FILE));
  return text === null ? null : parseSubscriptions(text);
}

export async function writeMaildirSubscriptions(root: string, folders: readonly string[]): Promise<void> {
  await replaceControlFile(join(root, SUBSCRIPTIONS_FILE), formatSubscriptions(folders));
}
