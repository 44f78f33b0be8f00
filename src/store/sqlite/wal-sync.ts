/**
 * Durability without blocking the event loop. The database runs with synchronous=NORMAL, so a
 * COMMIT only writes the transaction's frames to the WAL file (no fsync, microseconds); this
 * class then fsyncs the WAL file on libuv's thread pool, and operations are acknowledged only
 * when an fsync that started after their COMMIT has finished. That is the durability of
 * synchronous=FULL (the committed frames are on disk before anyone is told), but while one
 * fsync runs, the server keeps receiving and committing: every commit made meanwhile shares
 * the next fsync (group commit across event-loop turns).
 *
 * After a power loss, SQLite's WAL recovery keeps every transaction whose frames (with their
 * checksums) reached the disk and drops a torn tail: nothing acknowledged is in that tail.
 * SQLite keeps the -wal file while any connection has the database open (it is reset, never
 * unlinked), so one file handle, opened at the first fsync, serves until close().
 */

import { open, type FileHandle } from 'node:fs/promises';

export class WalSync {
  /** The fsync in flight, if any. */
  private running: Promise<void> | null = null;
  /** Commits made since the running fsync started need another one. */
  private next: Promise<void> | null = null;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before this call is on disk. */
  afterCommit(): Promise<void> {
    if (!this.running) {
      this.running = this.fsync().finally(() => (this.running = null));
      return this.running;
    }
    // An fsync is running but may have started before this commit: wait for the next one,
    // which every commit made until it starts shares.
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.afterCommit();
    });
    return this.next;
  }

  /** The fsync in flight (settles when it ends, either way), or null. */
  get inFlight(): Promise<void> | null {
    return this.running;
  }

  private handle: Promise<FileHandle> | null = null;

  private async fsync(): Promise<void> {
    this.handle ??= open(this.walPath, 'r+');
    let handle: FileHandle;
    try {
      handle = await this.handle;
    } catch (error) {
      this.handle = null;
      throw error;
    }
    await handle.datasync();
  }

  /** Waits for the fsync in flight and releases the file handle. */
  async close(): Promise<void> {
    await Promise.allSettled([this.running, this.next]);
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle).close();
  }
}
