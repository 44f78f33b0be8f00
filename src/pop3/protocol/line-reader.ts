/**
 * Splits client input into command lines. No I/O: the session pushes what the socket gave, in
 * any splits, and pulls lines with next(). A line ends with CRLF (RFC 1939 3); a bare LF is
 * accepted too. A line longer than the limit (line end included) is reported once as `too-long` and its bytes are
 * dropped up to the next line end, so memory stays bounded by the limit.
 */

export type LineEvent = { kind: 'line'; line: Buffer } | { kind: 'too-long' };

const LF = 0x0a;
const CR = 0x0d;

export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Dropping the rest of an over-long line. */
  private discarding = false;
  private readonly queue: LineEvent[] = [];

  constructor(private readonly maxLineBytes: number) {}

  /** Takes input; complete lines become available through next(). */
  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      if (this.discarding) {
        if (lf !== -1) this.discarding = false;
      } else if (this.pendingBytes + (end - start) + 1 > this.maxLineBytes) {
        // Over the limit, counting the LF (present, or still to come): report it once, drop
        // what was kept and the rest of the line.
        this.queue.push({ kind: 'too-long' });
        this.pending = [];
        this.pendingBytes = 0;
        this.discarding = lf === -1;
      } else if (lf === -1) {
        this.pending.push(chunk.subarray(start));
        this.pendingBytes += chunk.length - start;
      } else {
        const piece = chunk.subarray(start, end);
        const line = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
        this.pending = [];
        this.pendingBytes = 0;
        this.queue.push({ kind: 'line', line: line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, -1) : line });
      }
      if (lf === -1) break;
      start = lf + 1;
    }
  }

  /** The next complete line (CR LF removed) or too-long report; undefined when none is ready. */
  next(): LineEvent | undefined {
    return this.queue.shift();
  }

  /** Lines ready to be taken. */
  get queued(): number {
    return this.queue.length;
  }

  /** Forgets everything received so far (STLS: nothing sent before the handshake may count). */
  clear(): void {
    this.queue.length = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
  }
}
