/**
 * Writes responses to the client with back-pressure: when the socket's buffer is full
 * (write() returned false), producers await drain() before making more output, so a client
 * that does not read cannot make the server buffer without limit. A client that stops reading
 * for longer than the stall timeout is disconnected.
 *
 * While a command runs the socket is corked: its responses (100,000 FETCH lines for
 * `UID FETCH 1:* FLAGS`) leave in writes of about FLUSH_BYTES, not one system call each.
 * Small responses are also joined into one Buffer per FLUSH_BYTES before they reach the
 * socket: a stream write costs far more than copying a few hundred bytes.
 */

import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';

/** Bytes queued in the socket before producers wait (a few FETCH responses). */
const HIGH_WATER_BYTES = 256 * 1024;
/** Corked output is handed to the kernel in pieces of about this size. */
const FLUSH_BYTES = 64 * 1024;
/** Writes at least this large go to the socket as they are, not copied into a joined piece. */
const JOIN_BELOW_BYTES = 8 * 1024;

export class ResponseWriter {
  private waiting: Promise<void> | null = null;
  private closed = false;
  private corked = false;
  private corkedBytes = 0;
  /** Small writes made while corked, not yet handed to the socket. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private socket: Socket,
    private readonly stallTimeoutMs: number,
  ) {}

  /** After STARTTLS the session writes to the TLS socket. */
  replaceSocket(socket: Socket): void {
    this.socket = socket;
  }

  get isClosed(): boolean {
    return this.closed || this.socket.destroyed;
  }

  write(data: Buffer): void {
    if (this.isClosed) return;
    if (!this.corked) {
      this.socket.write(data);
      return;
    }
    this.corkedBytes += data.length;
    if (data.length >= JOIN_BELOW_BYTES) {
      this.flushPending();
      this.socket.write(data);
      return;
    }
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flushPending();
  }

  private flushPending(): void {
    if (this.pending.length === 0) return;
    const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.isClosed) this.socket.write(joined);
  }

  /** Holds writes back until uncork() (or until FLUSH_BYTES have gathered). */
  cork(): void {
    if (this.corked || this.isClosed) return;
    this.socket.cork();
    this.corked = true;
    this.corkedBytes = 0;
  }

  /** Sends what was held back; writes go out at once again. Call before waiting for input. */
  uncork(): void {
    if (!this.corked) return;
    this.flushPending();
    this.corked = false;
    this.corkedBytes = 0;
    this.socket.uncork();
  }

  /**
   * Sends what is held back, then resolves when the socket can take more. It never waits with
   * the socket corked: Node does not flush corked data when a write completes, so a corked
   * socket would never drain.
   */
  async drain(): Promise<void> {
    const wasCorked = this.corked;
    this.uncork();
    if (!this.isClosed && this.socket.writableLength >= HIGH_WATER_BYTES) await this.waitForDrain();
    if (wasCorked) this.cork();
  }

  private waitForDrain(): Promise<void> {
    this.waiting ??= new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.socket.off('drain', done);
        this.socket.off('close', done);
        this.waiting = null;
        resolve();
      };
      const timer = setTimeout(() => {
        // The client stopped reading: give up on it rather than hold its output forever.
        this.closed = true;
        this.socket.destroy();
        done();
      }, this.stallTimeoutMs);
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
    return this.waiting;
  }

  /** Writes then waits for room when there is much in flight: the step of producers of many
   *  responses. */
  async send(data: Buffer): Promise<void> {
    this.write(data);
    if (this.corked && this.corkedBytes < FLUSH_BYTES) return;
    await this.drain();
  }

  /** Copies `length` bytes from a stream (a message section), with back-pressure. */
  async pipe(source: Readable, length: number): Promise<void> {
    let sent = 0;
    try {
      for await (const chunk of source) {
        const piece = chunk as Buffer;
        const take = Math.min(piece.length, length - sent);
        if (take > 0) await this.send(take === piece.length ? piece : piece.subarray(0, take));
        sent += take;
        if (this.isClosed) break;
      }
    } finally {
      source.destroy();
    }
    // The literal's length was announced: if the bytes ran short (a truncated blob), pad so the
    // client stays in step; the store's check reports the damage.
    if (sent < length && !this.isClosed) await this.send(Buffer.alloc(length - sent, 0x20));
  }

  close(): void {
    this.uncork();
    this.closed = true;
    this.socket.end();
  }
}
