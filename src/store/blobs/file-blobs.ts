/**
 * Blob files: immutable message bytes under <data>/blobs/<xx>/<random name>, for messages too
 * large to keep inside the database. The database row (blob.hash, blob.file) is what makes a
 * file content-addressed; the file name itself is random, so every written file is unique and
 * a file is only ever deleted by the process whose transaction removed its row: a concurrent
 * writer of the same bytes (another process delivering the same message) never loses its file.
 *
 * Durability (ARCHITECTURE.md, "blobs"): the file is written in place, fsynced, and its
 * directory fsynced before any transaction may refer to it. A file that no transaction took
 * (a crash mid-delivery) is an orphan: `check --repair` removes orphans older than an hour.
 * Directory fsyncs are shared: every file created in a directory before an fsync of that
 * directory starts is made durable by it, so concurrent deliveries pay for one.
 */

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** 256 directories: few enough that all exist after the first few hundred large messages. */
function randomDirectory(): string {
  return randomBytes(1).toString('hex');
}

export class FileBlobs {
  /** Per directory: the fsync in flight, and the one queued behind it. */
  private readonly dirSyncs = new Map<string, { running: Promise<void> | null; next: Promise<void> | null }>();

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
    let created = false;
    for (let i = 0; i < 256; i++) created = mkdirSync(join(root, i.toString(16).padStart(2, '0')), { recursive: true }) !== undefined || created;
    // The directories themselves must survive a crash before files in them are referenced.
    if (created) {
      const fd = openSync(root, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  /** Absolute path of a stored blob file given its name relative to the root. */
  path(relative: string): string {
    return join(this.root, relative);
  }

  /** Starts a new blob file for a message too large to keep in memory. */
  async create(): Promise<BlobFile> {
    const relative = join(randomDirectory(), randomBytes(12).toString('hex'));
    const handle = await open(this.path(relative), 'wx', 0o600);
    return new BlobFile(relative, handle, this);
  }

  /** Makes the creation of files in `directory` durable (shared by concurrent callers). */
  syncDirectory(directory: string): Promise<void> {
    let state = this.dirSyncs.get(directory);
    if (!state) {
      state = { running: null, next: null };
      this.dirSyncs.set(directory, state);
    }
    const current = state;
    if (!current.running) {
      current.running = fsyncDir(this.path(directory)).finally(() => (current.running = null));
      return current.running;
    }
    // The running fsync may have started before our file was created: wait for the next one.
    current.next ??= current.running.then(() => {
      current.next = null;
      return this.syncDirectory(directory);
    });
    return current.next;
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

  /** Every blob file name (relative), for `check`. Synchronous: check runs offline. */
  listSync(): string[] {
    const out: string[] = [];
    for (const dir of safeReaddir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of safeReaddir(join(this.root, dir))) out.push(join(dir, name));
    }
    return out;
  }
}

/** A blob file being written: bytes are appended, then finish() makes it durable. */
export class BlobFile {
  private closed = false;

  constructor(
    readonly relative: string,
    private readonly handle: FileHandle,
    private readonly files: FileBlobs,
  ) {}

  /** Appends the chunks in one system call when the kernel takes them all (it does for a
   *  regular file unless the disk fills up); the rest, if any, piece by piece. */
  async write(chunks: readonly Buffer[]): Promise<void> {
    const total = chunks.reduce((sum, c) => sum + c.length, 0);
    let done = (await this.handle.writev(chunks as Buffer[])).bytesWritten;
    if (done === total) return;
    const rest = Buffer.concat(chunks as Buffer[], total).subarray(done);
    done = 0;
    while (done < rest.length) {
      const { bytesWritten } = await this.handle.write(rest, done, rest.length - done);
      done += bytesWritten;
    }
  }

  /** fsync of the file, then of its directory (shared with concurrent writers). */
  async finish(): Promise<void> {
    await this.handle.sync();
    await this.close();
    await this.files.syncDirectory(this.relative.split('/')[0]!);
  }

  async discard(): Promise<void> {
    await this.close();
    this.files.removeSync(this.relative);
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
