/** The pushed but not yet consumed input of a receiver: a queue of Buffers read front to back. */
export class InputQueue {
  private chunks: Buffer[] = [];
  private first = 0;
  private offset = 0;
  private queued = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.queued += chunk.length;
  }

  /** Unconsumed bytes. */
  get length(): number {
    return this.queued;
  }

  /** The unconsumed rest of the first chunk (a view, no copy), or undefined when empty. */
  peek(): Buffer | undefined {
    const chunk = this.chunks[this.first];
    if (chunk === undefined) return undefined;
    return this.offset === 0 ? chunk : chunk.subarray(this.offset);
  }

  /** Drops n bytes, at most the length of what peek() returned. */
  consume(n: number): void {
    const chunk = this.chunks[this.first];
    if (chunk === undefined) return;
    this.offset += n;
    this.queued -= n;
    if (this.offset >= chunk.length) {
      this.first++;
      this.offset = 0;
      // Compact now and then so the array does not grow with the connection's lifetime.
      if (this.first > 64 && this.first * 2 > this.chunks.length) {
        this.chunks = this.chunks.slice(this.first);
        this.first = 0;
      }
    }
  }
}
