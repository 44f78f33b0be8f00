/**
 * Writes a Maildir++ tree: the root is INBOX, other folders ".Sub.Folder" directories (with
 * cur/ new/ tmp/ and the `maildirfolder` marker), each message one file in cur/ named
 *   <unix>.M<micro>P<pid>Q<n>.<host>,S=<size>,W=<crlf-size>:2,<flags>
 * with LF line ends (S= is the file size, W= the size with CRLF, as Dovecot writes them) and
 * the file's mtime set to the INTERNALDATE. Keywords get letters through each folder's
 * dovecot-keywords file, which is written before any file that uses a new letter appears.
 *
 * A message is written to tmp/ and then renamed into cur/, so a reader never sees half a
 * message. Files are not fsynced unless asked (`durable`): an export that dies is run again.
 */

import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readControlFile, replaceControlFile } from './control-file.js';
import { folderLevels } from './folder-name.js';
import { cleanKeywords } from './keywords.js';
import { toLf } from './line-ends.js';
import { MAILDIR_MAX_KEYWORDS } from './limits.js';
import { formatDovecotKeywords, KEYWORDS_FILE, letterForIndex, parseDovecotKeywords } from './maildir-keywords.js';
import { infoFromFlags, maildirDirForFolder } from './maildir-names.js';
import { writeMaildirSubscriptions } from './maildir-subscriptions.js';
import type { ExportFolder, ExportMessage } from './types.js';

export interface MaildirWriterOptions {
  /** Host name in file names (default os.hostname()). */
  hostname?: string;
  /** fsync each message file and, on close, the cur/ directories (default false). */
  durable?: boolean;
}

export interface MaildirWriteResult {
  /** Path of the message file. */
  path: string;
  /** Keywords that could not be written: the folder already has 26 (the letters a-z). */
  droppedKeywords: string[];
}

interface FolderState {
  dir: string;
  /** Keywords by index (index 0 is letter 'a'). */
  keywords: string[];
}

const LF = 0x0a;

/** Maildir names must not contain '/' or ':' (the info separator); ',' starts our S= field. */
function safeHost(host: string): string {
  return host.replace(/[/:,]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`) || 'localhost';
}

async function makeMaildir(dir: string): Promise<void> {
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
}

export class MaildirWriter {
  private readonly folders = new Map<string, Promise<FolderState>>();
  private readonly host: string;
  private readonly durable: boolean;
  private counter = 0;
  private lastMicros = 0;

  private constructor(
    readonly root: string,
    options: MaildirWriterOptions,
  ) {
    this.host = safeHost(options.hostname ?? hostname());
    this.durable = options.durable === true;
  }

  /** Creates the root (INBOX) Maildir, or adds to an existing one. */
  static async create(root: string, options: MaildirWriterOptions = {}): Promise<MaildirWriter> {
    await makeMaildir(root);
    return new MaildirWriter(root, options);
  }

  /** Creates a folder (nothing happens if it exists); returns its directory. Throws
   *  FolderNameError for a name that cannot be a folder. */
  async addFolder(folder: string): Promise<string> {
    return (await this.folder(folder)).dir;
  }

  async write(folder: string, message: ExportMessage): Promise<MaildirWriteResult> {
    const state = await this.folder(folder);
    const before = state.keywords.length;
    const { letters, dropped } = infoFromFlags(message.flags, cleanKeywords(message.keywords), (k) => this.letterFor(state, k));
    if (state.keywords.length !== before) await replaceControlFile(join(state.dir, KEYWORDS_FILE), formatDovecotKeywords(state.keywords));

    const data = toLf(message.bytes);
    let lines = 0;
    for (let at = data.indexOf(LF); at !== -1; at = data.indexOf(LF, at + 1)) lines++;
    const base = this.uniqueBase();
    const temp = join(state.dir, 'tmp', base);
    const path = join(state.dir, 'cur', `${base},S=${data.length},W=${data.length + lines}:2,${letters}`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      if (message.internalDate !== null) await handle.utimes(message.internalDate, message.internalDate);
      if (this.durable) await handle.sync();
    } catch (err: unknown) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await rename(temp, path);
    return { path, droppedKeywords: dropped };
  }

  /** Writes the Maildir++ `subscriptions` file (replacing one that exists). */
  async writeSubscriptions(folders: readonly string[]): Promise<void> {
    await writeMaildirSubscriptions(this.root, folders);
  }

  /** With `durable`, fsyncs the cur/ directories so the renames are on disk. */
  async close(): Promise<void> {
    if (!this.durable) return;
    for (const state of this.folders.values()) {
      const handle = await open(join((await state).dir, 'cur'), 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }

  private folder(folder: string): Promise<FolderState> {
    const key = folderLevels(folder).join('/');
    let state = this.folders.get(key);
    if (state === undefined) {
      state = this.openFolder(key);
      this.folders.set(key, state);
      state.catch(() => this.folders.delete(key)); // a failure is reported to the caller; retry next time
    }
    return state;
  }

  private async openFolder(folder: string): Promise<FolderState> {
    const relative = maildirDirForFolder(folder);
    const dir = join(this.root, relative);
    await makeMaildir(dir);
    // Maildir++: marks a subfolder, so that delivery agents treat it as one.
    if (relative !== '') await writeFile(join(dir, 'maildirfolder'), '');
    // Adding to an existing Maildir: keep the letters its files already use.
    const byLetter = parseDovecotKeywords((await readControlFile(join(dir, KEYWORDS_FILE))) ?? '');
    const keywords: string[] = [];
    for (let i = 0; i < MAILDIR_MAX_KEYWORDS; i++) keywords.push(byLetter.get(letterForIndex(i)) ?? '');
    while (keywords.length > 0 && keywords[keywords.length - 1] === '') keywords.pop();
    return { dir, keywords };
  }

  private letterFor(state: FolderState, keyword: string): string | null {
    const lower = keyword.toLowerCase();
    let index = state.keywords.findIndex((k) => k.toLowerCase() === lower);
    if (index === -1) {
      index = state.keywords.indexOf('');
      if (index === -1 && state.keywords.length >= MAILDIR_MAX_KEYWORDS) return null;
      if (index === -1) index = state.keywords.push(keyword) - 1;
      else state.keywords[index] = keyword;
    }
    return letterForIndex(index);
  }

  /** "<unix>.M<micro>P<pid>Q<n>.<host>", with (unix, micro) strictly increasing, so that the
   *  reader's order (by timestamp, then by name) is the order of writing. */
  private uniqueBase(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const unix = Math.floor(micros / 1_000_000);
    return `${unix}.M${micros % 1_000_000}P${process.pid}Q${++this.counter}.${this.host}`;
  }
}

export interface ExportedMaildirFolder {
  folder: string;
  dir: string;
  messages: number;
  /** Keywords not written (over 26 in the folder), with how many messages lost each. */
  droppedKeywords: Map<string, number>;
}

/** Writes whole folders into the Maildir++ tree at `root`, and the subscriptions file when
 *  `subscriptions` is given. */
export async function exportMaildirTree(
  root: string,
  folders: AsyncIterable<ExportFolder> | Iterable<ExportFolder>,
  options: MaildirWriterOptions & { subscriptions?: readonly string[]; onMessage?: (folder: string, messagesWritten: number) => void } = {},
): Promise<ExportedMaildirFolder[]> {
  const writer = await MaildirWriter.create(root, options);
  const done: ExportedMaildirFolder[] = [];
  for await (const { folder, messages } of folders) {
    const result: ExportedMaildirFolder = { folder, dir: await writer.addFolder(folder), messages: 0, droppedKeywords: new Map() };
    for await (const message of messages) {
      const { droppedKeywords } = await writer.write(folder, message);
      for (const k of droppedKeywords) result.droppedKeywords.set(k, (result.droppedKeywords.get(k) ?? 0) + 1);
      result.messages++;
      options.onMessage?.(folder, result.messages);
    }
    done.push(result);
  }
  if (options.subscriptions !== undefined) await writer.writeSubscriptions(options.subscriptions);
  await writer.close();
  return done;
}
