/**
 * Collects one mbox message, line by line, as the parser finds it: checks that it starts like
 * a message, takes the metadata header fields out (keeping their values for the flags), stops
 * buffering once the message is known to be bad or too big, and finally produces the stored
 * bytes (CRLF) or a problem.
 */

import { describeLine, fieldName, fieldValue, isBlankLine, isContinuationLine, isHeaderFieldLine } from './header-field.js';
import { toCrlf } from './line-ends.js';
import { MBOX_METADATA_VALUE_BYTES } from './limits.js';
import { MBOX_METADATA_FIELDS, flagsFromMetadata, type MboxMetadata } from './mbox-metadata.js';
import type { ImportedMessage, ImportProblem } from './types.js';

const LF = 0x0a;
const CR = 0x0d;

export interface MessageStart {
  folder: string;
  position: string;
  internalDate: Date | null;
  maxMessageBytes: number;
}

export class MboxMessageBuilder {
  private chunks: Buffer[] = [];
  /** Bytes held in `chunks`. */
  buffered = 0;
  /** Size of the kept lines once in CRLF form, counted even when no longer buffered. */
  private size = 0;
  private lastByte = -1;
  private sawFirstLine = false;
  private inHeader = true;
  private bad: string | null = null;
  private oversize = false;
  private readonly meta: MboxMetadata = new Map();
  /** The metadata field whose folded lines are being read, or null. */
  private metaField: string | null = null;
  /** False for a repeated metadata field: it is removed, but the first one's value counts. */
  private metaCapturing = false;
  /** Bytes on disk after the blank line that ends the header (for Content-Length). */
  private bodyDiskBytes = 0;

  constructor(private readonly start: MessageStart) {}

  /** Adds one line, or one piece of a long line. `bytes` is already unquoted; `diskLength` is
   *  its length in the file. */
  add(bytes: Buffer, startsLine: boolean, diskLength: number): void {
    if (!this.sawFirstLine && startsLine) {
      this.sawFirstLine = true;
      if (isBlankLine(bytes)) this.fail('has no header fields: it starts with a blank line');
      else if (!isHeaderFieldLine(bytes)) this.fail(`does not start with a header field (first line: ${describeLine(bytes)})`);
    }
    if (!this.inHeader) {
      this.bodyDiskBytes += diskLength;
      this.keep(bytes);
      return;
    }
    if (!startsLine || isContinuationLine(bytes)) {
      if (this.metaField === null) this.keep(bytes);
      else if (startsLine && this.metaCapturing) this.appendMeta(bytes.toString('latin1').trim());
      return;
    }
    if (isBlankLine(bytes)) {
      this.inHeader = false;
      this.metaField = null;
      this.keep(bytes);
      return;
    }
    const name = fieldName(bytes);
    if (name !== null && MBOX_METADATA_FIELDS.has(name)) {
      this.metaField = name;
      this.metaCapturing = !this.meta.has(name);
      if (this.metaCapturing) this.meta.set(name, fieldValue(bytes).slice(0, MBOX_METADATA_VALUE_BYTES));
      return;
    }
    this.metaField = null;
    this.keep(bytes);
  }

  /** The message, or the reason it is not one. */
  finish(): ImportedMessage | ImportProblem {
    const { position, maxMessageBytes } = this.start;
    if (this.bad !== null) return { kind: 'problem', position, reason: this.bad };
    if (this.oversize) {
      return { kind: 'problem', position, reason: `message is ${this.size} bytes, over the limit of ${maxMessageBytes} bytes` };
    }
    let raw = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    if (this.addedLineEnd(raw)) raw = raw.subarray(0, raw.length - 1);
    const bytes = toCrlf(raw);
    if (bytes.length === 0) return { kind: 'problem', position, reason: 'empty message (nothing after the From_ line)' };
    if (bytes.length > maxMessageBytes) {
      return { kind: 'problem', position, reason: `message is ${bytes.length} bytes, over the limit of ${maxMessageBytes} bytes` };
    }
    const { flags, keywords } = flagsFromMetadata(this.meta);
    return { kind: 'message', folder: this.start.folder, bytes, flags, keywords, internalDate: this.start.internalDate, position };
  }

  /** A message that did not end with a line end gets one in the file, and a Content-Length that
   *  says so (see mbox-message-encoder.ts): the body is one byte longer than Content-Length, or
   *  Content-Length is 0 for a message with no header/body separator. */
  private addedLineEnd(raw: Buffer): boolean {
    const value = this.meta.get('content-length');
    if (value === undefined || !/^\d{1,15}$/.test(value) || raw.length === 0 || raw[raw.length - 1] !== LF) return false;
    const length = Number(value);
    return this.inHeader ? length === 0 : this.bodyDiskBytes === length + 1;
  }

  private appendMeta(text: string): void {
    const field = this.metaField!;
    this.meta.set(field, `${this.meta.get(field) ?? ''} ${text}`.slice(0, MBOX_METADATA_VALUE_BYTES));
  }

  private fail(reason: string): void {
    this.bad = reason;
    this.release();
  }

  private release(): void {
    this.chunks = [];
    this.buffered = 0;
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const last = bytes[bytes.length - 1];
    const before = bytes.length >= 2 ? bytes[bytes.length - 2] : this.lastByte;
    this.size += bytes.length + (last === LF && before !== CR ? 1 : 0);
    this.lastByte = last!;
    if (this.bad !== null || this.oversize) return;
    // +2: a CRLF this message may lose in finish() (addedLineEnd); the exact check is there.
    if (this.size > this.start.maxMessageBytes + 2) {
      this.oversize = true;
      this.release();
      return;
    }
    this.chunks.push(bytes);
    this.buffered += bytes.length;
  }
}
