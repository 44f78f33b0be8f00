/**
 * The mbox scanner, without I/O: bytes are pushed in, messages and problems come out. It finds
 * the From_ lines that separate messages, undoes the From quoting and hands each message's
 * lines to an MboxMessageBuilder. Memory is bounded by the largest accepted message plus one
 * line piece: a message known to be bad or too big is counted, not kept.
 *
 * What separates messages (a line starting "From "):
 * - the first line of the file;
 * - a From_ line after a blank line, if its date can be read, or else if the next line is a
 *   header field;
 * - a From_ line with a readable date that is NOT after a blank line, if the next line is a
 *   header field: files written by tools that do not leave a blank line (mboxo/mboxcl2).
 * Anything else starting "From " is message content. The blank line before a separator belongs
 * to the mbox, not to the message.
 */

import { describeLine, isBlankLine, isHeaderFieldLine } from './header-field.js';
import { LineSplitter, type LinePiece } from './line-splitter.js';
import { MBOX_LINE_PIECE_BYTES } from './limits.js';
import { parseFromLine, startsWithFrom, type FromLine } from './mbox-from-line.js';
import { MboxMessageBuilder } from './mbox-message-builder.js';
import type { ImportedMessage, ImportProblem } from './types.js';

/** mboxrd (the default) quotes every />*From / body line with one more '>', so the reader
 *  removes one. mboxo quotes only /^From / and cannot be undone: lines are left as they are. */
export type MboxVariant = 'mboxrd' | 'mboxo';

export interface MboxParserOptions {
  variant: MboxVariant;
  maxMessageBytes: number;
  folder: string;
  /** Names the file in positions. */
  label: string;
}

interface Candidate {
  piece: LinePiece;
  from: FromLine;
  blankBefore: LinePiece | null;
}

interface Preamble {
  bytes: number;
  firstText: Buffer | null;
}

export class MboxParser {
  private readonly splitter = new LineSplitter(MBOX_LINE_PIECE_BYTES);
  private readonly out: Array<ImportedMessage | ImportProblem> = [];
  private message: MboxMessageBuilder | null = null;
  /** A blank line held back: it separates messages if a From_ line follows. */
  private pending: LinePiece | null = null;
  /** A From_ line whose fate depends on the next line. */
  private candidate: Candidate | null = null;
  private preamble: Preamble = { bytes: 0, firstText: null };
  private count = 0;
  private ended = false;
  /** Most bytes held at any moment (for tests of the memory bound, and for curiosity). */
  peakBufferedBytes = 0;

  constructor(private readonly options: MboxParserOptions) {}

  /** Input bytes consumed so far. */
  get bytesConsumed(): number {
    return this.splitter.consumed;
  }

  push(chunk: Buffer): void {
    this.splitter.push(chunk, this.onPiece);
  }

  /** Call once at the end of the input. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.splitter.end(this.onPiece);
    if (this.candidate !== null) this.rejectCandidate();
    this.pending = null; // the blank line after the last message
    this.finishMessage();
    if (this.count === 0 && this.preamble.firstText !== null) {
      this.problem(`${this.options.label}: line 1 (byte 0)`, `not an mbox file: no From_ line (starts with ${describeLine(this.preamble.firstText)})`);
    }
  }

  /** Messages and problems found since the last call. */
  take(): Array<ImportedMessage | ImportProblem> {
    return this.out.splice(0, this.out.length);
  }

  private readonly onPiece = (piece: LinePiece): void => {
    if (piece.startsLine) {
      if (this.candidate !== null) this.resolveCandidate(piece);
      if (piece.endsLine && isBlankLine(piece.bytes)) {
        this.flushPending();
        this.pending = piece;
        return;
      }
      if (piece.endsLine && startsWithFrom(piece.bytes) && this.fromLine(piece)) return;
      this.flushPending();
    }
    this.content(piece);
    const held = this.message?.buffered ?? 0;
    if (held > this.peakBufferedBytes) this.peakBufferedBytes = held;
  };

  /** Decides what a line starting "From " is; true when it was taken as (possibly) a separator. */
  private fromLine(piece: LinePiece): boolean {
    const from = parseFromLine(piece.bytes)!;
    if (this.message === null) {
      if (piece.line !== 1 && from.date === null) return false;
      this.pending = null;
      this.startMessage(piece, from);
      return true;
    }
    if (this.pending !== null) {
      if (from.date !== null) {
        this.pending = null;
        this.startMessage(piece, from);
      } else {
        this.candidate = { piece, from, blankBefore: this.pending };
        this.pending = null;
      }
      return true;
    }
    if (from.date === null) return false;
    this.candidate = { piece, from, blankBefore: null };
    return true;
  }

  private resolveCandidate(next: LinePiece): void {
    if (isHeaderFieldLine(next.bytes)) {
      const { piece, from } = this.candidate!;
      this.candidate = null;
      this.startMessage(piece, from);
    } else {
      this.rejectCandidate();
    }
  }

  private rejectCandidate(): void {
    const { piece, blankBefore } = this.candidate!;
    this.candidate = null;
    if (blankBefore !== null) this.content(blankBefore);
    this.content(piece);
  }

  private flushPending(): void {
    if (this.pending === null) return;
    const blank = this.pending;
    this.pending = null;
    this.content(blank);
  }

  private content(piece: LinePiece): void {
    if (this.message === null) {
      this.preamble.bytes += piece.bytes.length;
      if (this.preamble.firstText === null && !isBlankLine(piece.bytes)) this.preamble.firstText = piece.bytes;
      return;
    }
    let bytes = piece.bytes;
    if (piece.startsLine && this.options.variant === 'mboxrd' && isQuotedFrom(bytes)) bytes = bytes.subarray(1);
    this.message.add(bytes, piece.startsLine, piece.bytes.length);
  }

  private startMessage(piece: LinePiece, from: FromLine): void {
    this.finishMessage();
    if (this.count === 0 && this.preamble.firstText !== null) {
      this.problem(
        `${this.options.label}: line 1 (byte 0)`,
        `${this.preamble.bytes} bytes before the first From_ line are not an mbox message (first line: ${describeLine(this.preamble.firstText)})`,
      );
    }
    this.count++;
    this.message = new MboxMessageBuilder({
      folder: this.options.folder,
      position: `${this.options.label}: message ${this.count} at line ${piece.line} (byte ${piece.offset})`,
      internalDate: from.date,
      maxMessageBytes: this.options.maxMessageBytes,
    });
  }

  private finishMessage(): void {
    if (this.message === null) return;
    this.out.push(this.message.finish());
    this.message = null;
  }

  private problem(position: string, reason: string): void {
    this.out.push({ kind: 'problem', position, reason });
  }
}

/** />+From / */
function isQuotedFrom(line: Buffer): boolean {
  if (line[0] !== 0x3e) return false;
  let i = 1;
  while (i < line.length && line[i] === 0x3e) i++;
  return line.length - i >= 5 && line.toString('latin1', i, i + 5) === 'From ';
}
