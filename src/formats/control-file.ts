/**
 * Reading and writing the small text files that sit beside the mail (dovecot-keywords,
 * subscriptions): bounded reads, and writes that never leave a half-written file.
 */

import { open, rename, writeFile } from 'node:fs/promises';
import { MAILDIR_CONTROL_FILE_BYTES } from './limits.js';

/** The file's text, or null when it does not exist. Throws if it is larger than is sane. */
export async function readControlFile(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAILDIR_CONTROL_FILE_BYTES) throw new Error(`${path}: ${size} bytes, larger than ${MAILDIR_CONTROL_FILE_BYTES}`);
    return (await handle.readFile()).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Writes a temporary file and renames it over `path`. */
export async function replaceControlFile(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, path);
}
