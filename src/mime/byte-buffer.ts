/**
 * A growable byte buffer written in place: the MIME index codec and the IMAP value renderer
 * build their output byte by byte, which is cheaper than joining strings or small Buffers.
 */
export class ByteBuffer {
  buf: Buffer;
  pos = 0;

  constructor(initialSize: number) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Makes room for `n` more bytes, doubling the buffer as needed. */
  protected ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Appends the bytes as they are. */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** What was written, as a Buffer of its own (the working buffer may be much larger). */
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
