/**
 * One IMAP connection: bytes in -> receiver events -> commands run one at a time -> responses
 * out with back-pressure. The session owns its state (not authenticated / authenticated /
 * selected), its view of the selected mailbox, and the literal streams of APPEND.
 *
 * Invariants: a command runs to its tagged response before the next one starts (pipelined
 * commands wait in the receiver); untagged updates about the selected mailbox go out only at
 * the points announce.ts allows; nothing is written while a store transaction is open (the
 * store's operations resolve after commit).
 */

import { CommandReceiver, describeFrame, type ReceiverEvent } from '../../wire/index.js';
import { ImapParseError, encodeStatusResponse, parseCommand, peekCommand, type ResponseCode } from '../protocol/index.js';
import type { Connection } from '../../server/connection.js';
import type { ServerContext } from '../../server/context.js';
import type { SessionHandle } from '../../server/protocol.js';
import type { Account } from '../../store/types.js';
import { startMessage, type MessageWriter, type PreparedMessage } from '../../services/messages.js';
import type { MailboxFeeds } from '../../changes/mailbox-feed.js';
import { dispatch } from './dispatch.js';
import { ResponseWriter } from './output.js';
import { capabilities } from './capabilities.js';
import type { MailboxView } from './view.js';
import { announce } from './announce.js';
import { decideLiteral } from './literals.js';
import { BadError } from './errors.js';
import { IMAP_MAX_LITERAL_BYTES } from '../../limits.js';

export type SessionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** Receiver input held before the socket is paused (a pipelining client's burst). */
const MAX_PENDING_INPUT = 1024 * 1024;

export interface ImapServerShared {
  context: ServerContext;
  feeds: MailboxFeeds;
  /** Port-level: the connection started in TLS (IMAPS). */
  implicitTls: boolean;
}

export class ImapSession implements SessionHandle {
  readonly closed: Promise<void>;
  readonly out: ResponseWriter;
  receiver: CommandReceiver;
  state: SessionState = 'not-authenticated';
  account: Account | null = null;
  view: MailboxView | null = null;
  /** Stops the selected mailbox's feed subscription. */
  unsubscribeFeed: (() => void) | null = null;
  /** IMAP4rev2 enabled (RFC 9051): no \Recent, ESEARCH results, UTF-8 names. */
  rev2 = false;
  /** UTF8=ACCEPT enabled (RFC 6855) or IMAP4rev2. */
  utf8 = false;
  condstore = false;
  qresync = false;
  /** Extensions switched on with ENABLE (RFC 5161), as named in ENABLED responses. */
  readonly enabled = new Set<string>();
  /** SEARCHRES (RFC 5182): the saved result, as UIDs. */
  savedSearch: number[] = [];
  /** Set while IDLE runs: called when changes arrive, to announce them at once. */
  idleKick: (() => void) | null = null;
  badCommands = 0;
  /** Prepared messages of streamed APPEND literals, by literal index in the current command. */
  readonly streamed = new Map<number, PreparedMessage | Error>();
  private writer: MessageWriter | null = null;
  private writerIndex = -1;
  private ended = false;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private resolveClosed!: () => void;

  constructor(
    readonly connection: Connection,
    readonly shared: ImapServerShared,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    const limits = shared.context.config.limits;
    this.receiver = this.newReceiver();
    this.out = new ResponseWriter(connection.socket, limits.idleTimeoutS * 1000);
    this.attach();
    this.armTimer();
    this.out.write(
      encodeStatusResponse(
        { status: 'OK', code: { code: 'CAPABILITY', capabilities: capabilities(this) }, text: `${shared.context.config.hostname} Mailkeep IMAP4 ready` },
        this.encoding,
      ),
    );
    void this.loop().catch((error: unknown) => {
      this.log.error({ event: 'session-failed', err: error }, 'session failed');
      this.end();
    });
  }

  get context(): ServerContext {
    return this.shared.context;
  }

  get log() {
    return this.connection.log;
  }

  get encoding() {
    return { utf8: this.utf8 };
  }

  private attach(): void {
    const socket = this.connection.socket;
    socket.on('data', (chunk: Buffer) => {
      this.receiver.push(chunk);
      if (this.receiver.pendingInputBytes > MAX_PENDING_INPUT) socket.pause();
      this.wake?.();
    });
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }

  /** The receiver with the configured message size as its literal limit (the APPENDLIMIT). */
  private newReceiver(): CommandReceiver {
    const maxLiteralBytes = Math.min(this.context.config.limits.maxMessageBytes, IMAP_MAX_LITERAL_BYTES);
    return new CommandReceiver({ maxLiteralBytes });
  }

  /** Re-attaches to the TLS socket after STARTTLS. */
  async upgradeTls(): Promise<void> {
    // RFC 9051 6.2.1: anything the client sent after STARTTLS in the clear is discarded, so
    // that a man in the middle cannot inject commands into the protected session.
    this.receiver = this.newReceiver();
    this.out.uncork();
    await this.connection.startTls();
    this.out.replaceSocket(this.connection.socket);
    this.attach();
  }

  /** Resets the inactivity timer: login timeout before authentication, idle timeout after. */
  armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    const limits = this.context.config.limits;
    const seconds = this.state === 'not-authenticated' ? limits.loginTimeoutS : limits.idleTimeoutS;
    this.timer = setTimeout(() => {
      this.log.info({ event: 'timeout', state: this.state }, 'closing an inactive session');
      this.bye('Autologout; idle for too long');
    }, seconds * 1000);
    this.timer.unref();
  }

  /** The next receiver event, waiting for input when there is none. Null once closed. */
  async nextEvent(): Promise<ReceiverEvent | null> {
    for (;;) {
      if (this.ended) return null;
      const event = this.receiver.next();
      if (event) return event;
      if (this.connection.socket.isPaused()) this.connection.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private async loop(): Promise<void> {
    for (;;) {
      const event = await this.nextEvent();
      if (!event) return;
      await this.handle(event);
      if (this.state === 'logout') return this.end();
    }
  }

  private async handle(event: ReceiverEvent): Promise<void> {
    switch (event.kind) {
      case 'command':
        return this.runCommand(event.frame);
      case 'continue':
        return decideLiteral(this, event);
      case 'literal-start':
        return this.startLiteral(event);
      case 'literal-data':
        if (this.writer) await this.writeLiteral(event.chunk);
        return;
      case 'literal-end':
        return this.endLiteral();
      case 'raw-line':
        // A raw line nobody asked for (cannot happen: only handlers ask for them).
        return;
      case 'overflow':
        return this.overflow(event);
    }
  }

  private async runCommand(frame: import('../../wire/index.js').CommandFrame): Promise<void> {
    this.armTimer();
    let command;
    try {
      command = parseCommand(frame);
    } catch (error) {
      this.discardStreamed();
      if (!(error instanceof ImapParseError)) throw error;
      const tag = error.tag ?? frame.tag;
      this.log.info({ event: 'bad-command', command: describeFrame(frame, 100), reason: error.reason, err: error.message });
      return this.badCommand(tag, error.reason === 'unknown-command' ? 'Unknown command' : `Syntax error: ${error.message}`);
    }
    try {
      await dispatch(this, command);
    } finally {
      this.discardStreamed();
    }
  }

  /** BAD, counted: too many in a row end the session (a client speaking nonsense). */
  async badCommand(tag: string | undefined, text: string, code?: ResponseCode): Promise<void> {
    this.badCommands++;
    this.out.write(encodeStatusResponse({ tag, status: 'BAD', code, text }, this.encoding));
    if (this.badCommands >= this.context.config.limits.maxBadCommands) this.bye('Too many invalid commands');
  }

  private async overflow(event: Extract<ReceiverEvent, { kind: 'overflow' }>): Promise<void> {
    this.discardStreamed();
    this.log.info({ event: 'limit', limit: event.limit, literal: event.literal?.size });
    switch (event.limit) {
      case 'literal':
      case 'command-literals':
        if (event.literal?.sync) {
          // Refused before the client sent it (RFC 7889 4): a NO, not a protocol error.
          const limit = Math.min(this.context.config.limits.maxMessageBytes, IMAP_MAX_LITERAL_BYTES);
          const text = `Literal too large (the limit is ${limit} bytes)`;
          this.out.write(encodeStatusResponse({ tag: event.tag, status: 'NO', code: { code: 'TOOBIG' }, text }, this.encoding));
          return;
        }
        return this.badCommand(event.tag, 'Literal too large', { code: 'TOOBIG' });
      case 'literal-minus':
        return this.badCommand(event.tag, 'Non-synchronizing literal over 4096 bytes (LITERAL-)', { code: 'TOOBIG' });
      case 'line':
        return this.badCommand(event.tag, 'Command line too long');
      case 'command':
        return this.badCommand(event.tag, 'Command too large');
      case 'literal-count':
        return this.badCommand(event.tag, 'Too many literals');
    }
  }

  private async startLiteral(event: Extract<ReceiverEvent, { kind: 'literal-start' }>): Promise<void> {
    // Only APPEND's message literals are worth streaming into the store; other commands'
    // large literals are drained and the command answered BAD when it ends.
    const peeked = peekCommand(event.head);
    if (peeked.name !== 'APPEND' || this.state === 'not-authenticated') return;
    this.writer = startMessage(this.context.services);
    this.writerIndex = event.literal.index;
  }

  private async writeLiteral(chunk: Buffer): Promise<void> {
    try {
      // The chunk is a view of receiver input: copy what the store may keep.
      await this.writer!.write(Buffer.from(chunk));
    } catch (error) {
      await this.writer?.discard();
      this.writer = null;
      this.streamed.set(this.writerIndex, error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async endLiteral(): Promise<void> {
    if (!this.writer) return;
    const writer = this.writer;
    this.writer = null;
    try {
      this.streamed.set(this.writerIndex, await writer.finish());
    } catch (error) {
      this.streamed.set(this.writerIndex, error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Streamed literals of a command that did not take them are thrown away. */
  private discardStreamed(): void {
    for (const item of this.streamed.values()) if (!(item instanceof Error)) void item.discard();
    this.streamed.clear();
    if (this.writer) void this.writer.discard();
    this.writer = null;
  }

  /**
   * The client's next line, taken raw (an AUTHENTICATE response, IDLE's DONE). Null when the
   * connection closed; BadError when the line was too long.
   */
  async readRawLine(): Promise<Buffer | null> {
    // What the command wrote so far (a challenge, "+ idling") must reach the client first.
    this.out.uncork();
    this.receiver.expectRawLine();
    const event = await this.nextEvent();
    if (!event) return null;
    if (event.kind === 'raw-line') return event.line;
    if (event.kind === 'overflow') throw new BadError('Line too long');
    throw new BadError('Unexpected input');
  }

  /** The selected mailbox's feed delivered changes (or the mailbox went away). */
  changesArrived(): void {
    this.idleKick?.();
  }

  /** Untagged updates for the selected mailbox, at a moment the caller says is allowed. */
  announce(allowExpunge: boolean, catchUp = true): Promise<void> {
    return announce(this, allowExpunge, catchUp);
  }

  bye(text: string): void {
    if (this.ended) return;
    this.out.write(encodeStatusResponse({ status: 'BYE', text }, this.encoding));
    this.state = 'logout';
    this.end();
  }

  shutdown(reason: string): void {
    this.bye(reason);
  }

  /** Back to the not authenticated state with nothing enabled (RFC 8437 UNAUTHENTICATE). */
  resetAuthentication(): void {
    this.deselect();
    this.account = null;
    this.state = 'not-authenticated';
    this.rev2 = false;
    this.utf8 = false;
    this.condstore = false;
    this.qresync = false;
    this.enabled.clear();
    this.savedSearch = [];
    this.armTimer();
  }

  /** Leaves the selected state (CLOSE, UNSELECT, SELECT of another mailbox). */
  deselect(): void {
    this.unsubscribeFeed?.();
    this.unsubscribeFeed = null;
    this.view = null;
    if (this.state === 'selected') this.state = 'authenticated';
  }

  /** True once the connection is gone (a command still running finds out here). */
  get isEnded(): boolean {
    return this.ended;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    // The view stays: a command still running (a FETCH whose client went away) may use it;
    // only the feed subscription goes.
    this.unsubscribeFeed?.();
    this.unsubscribeFeed = null;
    this.discardStreamed();
    this.out.close();
    this.connection.close();
    this.wake?.();
    this.resolveClosed();
  }
}
