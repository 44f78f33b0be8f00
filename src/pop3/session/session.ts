/**
 * One POP3 connection: reads command lines, runs them one at a time in order (PIPELINING,
 * RFC 2449 6.6), enforces the login and idle timeouts and the input bounds, and ends cleanly.
 * What each command does is in ../commands/; which commands may run when, and how failures
 * are answered, is in dispatch.ts.
 *
 * Invariants:
 * - Replies go out in command order; a command's reply is complete before the next runs.
 * - Deletions happen only in the UPDATE state after QUIT. A session that ends any other way
 *   (connection dropped, timeout, shutdown) releases its maildrop unchanged.
 * - Input is bounded: a line by POP3_MAX_LINE_BYTES, the queue of unanswered commands by
 *   POP3_MAX_QUEUED_COMMANDS (then the socket is paused until the session catches up).
 */

import type { Socket } from 'node:net';
import type { LoginThrottle } from '../../auth/throttle.js';
import type { Connection } from '../../server/connection.js';
import type { SessionHandle } from '../../server/protocol.js';
import { POP3_MAX_LINE_BYTES, POP3_MAX_QUEUED_COMMANDS } from '../limits.js';
import { LineReader, type LineEvent } from '../protocol/line-reader.js';
import { err, ok } from '../protocol/responses.js';
import { dispatch } from './dispatch.js';
import type { Maildrop, MaildropBackend } from './maildrop.js';
import { ConnectionGone, Output } from './output.js';
import { authorization, transaction, type SessionState } from './state.js';

export interface SessionOptions {
  backend: MaildropBackend;
  throttle: LoginThrottle;
  /** auth.allow_plaintext: passwords also on cleartext connections from other hosts. */
  allowPlaintext: boolean;
  maxBadCommands: number;
  /** 0: no limit. */
  loginTimeoutS: number;
  idleTimeoutS: number;
  /** For the greeting. */
  greeting: string;
}

export class Pop3Session implements SessionHandle {
  state: SessionState = authorization();
  /** RFC 6856: the client sent UTF8. */
  utf8 = false;
  /** Bad commands in a row (limits.max_bad_commands). */
  badCommands = 0;
  readonly closed: Promise<void>;
  readonly output: Output;
  private readonly reader = new LineReader(POP3_MAX_LINE_BYTES);
  private resolveClosed!: () => void;
  private busy = false;
  private ending = false;
  private finished = false;
  private shutdownReason: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private paused = false;
  private held: Maildrop | null = null;

  constructor(
    readonly connection: Connection,
    readonly options: SessionOptions,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.output = new Output(connection, () => this.armTimer());
    // Each reply is one write already; Nagle would hold back the last small piece of a RETR
    // until the client's delayed ACK (40 ms a message).
    connection.socket.setNoDelay(true);
    this.attach(connection.socket);
    this.armTimer();
    void this.send(ok(options.greeting));
  }

  get log() {
    return this.connection.log;
  }

  /** RFC 2595 / the IMAP policy: passwords only over TLS, from this machine, or if allowed. */
  get plaintextAllowed(): boolean {
    return this.connection.secure || this.connection.loopback || this.options.allowPlaintext;
  }

  /** Writes a reply; a client that is gone is noticed by the 'close' handler. */
  async send(data: Buffer): Promise<void> {
    try {
      await this.output.write(data);
    } catch (error) {
      if (!(error instanceof ConnectionGone)) throw error;
    }
  }

  /**
   * STLS after its +OK: anything the client pipelined behind STLS is dropped (RFC 2595 4,
   * RFC 3207-style injection), the handshake runs, and reading resumes on the TLS socket.
   */
  async startTls(): Promise<void> {
    this.reader.clear();
    const plain = this.connection.socket;
    plain.off('data', this.onData);
    try {
      await this.connection.startTls();
    } catch (error) {
      this.log.info({ event: 'tls-failed', err: (error as Error).message });
      this.connection.socket.destroy();
      return;
    }
    this.reader.clear();
    this.attach(this.connection.socket);
  }

  /** Ends the session after the reply just written (QUIT, fatal errors). */
  end(): void {
    if (this.ending) return;
    this.ending = true;
    this.connection.close();
  }

  /** The connection has closed (a login that completes now must give its maildrop back). */
  get isClosed(): boolean {
    return this.finished;
  }

  /** A login succeeded: the session holds the maildrop until releaseMaildrop(). */
  enterTransaction(user: string, maildrop: Maildrop): void {
    this.held = maildrop;
    this.state = transaction(user, maildrop);
    this.armTimer();
  }

  /** Lets go of the maildrop, once: QUIT after its commit, or the end of the connection. */
  async releaseMaildrop(): Promise<void> {
    const maildrop = this.held;
    this.held = null;
    if (!maildrop) return;
    try {
      await maildrop.release();
    } catch (error) {
      this.log.warn({ event: 'release-failed', err: (error as Error).message });
    }
  }

  /** SessionHandle: a polite end at server shutdown; nothing is expunged. */
  shutdown(reason: string): void {
    if (this.ending) return;
    this.shutdownReason = reason;
    if (!this.busy) void this.sayGoodbye();
  }

  private async sayGoodbye(): Promise<void> {
    this.log.info({ event: 'shutdown', reason: this.shutdownReason });
    await this.send(err('server shutting down', 'SYS/TEMP'));
    this.end();
  }

  private attach(socket: Socket): void {
    socket.on('data', this.onData);
    socket.once('close', this.onClose);
    socket.on('error', (error: Error) => this.log.debug({ event: 'socket-error', err: error.message }));
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.ending) return;
    this.reader.push(chunk);
    if (this.reader.queued >= POP3_MAX_QUEUED_COMMANDS && !this.paused) {
      this.paused = true;
      this.connection.socket.pause();
    }
    void this.pump();
  };

  private readonly onClose = (): void => {
    if (this.finished) return;
    this.finished = true;
    this.ending = true;
    if (this.timer) clearTimeout(this.timer);
    // During UPDATE the QUIT handler releases the maildrop once its commit is done.
    const release = this.state.kind === 'update' ? Promise.resolve() : this.releaseMaildrop();
    void release.finally(() => this.resolveClosed());
  };

  /** Runs queued commands one at a time, in order. */
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      let event: LineEvent | undefined;
      while (!this.ending && this.shutdownReason === null && (event = this.reader.next())) {
        this.armTimer();
        await dispatch(this, event);
        this.armTimer(); // the state may have changed (login: from the login to the idle timeout)
        if (this.paused && this.reader.queued < POP3_MAX_QUEUED_COMMANDS / 2 && !this.ending) {
          this.paused = false;
          this.connection.socket.resume();
        }
      }
    } catch (error) {
      this.log.error({ event: 'session-failed', err: error });
      this.connection.socket.destroy();
    } finally {
      this.busy = false;
    }
    if (this.shutdownReason !== null && !this.ending) await this.sayGoodbye();
  }

  /** Login timeout from the connection's start; idle timeout from the last activity. */
  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.ending) return;
    const inLogin = this.state.kind === 'authorization';
    const limitS = inLogin ? this.options.loginTimeoutS : this.options.idleTimeoutS;
    if (limitS <= 0) return;
    const delay = inLogin ? Math.max(0, this.connection.startedAt + limitS * 1000 - Date.now()) : limitS * 1000;
    this.timer = setTimeout(() => void this.timedOut(inLogin), delay);
    this.timer.unref();
  }

  private async timedOut(inLogin: boolean): Promise<void> {
    if (this.ending) return;
    this.log.info({ event: 'timeout', state: this.state.kind });
    if (this.busy) {
      // In the middle of a reply (a client that stopped reading): nothing more can be said.
      this.connection.socket.destroy();
      return;
    }
    this.ending = true;
    await this.send(err(inLogin ? 'login timeout, closing connection' : 'disconnected for inactivity'));
    this.connection.close();
  }
}
