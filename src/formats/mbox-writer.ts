/**
 * Writes messages to an mbox (mboxrd) file or stream, one after the other, respecting the
 * stream's back-pressure. See mbox-message-encoder.ts for the form of each message.
 */

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { WRITE_CHUNK_BYTES } from './limits.js';
import { encodeMboxMessage } from './mbox-message-encoder.js';
import type { ExportMessage } from './types.js';

export interface MboxFileOptions {
  /** Replace an existing file (default: refuse, so an export never clobbers a mailbox). */
  overwrite?: boolean;
}

export class MboxWriter {
  private error: Error | null = null;
  private written = 0;
  private messages = 0;
  private closed = false;

  /** Writes to `out`; `close()` ends it. */
  constructor(private readonly out: Writable) {
    // Kept until the next write or close rethrows it; without a listener an error would crash.
    out.on('error', (err: Error) => {
      this.error ??= err;
    });
  }

  /** Creates the file (flushed to disk when closed). */
  static async create(path: string, options: MboxFileOptions = {}): Promise<MboxWriter> {
    const stream = createWriteStream(path, { flags: options.overwrite === true ? 'w' : 'wx', flush: true });
    await once(stream, 'ready');
    return new MboxWriter(stream);
  }

  get bytesWritten(): number {
    return this.written;
  }

  get messagesWritten(): number {
    return this.messages;
  }

  async write(message: ExportMessage): Promise<void> {
    if (this.closed) throw new Error('MboxWriter: write after close');
    const encoded = encodeMboxMessage(message, new Date());
    for (let at = 0; at < encoded.length; at += WRITE_CHUNK_BYTES) {
      this.check();
      const slice = encoded.subarray(at, Math.min(at + WRITE_CHUNK_BYTES, encoded.length));
      this.written += slice.length;
      if (!this.out.write(slice)) await this.drain();
    }
    this.check();
    this.messages++;
  }

  /** Ends the stream and waits until it is flushed and closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.check();
    this.out.end();
    await finished(this.out);
    this.check();
  }

  /** Waits for 'drain'; a stream that closes or fails instead must not leave us waiting. */
  private drain(): Promise<void> {
    if (this.error !== null || this.out.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.out.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      this.out.on('drain', done).on('close', done).on('error', done);
    });
  }

  private check(): void {
    if (this.error !== null) throw this.error;
    if (this.out.destroyed && !this.closed) throw new Error('MboxWriter: the output stream was closed');
  }
}
