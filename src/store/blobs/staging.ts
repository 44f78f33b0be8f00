/**
 * Receives a message's bytes as they arrive, hashing them on the way. Small messages stay in
 * memory and are stored inside the database (one group commit makes them durable); a message
 * that grows past the inline limit is spilled to a blob file as it arrives, so a 50 MB APPEND never
 * sits in memory.
 */

import { createHash, type Hash } from 'node:crypto';
import { MailError } from '../errors.js';
import type { BlobStaging, StagedBlob } from '../types.js';
import type { BlobFile, FileBlobs } from './file-blobs.js';

/** Once a message is spilled to its file, arriving bytes are written in pieces of this size
 *  (a 200 KB message is one write, not one per network read). */
const WRITE_BATCH_BYTES = 256 * 1024;

/** A staged blob as the store keeps it until a transaction references it. */
export class StagedBlobData implements StagedBlob {
  /** Set once a committed transaction references (or deduplicated) this blob: from then on
   *  the file belongs to the store and discard() must leave it alone. */
  claimed = false;

  constructor(
    readonly hash: Buffer,
    readonly size: number,
    /** The bytes, for a blob stored inside the database. */
    readonly inline: Buffer | null,
    /** The durable file name (relative to the blob root), for a blob stored as a file. */
    readonly file: string | null,
    /** LF bytes not preceded by CR. */
    readonly bareLf: number,
  ) {}
}

export class BlobStager implements BlobStaging {
  private readonly digest: Hash = createHash('sha256');
  /** Bytes not yet written: the whole message while it is small, then what came since the
   *  last file write. */
  private chunks: Buffer[] = [];
  private pending = 0;
  private size = 0;
  private bareLf = 0;
  private lastByte = -1;
  private file: BlobFile | null = null;
  private state: 'open' | 'finished' | 'discarded' = 'open';
  private result: StagedBlobData | null = null;

  constructor(
    private readonly files: FileBlobs,
    private readonly inlineMax: number,
    private readonly maxBytes: number,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    if (this.state !== 'open') throw new Error('blob staging is closed');
    if (this.size + chunk.length > this.maxBytes) {
      await this.discard();
      throw new MailError('LIMIT', `message exceeds the size limit of ${this.maxBytes} bytes`);
    }
    this.digest.update(chunk);
    this.size += chunk.length;
    this.countBareLf(chunk);
    this.chunks.push(chunk);
    this.pending += chunk.length;
    if (this.file) {
      if (this.pending >= WRITE_BATCH_BYTES) await this.flush(this.file);
      return;
    }
    if (this.size > this.inlineMax) {
      this.file = await this.files.create();
      if (this.pending >= WRITE_BATCH_BYTES) await this.flush(this.file);
    }
  }

  /** Writes the bytes held since the last write to the file, in one system call. */
  private async flush(file: BlobFile): Promise<void> {
    const chunks = this.chunks;
    this.chunks = [];
    this.pending = 0;
    if (chunks.length > 0) await file.write(chunks);
  }

  private countBareLf(chunk: Buffer): void {
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) {
      const before = at > 0 ? chunk[at - 1] : this.lastByte;
      if (before !== 0x0d) this.bareLf++;
    }
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1]!;
  }

  async finish(): Promise<StagedBlobData> {
    if (this.state === 'finished' && this.result) return this.result;
    if (this.state !== 'open') throw new Error('blob staging was discarded');
    const hash = this.digest.digest();
    if (this.file) {
      const file = this.file;
      this.file = null;
      try {
        await this.flush(file);
        await file.finish();
      } catch (error) {
        await file.discard();
        throw error;
      }
      this.result = new StagedBlobData(hash, this.size, null, file.relative, this.bareLf);
    } else {
      this.result = new StagedBlobData(hash, this.size, Buffer.concat(this.chunks, this.size), null, this.bareLf);
      this.chunks = [];
    }
    this.state = 'finished';
    return this.result;
  }

  async discard(): Promise<void> {
    if (this.state === 'discarded') return;
    this.state = 'discarded';
    this.chunks = [];
    if (this.file) await this.file.discard();
    this.file = null;
    // A finished file that no transaction took is removed here; check --repair would
    // otherwise report it as an orphan.
    if (this.result?.file && !this.result.claimed) this.files.removeSync(this.result.file);
  }
}
