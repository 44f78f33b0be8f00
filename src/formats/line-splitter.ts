/**
 * Splits a byte stream into lines without I/O (the caller pushes chunks). A line longer than
 * `maxPiece` is handed on in pieces, so memory stays bounded on a file with no line ends.
 */

const LF = 0x0a;

export interface LinePiece {
  /** The bytes, with the LF when the piece ends a line with one. */
  bytes: Buffer;
  /** The piece begins a line (false for the second and later pieces of a long line). */
  startsLine: boolean;
  /** The piece ends its line (with an LF, or at the end of the input). */
  endsLine: boolean;
  /** 1-based number of the line the piece belongs to. */
  line: number;
  /** Byte offset of the piece's first byte in the input. */
  offset: number;
}

export class LineSplitter {
  private partial: Buffer[] = [];
  private partialLength = 0;
  private atLineStart = true;
  private line = 1;
  private offset = 0;

  constructor(private readonly maxPiece: number) {}

  /** Bytes handed on so far (the input consumed, less a held partial line). */
  get consumed(): number {
    return this.offset;
  }

  push(chunk: Buffer, emit: (piece: LinePiece) => void): void {
    let from = 0;
    while (from < chunk.length) {
      const lf = chunk.indexOf(LF, from);
      if (lf === -1) {
        this.hold(chunk.subarray(from), emit);
        return;
      }
      const tail = chunk.subarray(from, lf + 1);
      const bytes = this.partialLength === 0 ? tail : Buffer.concat([...this.partial, tail]);
      this.partial = [];
      this.partialLength = 0;
      this.emitPiece(bytes, true, emit);
      from = lf + 1;
    }
  }

  /** Hands on what is left: the last line of a file without a final LF. */
  end(emit: (piece: LinePiece) => void): void {
    if (this.partialLength === 0) return;
    const bytes = Buffer.concat(this.partial);
    this.partial = [];
    this.partialLength = 0;
    this.emitPiece(bytes, true, emit);
  }

  private hold(bytes: Buffer, emit: (piece: LinePiece) => void): void {
    this.partial.push(bytes);
    this.partialLength += bytes.length;
    if (this.partialLength < this.maxPiece) return;
    // Too long to be a line worth looking at: pass it on as a piece of content.
    const piece = Buffer.concat(this.partial);
    this.partial = [];
    this.partialLength = 0;
    this.emitPiece(piece, false, emit);
  }

  private emitPiece(bytes: Buffer, endsLine: boolean, emit: (piece: LinePiece) => void): void {
    emit({ bytes, startsLine: this.atLineStart, endsLine, line: this.line, offset: this.offset });
    this.offset += bytes.length;
    this.atLineStart = endsLine;
    if (endsLine) this.line++;
  }
}
