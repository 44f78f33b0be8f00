/**
 * Recently read MIME indexes by message id. A message's index never changes and message ids
 * are never reused (AUTOINCREMENT), so entries need no invalidation. Clients fetch the same
 * ENVELOPE/BODYSTRUCTURE windows again and again (every reconnect, every scroll back); served
 * from here, the entry query skips the index column, whose BLOBs better-sqlite3 copies into a
 * new ArrayBuffer each. Bounded by bytes; the least recently used go first.
 */

export class MimeCache {
  private readonly entries = new Map<number, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(messageId: number): Buffer | undefined {
    const index = this.entries.get(messageId);
    if (index !== undefined) {
      // Re-inserted: Map order is recency.
      this.entries.delete(messageId);
      this.entries.set(messageId, index);
    }
    return index;
  }

  set(messageId: number, index: Buffer): void {
    if (index.length > this.maxBytes / 16) return; // a giant index would push out many small ones
    const old = this.entries.get(messageId);
    if (old) {
      this.bytes -= old.length;
      this.entries.delete(messageId);
    }
    this.entries.set(messageId, index);
    this.bytes += index.length;
    for (const [id, evicted] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(id);
      this.bytes -= evicted.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }
}
