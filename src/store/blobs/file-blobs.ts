/**
 * Blob files: immutable message bytes under <data>/blobs, named by their SHA-256 plus a random
 * suffix. The suffix makes every written file unique, so a file is only ever deleted by the
 * process whose transaction removed its database row: a concurrent writer of the same bytes
 * (another process delivering the same message) can never lose its file to that deletion.
 *
 * Durability (ARCHITECTURE.md, "blobs"): write to tmp/, fsync the file, rename into place,
 * fsync the directory; only then may a transaction reference the file.
 */

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const TEMP_DIR = 'tmp';

export class FileBlobs {
  private readonly knownDirs = new Set<string>();

  constructor(readonly root: string) {
    mkdirSync(join(root, TEMP_DIR), { recursive: true });
  }

  /** Absolute path of a stored blob file given its name relative to the root. */
  path(relative: string): string {
    return join(this.root, relative);
  }

  /** Starts a temporary file for a message that is too large to keep in memory. */
  async createTemp(): Promise<TempBlobFile> {
    const path = join(this.root, TEMP_DIR, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const handle = await open(path, 'wx', 0o600);
    return new TempBlobFile(path, handle);
  }

  /** Makes a finished temporary file durable under its content name; returns that name. */
  async persist(temp: TempBlobFile, hashHex: string): Promise<string> {
    await temp.syncAndClose();
    const dir = join(hashHex.slice(0, 2), hashHex.slice(2, 4));
    await this.ensureDir(dir);
    const relative = join(dir, `${hashHex}.${randomBytes(4).toString('hex')}`);
    await rename(temp.path, this.path(relative));
    await fsyncDir(this.path(dir));
    return relative;
  }

  /** Removes a blob file whose row is gone (called after the deleting transaction commits). */
  removeSync(relative: string): void {
    try {
      unlinkSync(this.path(relative));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async size(relative: string): Promise<number | null> {
    try {
      return (await stat(this.path(relative))).size;
    } catch {
      return null;
    }
  }

  stream(relative: string, start: number, end: number): Readable {
    // createReadStream's `end` is inclusive, so an empty range needs its own empty stream.
    if (end <= start) return Readable.from([]);
    return createReadStream(this.path(relative), { start, end: end - 1 });
  }

  async read(relative: string, start: number, end: number): Promise<Buffer> {
    const length = Math.max(0, end - start);
    const buffer = Buffer.allocUnsafe(length);
    const handle = await open(this.path(relative), 'r');
    try {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, start + done);
        if (bytesRead === 0) throw new Error(`blob ${relative} is shorter than expected`);
        done += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return buffer;
  }

  /** SHA-256 of a stored file, for `check --verify-hashes`. */
  async hash(relative: string): Promise<string> {
    const digest = createHash('sha256');
    for await (const chunk of createReadStream(this.path(relative))) digest.update(chunk as Buffer);
    return digest.digest('hex');
  }

  /** Every stored blob file name (relative), for `check`. Synchronous: check runs offline. */
  listSync(): string[] {
    const out: string[] = [];
    for (const a of safeReaddir(this.root)) {
      if (a === TEMP_DIR || !/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of safeReaddir(join(this.root, a))) {
        for (const name of safeReaddir(join(this.root, a, b))) out.push(join(a, b, name));
      }
    }
    return out;
  }

  /** Temporary files older than `olderThanMs` (left by a crash mid-write). */
  async staleTemps(olderThanMs: number): Promise<string[]> {
    const dir = join(this.root, TEMP_DIR);
    const now = Date.now();
    const stale: string[] = [];
    for (const name of await readdir(dir)) {
      const info = await stat(join(dir, name)).catch(() => null);
      if (info && now - info.mtimeMs > olderThanMs) stale.push(join(TEMP_DIR, name));
    }
    return stale;
  }

  private async ensureDir(relative: string): Promise<void> {
    if (this.knownDirs.has(relative)) return;
    const created = await mkdir(this.path(relative), { recursive: true });
    if (created !== undefined) {
      // New directories must themselves be durable before a file in them is referenced.
      await fsyncDir(this.path(relative.split('/')[0]!));
      await fsyncDir(this.root);
    }
    this.knownDirs.add(relative);
  }
}

/** A blob being written: bytes are appended, then synced and renamed by FileBlobs.persist. */
export class TempBlobFile {
  private closed = false;

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    let done = 0;
    while (done < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, done, chunk.length - done);
      done += bytesWritten;
    }
  }

  async syncAndClose(): Promise<void> {
    await this.handle.sync();
    await this.close();
  }

  async discard(): Promise<void> {
    await this.close();
    await unlink(this.path).catch(() => undefined);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function safeReaddir(path: string): string[] {
  try {
    return statSync(path).isDirectory() ? readdirSync(path) : [];
  } catch {
    return [];
  }
}
