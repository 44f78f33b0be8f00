/**
 * The streaming MIME parser. Bytes arrive in chunks of any size; only header blocks are buffered
 * (each capped by MIME_MAX_HEADER_BYTES), bodies are scanned line start by line start for the
 * boundaries of the enclosing multiparts and never copied, so memory stays far below the message
 * size. The result is the offset tree of MimeIndex (types.ts).
 *
 * Rules followed:
 * - RFC 2046 section 5.1.1: the line end before a boundary line belongs to the boundary, so a
 *   part's body ends before it. A line is a boundary line when it starts with "--" and the
 *   boundary of an enclosing multipart, innermost first (trailing bytes are ignored, as Dovecot
 *   does, since real mail appends garbage); "--" after the boundary makes it the close delimiter.
 *   The boundary of any enclosing multipart ends the parts inside (missing close delimiters).
 * - RFC 5322 section 2.1 / RFC 2045: CRLF and bare LF line ends are both accepted; offsets are
 *   those of the stored bytes.
 * - Limits (limits.ts) are reported in limitsHit, never thrown: beyond MIME_MAX_DEPTH a
 *   multipart or message part is an opaque leaf; beyond MIME_MAX_PARTS no new part starts and the
 *   rest of the message is the body of the part being read.
 */
import {
  MIME_MAX_BOUNDARY_BYTES,
  MIME_MAX_DEPTH,
  MIME_MAX_HEADER_BYTES,
  MIME_MAX_PARTS,
} from '../limits.js';
import { finishIndex } from './finish.js';
import { splitHeaderFields, type RawField } from './header-block.js';
import { applyMimeHeader, emptyPart, isMessageType, isMultipart, paramValue } from './part-header.js';
import { buildEnvelope } from './envelope.js';
import { TransferDecoder } from './transfer-decoder.js';
import type { MimeIndex, MimePart } from './types.js';

/** Bytes of a new chunk joined to held-back bytes: enough to decide any boundary line. */
const PROBE_BYTES = MIME_MAX_BOUNDARY_BYTES + 64;

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

/** One open part while parsing. */
interface Frame {
  part: MimePart;
  depth: number;
  /** "--" + boundary while this multipart's boundary is active (before its close delimiter). */
  boundary: Buffer | null;
  /** Counts decoded bytes of a leaf body; null for containers. */
  counter: TransferDecoder | null;
  /** LF count of the stream at bodyStart, for body-fld-lines. */
  lfAtBody: number;
  /** This part's own default type is message/rfc822 (it is a child of multipart/digest). */
  inDigest: boolean;
  /** This part is a multipart/digest: its children default to message/rfc822. */
  isDigest: boolean;
}

type State = 'header' | 'body' | 'skip-line';

const enum Line {
  NeedMore,
  Normal,
  Blank,
  Boundary,
}

/** Streaming indexer: feed chunks with write(), then call finish() once. */
export class MimeIndexer {
  private readonly root: MimePart;
  private stack: Frame[];
  private state: State = 'header';
  /** Absolute offset of the first byte not yet passed to consume(). */
  private pos = 0;
  private lfCount = 0;
  private partCount = 1;
  private readonly limitsHit = new Set<string>();
  /** Bytes held back at a chunk end until the next chunk decides a possible boundary line. */
  private carry: Buffer | null = null;
  /** Whether the next byte to scan starts a line that has not been examined yet. */
  private lineStartPending = true;
  /** Whether that line start follows a line end (so a boundary there ends the body before it). */
  private lineStartHasTerm = false;
  /** Absolute offset where the line end before the pending line start begins. */
  private termStart = 0;
  // Header accumulation for the frame on top of the stack.
  private hdrChunks: Buffer[] = [];
  private hdrBytes = 0;
  private hdrFrom = 0;
  // Body bytes fed to the leaf counter so far (absolute).
  private fedTo = 0;
  /** What follows a boundary line: a new part's header, or the epilogue of a closed multipart. */
  private afterSkip: 'header' | 'body' = 'body';
  /** Multipart boundary matched while examining a line start. */
  private matchFrame = -1;
  private matchClose = false;
  private finished: MimeIndex | null = null;

  constructor() {
    this.root = emptyPart(0);
    this.stack = [{ part: this.root, depth: 0, boundary: null, counter: null, lfAtBody: 0, inDigest: false, isDigest: false }];
  }

  /**
   * Feeds the next chunk. Never throws. Held-back bytes are joined with only a small prefix of
   * the chunk (enough to decide a boundary line), never with the whole chunk, so no chunk is
   * copied.
   */
  write(chunk: Buffer): void {
    if (this.finished !== null || chunk.length === 0) return;
    const start = this.pos;
    this.pos += chunk.length;
    if (this.failed) return;
    try {
      let off = 0;
      while (this.carry !== null && off < chunk.length) {
        const take = Math.min(chunk.length - off, PROBE_BYTES);
        const carry = this.carry;
        this.carry = null;
        this.consume(Buffer.concat([carry, chunk.subarray(off, off + take)]), start + off - carry.length, false);
        off += take;
      }
      if (off < chunk.length) this.consume(chunk.subarray(off), start + off, false);
    } catch {
      this.failed = true;
    }
  }

  /**
   * Set if the parser itself failed (a bug: property tests look for it). Delivery must not fail
   * because of the index, so the message then gets a flat index and 'PARSER_ERROR'.
   */
  private failed = false;

  /** Ends the message and returns its index. Never throws. */
  finish(): MimeIndex {
    if (this.finished !== null) return this.finished;
    if (!this.failed) {
      try {
        return this.finishTree();
      } catch {
        this.failed = true;
      }
    }
    this.finished = flatIndex(this.pos);
    return this.finished;
  }

  private finishTree(): MimeIndex {
    if (this.carry !== null) {
      const buf = this.carry;
      this.carry = null;
      this.consume(buf, this.pos - buf.length, true);
    } else if (this.lineStartPending) {
      this.consume(Buffer.alloc(0), this.pos, true);
    }
    this.flush(this.pos);
    if (this.state === 'header') this.endHeader(this.pos, false);
    while (this.stack.length > 0) this.closeTop(this.pos, this.lfCount);
    this.pendingBuf = null;
    this.finished = finishIndex(this.root, this.pos, [...this.limitsHit], this.rootFields);
    return this.finished;
  }

  private hit(limit: string): void {
    this.limitsHit.add(limit);
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  /** Scans buf (whose first byte is at absolute offset base). */
  private consume(buf: Buffer, base: number, final: boolean): void {
    const len = buf.length;
    this.pendingBuf = buf;
    this.pendingBase = base;
    let i = 0;
    for (;;) {
      if (this.state === 'skip-line') {
        const p = buf.indexOf(LF, i);
        if (p < 0) {
          // The rest of a boundary line is ignored (transport padding); a final CR is kept so
          // the line end is seen whole.
          if (!final && len > i && buf[len - 1] === CR) this.carry = Buffer.from(buf.subarray(len - 1));
          return;
        }
        this.lfCount++;
        const t = p - 1 >= i && buf[p - 1] === CR ? p - 1 : p;
        i = p + 1;
        this.startAfterBoundary(base + i, base + t);
        continue;
      }
      if (this.lineStartPending) {
        const r = this.examine(buf, i, final);
        if (r === Line.NeedMore) {
          this.holdBack(buf, base, i);
          return;
        }
        this.lineStartPending = false;
        if (r === Line.Boundary) {
          const lineStart = base + i;
          const end = this.lineStartHasTerm ? this.termStart : lineStart;
          const lfAtEnd = this.lineStartHasTerm ? this.lfCount - 1 : this.lfCount;
          this.flush(end);
          this.onBoundary(end, lfAtEnd);
          this.state = 'skip-line';
          continue;
        }
        if (r === Line.Blank) {
          const blankLen = buf[i] === CR ? 2 : 1;
          i += blankLen;
          this.lfCount++;
          this.flush(base + i);
          this.endHeader(base + i, true);
          continue;
        }
      }
      const p = buf.indexOf(LF, i);
      if (p < 0) {
        if (final) {
          this.flush(base + len);
          return;
        }
        // A CR at the very end may start the line end before a boundary: hold it back.
        const t = len > i && buf[len - 1] === CR ? len - 1 : len;
        this.flush(base + t);
        if (t < len) {
          this.carry = buf.subarray(t);
          this.lineStartPending = false;
        }
        return;
      }
      this.lfCount++;
      this.termStart = base + (p - 1 >= i && buf[p - 1] === CR ? p - 1 : p);
      this.lineStartHasTerm = true;
      this.lineStartPending = true;
      i = p + 1;
    }
  }

  /** Keeps the undecided tail (from the line end before it, if any) for the next chunk. */
  private holdBack(buf: Buffer, base: number, lineStart: number): void {
    if (this.lineStartHasTerm && this.termStart >= base) {
      const t = this.termStart - base;
      this.flush(this.termStart);
      this.carry = Buffer.from(buf.subarray(t));
      this.lfCount--; // the LF in the carried bytes is counted again on the next pass
      this.lineStartPending = false;
    } else {
      this.flush(base + lineStart);
      this.carry = Buffer.from(buf.subarray(lineStart));
      this.lineStartPending = true;
    }
  }

  /** Decides what the line starting at buf[i] is. */
  private examine(buf: Buffer, i: number, final: boolean): Line {
    const len = buf.length;
    if (i >= len) return final ? Line.Normal : Line.NeedMore;
    const c = buf[i]!;
    if (c === DASH) {
      const r = this.matchBoundary(buf, i, final);
      if (r !== Line.Normal) return r;
    }
    if (this.state === 'header') {
      if (c === LF) return Line.Blank;
      if (c === CR) {
        if (i + 1 >= len) return final ? Line.Normal : Line.NeedMore;
        if (buf[i + 1] === LF) return Line.Blank;
      }
    }
    return Line.Normal;
  }

  /** Checks the active boundaries, innermost first. */
  private matchBoundary(buf: Buffer, i: number, final: boolean): Line {
    const len = buf.length;
    for (let f = this.stack.length - 1; f >= 0; f--) {
      const b = this.stack[f]!.boundary;
      if (b === null) continue;
      let k = 0;
      while (k < b.length && i + k < len && buf[i + k] === b[k]) k++;
      if (k < b.length) {
        if (i + k >= len && !final) return Line.NeedMore;
        continue;
      }
      const after = i + b.length;
      if (after + 1 >= len && !final) {
        // Need two more bytes to tell a close delimiter, unless the line already ended.
        if (!(after < len && buf[after] !== DASH)) return Line.NeedMore;
      }
      this.matchFrame = f;
      this.matchClose = after + 1 < len && buf[after] === DASH && buf[after + 1] === DASH;
      return Line.Boundary;
    }
    return Line.Normal;
  }

  /** Passes bytes up to `upTo` (absolute) to the header buffer or the leaf counter. */
  private flush(upTo: number): void {
    // Bytes between the last flush and upTo are in the current buffer; consume() hands them over
    // through pendingBuf, set below.
    const buf = this.pendingBuf;
    if (buf === null) return;
    const base = this.pendingBase;
    if (this.state === 'header') {
      const from = Math.max(this.hdrFrom, base);
      if (upTo > from) {
        const room = MIME_MAX_HEADER_BYTES - this.hdrBytes;
        if (room > 0) {
          const take = Math.min(room, upTo - from);
          this.hdrChunks.push(Buffer.from(buf.subarray(from - base, from - base + take)));
          this.hdrBytes += take;
        }
        if (upTo - from > room) this.hit('MIME_MAX_HEADER_BYTES');
        this.hdrFrom = upTo;
      }
    } else if (this.state === 'body') {
      const frame = this.top();
      const from = Math.max(this.fedTo, base);
      if (frame.counter !== null && upTo > from) frame.counter.feed(buf, from - base, upTo - base);
      if (upTo > this.fedTo) this.fedTo = upTo;
    }
  }

  private pendingBuf: Buffer | null = null;
  private pendingBase = 0;

  /** Called at each boundary line; `end` is where the ended parts' bodies end. */
  private onBoundary(end: number, lfAtEnd: number): void {
    const target = this.matchFrame;
    // Every part deeper than the multipart whose boundary this is ends here.
    if (this.state === 'header') this.endHeader(end, false);
    while (this.stack.length - 1 > target) this.closeTop(end, lfAtEnd);
    const m = this.top();
    if (this.matchClose) {
      m.boundary = null; // RFC 2046 5.1.1: after the close delimiter comes the epilogue
      this.afterSkip = 'body';
      return;
    }
    if (this.partCount >= MIME_MAX_PARTS) {
      this.hit('MIME_MAX_PARTS');
      for (const f of this.stack) f.boundary = null;
      this.afterSkip = 'body';
      return;
    }
    this.afterSkip = 'header';
  }

  /**
   * After the boundary line (whose line end starts at lineEnd): either a new child part's header
   * or the epilogue. After a close delimiter, the line end is the CRLF that RFC 2046 puts before
   * the epilogue, which is also the one before the next boundary of an enclosing multipart, so
   * it is the line end of the next line start (the multipart ends before it).
   */
  private startAfterBoundary(at: number, lineEnd: number): void {
    this.lineStartPending = true;
    this.lineStartHasTerm = false;
    if (this.afterSkip === 'body') {
      this.state = 'body';
      this.fedTo = at;
      this.lineStartHasTerm = true;
      this.termStart = lineEnd;
      return;
    }
    const parent = this.top();
    const part = emptyPart(at);
    if (parent.isDigest) {
      part.type = 'message';
      part.subtype = 'rfc822';
      part.params = [];
    }
    parent.part.children.push(part);
    this.partCount++;
    this.pushFrame(part, parent.depth + 1, parent.isDigest);
  }

  private pushFrame(part: MimePart, depth: number, inDigest: boolean): void {
    this.stack.push({ part, depth, boundary: null, counter: null, lfAtBody: this.lfCount, inDigest, isDigest: false });
    this.state = 'header';
    this.hdrChunks = [];
    this.hdrBytes = 0;
    this.hdrFrom = part.headerStart;
  }

  /**
   * Ends the header of the frame on top: bodyStart is where the body begins. With `blank` false
   * the header ended without a blank line (a boundary or the end of the message came first).
   */
  private endHeader(bodyStart: number, blank: boolean): void {
    const frame = this.top();
    const part = frame.part;
    part.bodyStart = bodyStart;
    const block = this.hdrChunks.length === 1 ? this.hdrChunks[0]! : Buffer.concat(this.hdrChunks);
    this.hdrChunks = [];
    const fields = splitHeaderFields(block);
    if (fields.some((f) => f.truncated)) this.hit('MIME_MAX_HEADER_LINE_BYTES');
    applyMimeHeader(part, fields, frame.inDigest);
    if (part === this.root || this.isInnerMessageRoot()) {
      // A field cut by MIME_MAX_HEADER_BYTES is left out of the field list: its end is unknown.
      const cut = block.length < bodyStart - part.headerStart;
      const last = fields[fields.length - 1];
      const complete = cut && last !== undefined && last.end >= block.length ? fields.slice(0, -1) : fields;
      this.setMessageInfo(part, complete);
    }
    frame.lfAtBody = this.lfCount;
    this.state = 'body';
    this.fedTo = bodyStart;
    this.lineStartPending = blank;
    this.lineStartHasTerm = false;
    if (!blank) return;
    if (isMultipart(part)) {
      const boundary = paramValue(part, 'boundary');
      if (boundary === null || boundary === '' || boundary.length > MIME_MAX_BOUNDARY_BYTES) {
        if (boundary !== null && boundary.length > MIME_MAX_BOUNDARY_BYTES) this.hit('MIME_MAX_BOUNDARY_BYTES');
        return; // no usable boundary: the body is opaque (as RFC 2046 cannot split it)
      }
      // Parts exist at depths 0 .. MIME_MAX_DEPTH - 1, so a container there cannot open.
      if (frame.depth + 1 >= MIME_MAX_DEPTH) {
        this.hit('MIME_MAX_DEPTH');
        part.opaque = true;
        return;
      }
      frame.boundary = Buffer.from('--' + boundary, 'latin1');
      frame.isDigest = part.subtype.toLowerCase() === 'digest';
      return;
    }
    if (isMessageType(part) && (part.encodingKind === 'identity')) {
      if (frame.depth + 1 >= MIME_MAX_DEPTH) {
        this.hit('MIME_MAX_DEPTH');
        part.opaque = true;
        frame.counter = new TransferDecoder(part.encodingKind);
        return;
      }
      if (this.partCount >= MIME_MAX_PARTS) {
        this.hit('MIME_MAX_PARTS');
        frame.counter = new TransferDecoder(part.encodingKind);
        return;
      }
      const inner = emptyPart(bodyStart);
      part.children.push(inner);
      this.partCount++;
      this.pushFrame(inner, frame.depth + 1, false);
      this.lineStartPending = true;
      return;
    }
    frame.counter = new TransferDecoder(part.encodingKind);
  }

  private isInnerMessageRoot(): boolean {
    const n = this.stack.length;
    return n >= 2 && isMessageType(this.stack[n - 2]!.part) && this.stack[n - 2]!.part.children[0] === this.top().part;
  }

  private setMessageInfo(part: MimePart, fields: RawField[]): void {
    const base = part.headerStart;
    part.message = {
      envelope: buildEnvelope(fields),
      fields: fields.map((f) => ({ name: f.lname, start: base + f.start, end: base + f.end })),
    };
    if (part === this.root) this.rootFields = fields;
  }

  private rootFields: RawField[] = [];

  /** Closes the frame on top at `end`. */
  private closeTop(end: number, lfAtEnd: number): void {
    const frame = this.stack.pop()!;
    const part = frame.part;
    if (part.bodyStart > end) part.bodyStart = end;
    part.end = end;
    part.lines = Math.max(0, lfAtEnd - frame.lfAtBody);
    if (frame.counter !== null) {
      frame.counter.finish();
      part.decodedSize = part.encodingKind === 'unknown' ? null : frame.counter.size;
    } else {
      part.decodedSize = part.encodingKind === 'unknown' ? null : end - part.bodyStart;
    }
    const next = this.stack[this.stack.length - 1];
    if (next !== undefined) {
      this.state = 'body';
      this.fedTo = end;
    }
  }
}

/** The index of a message the parser failed on: one opaque body, every field NIL. */
function flatIndex(size: number): MimeIndex {
  const root = emptyPart(0);
  root.type = 'application';
  root.subtype = 'octet-stream';
  root.params = [];
  root.end = size;
  root.decodedSize = size;
  root.message = { envelope: [null, null, null, null, null, null, null, null, null, null], fields: [] };
  return finishIndex(root, size, ['PARSER_ERROR'], []);
}

/** Indexes a whole message held in memory. */
export function indexMessage(bytes: Buffer): MimeIndex {
  const ix = new MimeIndexer();
  ix.write(bytes);
  return ix.finish();
}
