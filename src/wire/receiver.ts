/**
 * The incremental, resumable receiver of IMAP client input. No I/O: the session pushes what
 * the socket gave, in any splits, and pulls events with next() until it returns undefined.
 *
 * Pulling (instead of callbacks) lets the session change the receiver's mind between two
 * events: after IDLE or AUTHENTICATE it calls expectRawLine() before the next next(), so a
 * pipelined "DONE" is never parsed as a command; after a `continue` it may rejectLiteral().
 *
 * Memory: a line is held up to IMAP_MAX_LINE_BYTES, a command's lines and small literals up to
 * IMAP_MAX_COMMAND_BUFFER_BYTES; larger literals pass through as views of the pushed input.
 * What is pushed and not yet pulled is the session's to bound (pause the socket when
 * pendingInputBytes grows).
 */
import {
  IMAP_INLINE_LITERAL_MAX_BYTES,
  IMAP_LITERAL_MINUS_MAX_BYTES,
  IMAP_MAX_COMMAND_BUFFER_BYTES,
  IMAP_MAX_COMMAND_LITERAL_BYTES,
  IMAP_MAX_LINE_BYTES,
  IMAP_MAX_LITERAL_BYTES,
  IMAP_MAX_LITERALS_PER_COMMAND,
} from '../limits.js';
import type { LiteralInfo, OverflowLimit, ReceiverEvent } from './events.js';
import type { CommandFrame, FramePart } from './frame.js';
import { InputQueue } from './input-queue.js';
import { findLiteralMarker, type LiteralMarker } from './literal-marker.js';
import { readTag } from './tag.js';

export interface ReceiverOptions {
  readonly maxLineBytes: number;
  /** The APPENDLIMIT. */
  readonly maxLiteralBytes: number;
  readonly maxCommandLiteralBytes: number;
  readonly inlineLiteralMaxBytes: number;
  readonly maxCommandBufferBytes: number;
  readonly maxLiteralsPerCommand: number;
  /** LITERAL- instead of LITERAL+ (RFC 7888 section 5). */
  readonly literalMinus: boolean;
}

export const DEFAULT_RECEIVER_OPTIONS: ReceiverOptions = {
  maxLineBytes: IMAP_MAX_LINE_BYTES,
  maxLiteralBytes: IMAP_MAX_LITERAL_BYTES,
  maxCommandLiteralBytes: IMAP_MAX_COMMAND_LITERAL_BYTES,
  inlineLiteralMaxBytes: IMAP_INLINE_LITERAL_MAX_BYTES,
  maxCommandBufferBytes: IMAP_MAX_COMMAND_BUFFER_BYTES,
  maxLiteralsPerCommand: IMAP_MAX_LITERALS_PER_COMMAND,
  literalMinus: false,
};

/** Where the receiver is. */
type Mode =
  | { readonly kind: 'line' }
  /** A `continue` was emitted; the next next() accepts the literal unless rejected. */
  | { readonly kind: 'decide'; readonly literal: LiteralInfo }
  | { readonly kind: 'inline'; readonly literal: LiteralInfo; readonly data: Buffer; filled: number }
  | { readonly kind: 'stream'; readonly literal: LiteralInfo; remaining: number }
  | { readonly kind: 'stream-end'; readonly literal: LiteralInfo }
  /** Discarding a literal's bytes of an abandoned command. */
  | { readonly kind: 'skip-bytes'; remaining: number }
  /** Discarding the rest of a line; `tail` keeps its end to spot a `{n+}` that continues it. */
  | { readonly kind: 'skip-line'; tail: Buffer };

/** next() returns this internally when it needs more input. */
const NEED_INPUT = Symbol('need-input');
type Step = ReceiverEvent | undefined | typeof NEED_INPUT;

const LF = 0x0a;
const CR = 0x0d;
/** Enough of a discarded line's end to hold the longest literal marker `~{<16 digits>+}`. */
const TAIL_BYTES = 40;

type OverflowEvent = Extract<ReceiverEvent, { kind: 'overflow' }>;

export class CommandReceiver {
  private readonly input = new InputQueue();
  private options: ReceiverOptions;
  private mode: Mode = { kind: 'line' };

  // The command being received.
  private parts: FramePart[] = [];
  private tag: string | undefined;
  private bufferedBytes = 0;
  private literalBytes = 0;
  private literalCount = 0;

  // The line being received.
  private line = Buffer.allocUnsafe(256);
  private lineBytes = 0;

  private rawWanted = false;
  private skippingRaw = false;
  /** Reported once the discarded command is behind us. */
  private pendingReport: OverflowEvent | undefined;

  constructor(options: Partial<ReceiverOptions> = {}) {
    this.options = { ...DEFAULT_RECEIVER_OPTIONS, ...options };
  }

  /** Switches between LITERAL+ and LITERAL- (the capability the session advertises). */
  setLiteralMinus(on: boolean): void {
    this.options = { ...this.options, literalMinus: on };
  }

  /** Adds input. Buffers are kept by reference until consumed; do not reuse them. */
  push(chunk: Buffer): void {
    this.input.push(chunk);
  }

  /** Input pushed and not yet consumed: the session pauses reading when this grows. */
  get pendingInputBytes(): number {
    return this.input.length;
  }

  /** Everything this receiver holds in memory for the client (for tests of the bound). */
  get heldBytes(): number {
    const inline = this.mode.kind === 'inline' ? this.mode.data.length : 0;
    return this.input.length + this.bufferedBytes + this.lineBytes + inline;
  }

  /** True while the receiver throws away an abandoned command (an overflow will follow). */
  get discarding(): boolean {
    return this.mode.kind === 'skip-bytes' || this.mode.kind === 'skip-line';
  }

  /**
   * The next line is to be delivered raw (`raw-line`), not parsed as a command: the client's
   * answer to an AUTHENTICATE challenge (RFC 9051 section 6.2.2) or IDLE's DONE (RFC 2177).
   * Call right after the `command` event, before the next next().
   */
  expectRawLine(): void {
    if (this.mode.kind !== 'line' || this.parts.length > 0 || this.lineBytes > 0) {
      throw new Error('expectRawLine() called in the middle of a command');
    }
    this.rawWanted = true;
  }

  /**
   * Refuses the synchronising literal just announced by a `continue` event: the client sends
   * nothing more of this command (RFC 9051 section 7.5), so the receiver waits for a new one.
   */
  rejectLiteral(): void {
    if (this.mode.kind !== 'decide') throw new Error('rejectLiteral() without a pending continue');
    this.resetCommand();
    this.mode = { kind: 'line' };
  }

  /** The next event, or undefined when more input is needed. */
  next(): ReceiverEvent | undefined {
    for (;;) {
      const step = this.step();
      if (step === NEED_INPUT) return undefined;
      if (step !== undefined) return step;
    }
  }

  private step(): Step {
    const mode = this.mode;
    switch (mode.kind) {
      case 'line':
        return this.readLine();
      case 'decide':
        return this.beginLiteral(mode.literal);
      case 'inline':
        return this.readInline(mode);
      case 'stream':
        return this.readStream(mode);
      case 'stream-end':
        this.parts.push({ kind: 'literal', ...literalFields(mode.literal), streamed: true });
        this.mode = { kind: 'line' };
        return { kind: 'literal-end', literal: mode.literal };
      case 'skip-bytes':
        return this.skipBytes(mode);
      case 'skip-line':
        return this.skipLine(mode);
    }
  }

  private readLine(): Step {
    const chunk = this.input.peek();
    if (chunk === undefined) return NEED_INPUT;
    const lf = chunk.indexOf(LF);
    const take = lf < 0 ? chunk.length : lf;
    const piece = chunk.subarray(0, take);
    // One more byte than the limit may be a CR that is not part of the line.
    if (this.lineBytes + take > this.options.maxLineBytes + 1) {
      return this.lineOverflow(piece);
    }
    this.appendToLine(piece); // a copy: do not pin the socket's chunk
    this.input.consume(lf < 0 ? take : take + 1);
    if (lf < 0) return undefined; // the line goes on in the next chunk, if one is queued

    let line = Buffer.from(this.line.subarray(0, this.lineBytes));
    this.lineBytes = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (line.length > this.options.maxLineBytes) {
      // Exactly over the limit, with its LF in hand: nothing left to skip on this line.
      return this.overflowAtLineEnd('line', line);
    }
    return this.lineComplete(line);
  }

  /** The line under way crossed maxLineBytes before its end: discard the rest of it. */
  private lineOverflow(piece: Buffer): Step {
    const held = Buffer.concat([this.line.subarray(0, this.lineBytes), piece]);
    if (this.rawWanted) {
      this.rawWanted = false;
      this.skippingRaw = true;
      this.pendingReport = { kind: 'overflow', limit: 'line', tag: undefined, rawLine: true };
    } else {
      if (this.parts.length === 0) this.tag = readTag(held, true);
      this.pendingReport = { kind: 'overflow', limit: 'line', tag: this.tag, rawLine: false };
    }
    this.lineBytes = 0;
    this.input.consume(piece.length);
    this.mode = { kind: 'skip-line', tail: lastBytes(held, TAIL_BYTES) };
    return undefined;
  }

  private overflowAtLineEnd(limit: OverflowLimit, line: Buffer): Step {
    if (this.rawWanted) {
      this.rawWanted = false;
      return { kind: 'overflow', limit, tag: undefined, rawLine: true };
    }
    if (this.parts.length === 0) this.tag = readTag(line, true);
    return this.abandon(limit, findLiteralMarker(line));
  }

  private lineComplete(line: Buffer): Step {
    if (this.rawWanted) {
      this.rawWanted = false;
      return { kind: 'raw-line', line };
    }
    const marker = findLiteralMarker(line);
    const text = marker ? line.subarray(0, marker.start) : line;
    if (this.parts.length === 0) this.tag = readTag(line);
    this.bufferedBytes += text.length;
    if (this.bufferedBytes > this.options.maxCommandBufferBytes) return this.abandon('command', marker);
    if (!marker) {
      this.parts.push({ kind: 'text', bytes: text });
      const frame: CommandFrame = { tag: this.tag, parts: this.parts };
      this.resetCommand();
      return { kind: 'command', frame };
    }

    this.literalCount++;
    if (this.literalCount > this.options.maxLiteralsPerCommand) return this.abandon('literal-count', marker);
    const o = this.options;
    const over: OverflowLimit | undefined =
      marker.size > o.maxLiteralBytes
        ? 'literal'
        : this.literalBytes + marker.size > o.maxCommandLiteralBytes
          ? 'command-literals'
          : o.literalMinus && !marker.sync && marker.size > IMAP_LITERAL_MINUS_MAX_BYTES
            ? 'literal-minus'
            : undefined;
    if (over) return this.abandon(over, marker, { size: marker.size, sync: marker.sync });

    this.parts.push({ kind: 'text', bytes: text });
    this.literalBytes += marker.size;
    const inline =
      marker.size <= o.inlineLiteralMaxBytes && this.bufferedBytes + marker.size <= o.maxCommandBufferBytes;
    if (inline) this.bufferedBytes += marker.size;
    const literal: LiteralInfo = {
      size: marker.size,
      sync: marker.sync,
      binary: marker.binary,
      index: this.literalCount - 1,
      streamed: !inline,
    };
    if (marker.sync) {
      this.mode = { kind: 'decide', literal };
      return { kind: 'continue', tag: this.tag, literal, head: this.head() };
    }
    return this.beginLiteral(literal);
  }

  /**
   * Gives up the current command because it crossed a limit. A non-synchronising literal that
   * follows is on its way and must be read and thrown away (RFC 7888 section 4, choice 1);
   * after a synchronising one (or none) the client sends nothing more of this command.
   */
  private abandon(
    limit: OverflowLimit,
    marker: LiteralMarker | undefined,
    literal?: { size: number; sync: boolean },
  ): Step {
    const report: OverflowEvent = { kind: 'overflow', limit, tag: this.tag, rawLine: false, ...(literal ? { literal } : {}) };
    if (marker && !marker.sync) {
      this.pendingReport = report;
      this.mode = { kind: 'skip-bytes', remaining: marker.size };
      return undefined;
    }
    this.resetCommand();
    this.mode = { kind: 'line' };
    return report;
  }

  private beginLiteral(literal: LiteralInfo): Step {
    if (literal.streamed) {
      this.mode = { kind: 'stream', literal, remaining: literal.size };
      return { kind: 'literal-start', tag: this.tag, literal, head: this.head() };
    }
    this.mode = { kind: 'inline', literal, data: Buffer.allocUnsafe(literal.size), filled: 0 };
    return undefined;
  }

  private readInline(mode: Extract<Mode, { kind: 'inline' }>): Step {
    if (mode.filled < mode.data.length) {
      const chunk = this.input.peek();
      if (chunk === undefined) return NEED_INPUT;
      const n = Math.min(chunk.length, mode.data.length - mode.filled);
      chunk.copy(mode.data, mode.filled, 0, n);
      mode.filled += n;
      this.input.consume(n);
      if (mode.filled < mode.data.length) return undefined;
    }
    this.parts.push({ kind: 'literal', ...literalFields(mode.literal), streamed: false, data: mode.data });
    this.mode = { kind: 'line' };
    return undefined;
  }

  private readStream(mode: Extract<Mode, { kind: 'stream' }>): Step {
    const chunk = this.input.peek();
    if (chunk === undefined) return NEED_INPUT;
    const n = Math.min(chunk.length, mode.remaining);
    const data = chunk.subarray(0, n);
    this.input.consume(n);
    mode.remaining -= n;
    if (mode.remaining === 0) this.mode = { kind: 'stream-end', literal: mode.literal };
    return { kind: 'literal-data', chunk: data };
  }

  private skipBytes(mode: Extract<Mode, { kind: 'skip-bytes' }>): Step {
    if (mode.remaining > 0) {
      const chunk = this.input.peek();
      if (chunk === undefined) return NEED_INPUT;
      const n = Math.min(chunk.length, mode.remaining);
      this.input.consume(n);
      mode.remaining -= n;
      if (mode.remaining > 0) return undefined;
    }
    this.mode = { kind: 'skip-line', tail: Buffer.alloc(0) };
    return undefined;
  }

  private skipLine(mode: Extract<Mode, { kind: 'skip-line' }>): Step {
    const chunk = this.input.peek();
    if (chunk === undefined) return NEED_INPUT;
    const lf = chunk.indexOf(LF);
    const take = lf < 0 ? chunk.length : lf;
    mode.tail = lastBytes(Buffer.concat([mode.tail, chunk.subarray(Math.max(0, take - TAIL_BYTES), take)]), TAIL_BYTES);
    this.input.consume(lf < 0 ? take : take + 1);
    if (lf < 0) return undefined;

    let tail = mode.tail;
    if (tail.length > 0 && tail[tail.length - 1] === CR) tail = tail.subarray(0, tail.length - 1);
    const marker = this.skippingRaw ? undefined : findLiteralMarker(tail);
    if (marker && !marker.sync) {
      // RFC 7888 section 3: the literal and the line after it still belong to this command.
      this.mode = { kind: 'skip-bytes', remaining: marker.size };
      return undefined;
    }
    this.skippingRaw = false;
    this.resetCommand();
    this.mode = { kind: 'line' };
    const report = this.pendingReport;
    this.pendingReport = undefined;
    return report;
  }

  private head(): CommandFrame {
    return { tag: this.tag, parts: [...this.parts] };
  }

  private resetCommand(): void {
    this.parts = [];
    this.tag = undefined;
    this.bufferedBytes = 0;
    this.literalBytes = 0;
    this.literalCount = 0;
    this.lineBytes = 0;
    // Give back a buffer grown by one long line.
    if (this.line.length > 4096) this.line = Buffer.allocUnsafe(256);
  }

  private appendToLine(piece: Buffer): void {
    const need = this.lineBytes + piece.length;
    if (need > this.line.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.line.length * 2));
      this.line.copy(grown, 0, 0, this.lineBytes);
      this.line = grown;
    }
    piece.copy(this.line, this.lineBytes);
    this.lineBytes = need;
  }
}

function literalFields(l: LiteralInfo): { size: number; sync: boolean; binary: boolean; index: number } {
  return { size: l.size, sync: l.sync, binary: l.binary, index: l.index };
}

function lastBytes(buf: Buffer, n: number): Buffer {
  return buf.length <= n ? buf : buf.subarray(buf.length - n);
}
