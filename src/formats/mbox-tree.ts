/**
 * A whole account as a tree of mbox files (Thunderbird's layout, see mbox-tree-names.ts):
 * exporting folders into one, and reading one back.
 */

import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { CHILDREN_SUFFIX, folderForMboxPath, isSkippedName, mboxPathForFolder } from './mbox-tree-names.js';
import { readMbox, type MboxReadOptions } from './mbox-reader.js';
import { MboxWriter } from './mbox-writer.js';
import type { ExportFolder, ImportItem } from './types.js';

export interface MboxTreeExportOptions {
  /** Replace existing files (default: refuse). */
  overwrite?: boolean;
  /** Called after each message written. */
  onMessage?: (folder: string, messagesWritten: number, bytesWritten: number) => void;
}

export interface ExportedMboxFile {
  folder: string;
  path: string;
  messages: number;
  bytes: number;
}

/** Writes each folder to its file under `root`, creating directories as needed. A folder with
 *  no messages becomes an empty file, so it survives a round trip. */
export async function exportMboxTree(
  root: string,
  folders: AsyncIterable<ExportFolder> | Iterable<ExportFolder>,
  options: MboxTreeExportOptions = {},
): Promise<ExportedMboxFile[]> {
  const done: ExportedMboxFile[] = [];
  await mkdir(root, { recursive: true });
  for await (const { folder, messages } of folders) {
    const path = mboxPathForFolder(root, folder);
    await mkdir(dirname(path), { recursive: true });
    const writer = await MboxWriter.create(path, { overwrite: options.overwrite === true });
    try {
      for await (const message of messages) {
        await writer.write(message);
        options.onMessage?.(folder, writer.messagesWritten, writer.bytesWritten);
      }
    } catch (err: unknown) {
      await writer.close().catch(() => undefined); // the first error is the one worth reporting
      throw err;
    }
    await writer.close();
    done.push({ folder, path, messages: writer.messagesWritten, bytes: writer.bytesWritten });
  }
  return done;
}

/** Enough of a file's start to see its first From_ line past a few blank lines. */
const FILE_START_BYTES = 1024;

export type MboxTreeReadOptions = Omit<MboxReadOptions, 'folder' | 'label' | 'totalBytes'>;

interface FoundFile {
  path: string;
  folder: string;
  size: number;
}

/** Every mbox file under `root`: Thunderbird's X + X.sbd/ layout, and also plain directories
 *  of mbox files (mutt's habit), where the directory name is the parent folder. */
async function findMboxFiles(root: string, dir: string, levels: string[], found: FoundFile[], problems: ImportItem[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const isChildren = entry.name.toLowerCase().endsWith(CHILDREN_SUFFIX);
    if (isSkippedName(entry.name) && !(entry.isDirectory() && isChildren && !entry.name.startsWith('.'))) continue;
    let kind: 'file' | 'dir' | 'other' = entry.isFile() ? 'file' : entry.isDirectory() ? 'dir' : 'other';
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => null);
      kind = target?.isFile() ? 'file' : target?.isDirectory() ? 'dir' : 'other';
    }
    if (kind === 'file') {
      const size = (await stat(path)).size;
      found.push({ path, folder: folderForMboxPath([...levels, entry.name]), size });
    } else if (kind === 'dir' && !entry.isSymbolicLink()) {
      const name = isChildren ? entry.name.slice(0, -CHILDREN_SUFFIX.length) : entry.name;
      await findMboxFiles(root, path, [...levels, name], found, problems);
    } else {
      const what = kind === 'dir' ? 'a symbolic link to a directory' : 'not a regular file';
      problems.push({ kind: 'problem', position: relative(root, path), reason: `skipped: ${what}` });
    }
  }
}

/** The first bytes of a file (empty if it cannot be read: reading it will then report why). */
async function fileStart(path: string): Promise<Buffer> {
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return Buffer.alloc(0);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(FILE_START_BYTES), 0, FILE_START_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Folders (as 'folder' items, empty ones too), their messages and problems, folder by folder.
 *  Positions name files relative to `root`. A `root` that is a file is read as one mbox whose
 *  messages go to INBOX. */
export async function* readMboxTree(root: string, options: MboxTreeReadOptions = {}): AsyncGenerator<ImportItem> {
  const found: FoundFile[] = [];
  const problems: ImportItem[] = [];
  const rootStat = await stat(root);
  if (rootStat.isFile()) found.push({ path: root, folder: 'INBOX', size: rootStat.size });
  else await findMboxFiles(root, root, [], found, problems);
  yield* problems;
  const totalBytes = found.reduce((sum, f) => sum + f.size, 0);
  let before = 0;
  for (const file of found) {
    const label = relative(root, file.path) || basename(file.path);
    const start = await fileStart(file.path);
    // A stray text file in the tree must not become an empty folder.
    if (start.length > 0 && !start.toString('latin1').replace(/^[\r\n]+/, '').startsWith('From ')) {
      yield { kind: 'problem', position: label, reason: `not an mbox file (it does not start with a From_ line), skipped` };
      before += file.size;
      continue;
    }
    yield { kind: 'folder', folder: file.folder, position: label };
    const progress = options.progress;
    try {
      yield* readMbox(file.path, {
        ...options,
        folder: file.folder,
        label,
        totalBytes: file.size,
        progress: progress && ((p) => progress({ bytesRead: before + p.bytesRead, totalBytes })),
      });
    } catch (err: unknown) {
      yield { kind: 'problem', position: label, reason: `cannot read the file: ${err instanceof Error ? err.message : String(err)}` };
    }
    before += file.size;
  }
}
