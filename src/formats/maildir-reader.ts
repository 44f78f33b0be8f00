/**
 * Reads a Maildir++ tree: the root is INBOX, each ".Sub.Folder" directory a folder. Messages
 * come from cur/ (flags from the ":2," info) and new/ (no flags yet), in the order of the
 * leading timestamp of their names; INTERNALDATE is the file's mtime (what Dovecot uses). A
 * file that cannot be imported is an ImportProblem naming its path.
 */

import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readControlFile } from './control-file.js';
import { describeLine, isHeaderFieldLine } from './header-field.js';
import { cleanKeywords } from './keywords.js';
import { toCrlf } from './line-ends.js';
import { MAX_MESSAGE_BYTES } from './limits.js';
import { KEYWORDS_FILE, parseDovecotKeywords } from './maildir-keywords.js';
import { compareMaildirNames, flagsFromInfo, folderForMaildirDir, leadingTimestamp, parseMaildirFileName } from './maildir-names.js';
import type { ImportItem, ImportProblem, ProgressCallback } from './types.js';

export { readMaildirSubscriptions } from './maildir-subscriptions.js';

export interface MaildirReadOptions {
  /** Larger messages are reported as problems and not read (default MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number;
  /** Called after each file. Asking for progress costs one stat of every file up front, to
   *  know the total. */
  progress?: ProgressCallback;
}

interface FolderDir {
  folder: string;
  dir: string;
}

interface MessageFile {
  name: string;
  path: string;
  /** Files in new/ have not been seen by a mail reader: no flags. */
  isNew: boolean;
}

const LF = 0x0a;

function problem(position: string, reason: string): ImportProblem {
  return { kind: 'problem', position, reason };
}

function errorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ?? (err instanceof Error ? err.message : String(err));
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function isMaildir(dir: string): Promise<boolean> {
  return (await isDirectory(join(dir, 'cur'))) || (await isDirectory(join(dir, 'new')));
}

/** INBOX (when the root is a Maildir) and every ".Sub.Folder" directory, INBOX first. */
async function findFolders(root: string, problems: ImportItem[]): Promise<FolderDir[]> {
  const folders: FolderDir[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.name.startsWith('.') || entry.name === '.' || entry.name === '..') continue;
    const dir = join(root, entry.name);
    if (!(await isDirectory(dir))) continue;
    const folder = folderForMaildirDir(entry.name);
    if (folder === null) problems.push(problem(dir, 'skipped: not a Maildir++ folder name'));
    else if (!(await isMaildir(dir))) problems.push(problem(dir, 'skipped: no cur/ or new/ directory'));
    else folders.push({ folder, dir });
  }
  folders.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  if (await isMaildir(root)) folders.unshift({ folder: 'INBOX', dir: root });
  return folders;
}

async function listMessages(dir: string): Promise<MessageFile[]> {
  const files: MessageFile[] = [];
  for (const sub of ['cur', 'new']) {
    const names = await readdir(join(dir, sub)).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    });
    for (const name of names) {
      // Dot files are not messages (temporary files of some delivery agents).
      if (!name.startsWith('.')) files.push({ name, path: join(dir, sub, name), isNew: sub === 'new' });
    }
  }
  return files.sort((a, b) => compareMaildirNames(a.name, b.name));
}

async function totalSize(folders: FolderDir[]): Promise<number> {
  let total = 0;
  for (const { dir } of folders) {
    for (const file of await listMessages(dir)) total += (await stat(file.path).catch(() => null))?.size ?? 0;
  }
  return total;
}

interface FileResult {
  item: ImportItem;
  size: number;
}

async function readMessageFile(file: MessageFile, folder: string, keywordForLetter: ReadonlyMap<string, string>, max: number): Promise<FileResult> {
  let handle;
  try {
    handle = await open(file.path, 'r');
  } catch (err: unknown) {
    return { item: problem(file.path, `cannot open: ${errorText(err)}`), size: 0 };
  }
  try {
    const st = await handle.stat();
    const size = st.size;
    if (!st.isFile()) return { item: problem(file.path, 'not a regular file'), size: 0 };
    if (size === 0) return { item: problem(file.path, 'empty file'), size };
    // The file (LF) is never larger than the message (CRLF): a file over the limit is not read.
    if (size > max) return { item: problem(file.path, `message is ${size} bytes, over the limit of ${max} bytes`), size };
    const raw = await handle.readFile();
    const lf = raw.indexOf(LF);
    const firstLine = raw.subarray(0, lf === -1 ? raw.length : lf + 1);
    if (!isHeaderFieldLine(firstLine)) {
      return { item: problem(file.path, `not a message: does not start with a header field (first line: ${describeLine(firstLine)})`), size };
    }
    const bytes = toCrlf(raw);
    if (bytes.length > max) return { item: problem(file.path, `message is ${bytes.length} bytes, over the limit of ${max} bytes`), size };
    const info = parseMaildirFileName(file.name).flags;
    const { flags, keywords } = file.isNew || info === null ? { flags: [], keywords: [] } : flagsFromInfo(info, keywordForLetter);
    const stamp = leadingTimestamp(file.name);
    const internalDate = st.mtimeMs > 0 ? new Date(Math.floor(st.mtimeMs)) : stamp !== null ? new Date(stamp * 1000) : null;
    return {
      item: { kind: 'message', folder, bytes, flags, keywords: cleanKeywords(keywords), internalDate, position: file.path },
      size,
    };
  } catch (err: unknown) {
    return { item: problem(file.path, `cannot read: ${errorText(err)}`), size: 0 };
  } finally {
    await handle.close();
  }
}

/** Folders (as 'folder' items, empty ones too), their messages and problems. Errors on the
 *  root itself (missing, not a directory) are thrown. */
export async function* readMaildir(root: string, options: MaildirReadOptions = {}): AsyncGenerator<ImportItem> {
  const max = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const problems: ImportItem[] = [];
  const folders = await findFolders(root, problems);
  if (folders.length === 0) problems.push(problem(root, 'not a Maildir: no cur/ or new/ directory and no .Folder directories'));
  yield* problems;
  const totalBytes = options.progress ? await totalSize(folders) : null;
  let bytesRead = 0;
  for (const { folder, dir } of folders) {
    yield { kind: 'folder', folder, position: dir };
    let keywordForLetter = new Map<string, string>();
    try {
      keywordForLetter = parseDovecotKeywords((await readControlFile(join(dir, KEYWORDS_FILE))) ?? '');
    } catch (err: unknown) {
      yield problem(join(dir, KEYWORDS_FILE), `cannot read, keywords of this folder are not imported: ${errorText(err)}`);
    }
    let files: MessageFile[];
    try {
      files = await listMessages(dir);
    } catch (err: unknown) {
      yield problem(dir, `cannot list the folder: ${errorText(err)}`);
      continue;
    }
    for (const file of files) {
      const { item, size } = await readMessageFile(file, folder, keywordForLetter, max);
      bytesRead += size;
      yield item;
      options.progress?.({ bytesRead, totalBytes });
    }
  }
}
