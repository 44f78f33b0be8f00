/**
 * UIDs of recently opened mailboxes, in memory, kept in step with this process's commits, so
 * that SELECT of a 100,000-message mailbox copies an array instead of reading 100,000 rows.
 * Commits by other processes invalidate everything (the store compares SQLite's data_version).
 */

/** Mailboxes whose UIDs are kept; the least recently used goes first. */
const MAX_MAILBOXES = 256;

interface Entry {
  uids: Uint32Array;
  count: number;
}

export class UidCache {
  private readonly entries = new Map<number, Entry>();

  /** A copy of the mailbox's UIDs, loading them once when they are not cached. */
  get(mailboxId: number, load: () => number[]): Uint32Array {
    let entry = this.entries.get(mailboxId);
    if (entry) {
      // Re-insert to mark it most recently used.
      this.entries.delete(mailboxId);
      this.entries.set(mailboxId, entry);
    } else {
      const uids = load();
      entry = { uids: Uint32Array.from(uids), count: uids.length };
      this.entries.set(mailboxId, entry);
      if (this.entries.size > MAX_MAILBOXES) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry.uids.slice(0, entry.count);
  }

  /** New UIDs (ascending, above every UID the mailbox had) were committed. */
  added(mailboxId: number, uids: readonly number[]): void {
    const entry = this.entries.get(mailboxId);
    if (!entry || uids.length === 0) return;
    if (entry.count > 0 && uids[0]! <= entry.uids[entry.count - 1]!) return this.drop(mailboxId);
    if (entry.count + uids.length > entry.uids.length) {
      const grown = new Uint32Array(Math.max(entry.count + uids.length, entry.uids.length * 2, 16));
      grown.set(entry.uids.subarray(0, entry.count));
      entry.uids = grown;
    }
    entry.uids.set(uids, entry.count);
    entry.count += uids.length;
  }

  removed(mailboxId: number, uids: readonly number[]): void {
    const entry = this.entries.get(mailboxId);
    if (!entry || uids.length === 0) return;
    const gone = new Set(uids);
    let write = 0;
    for (let read = 0; read < entry.count; read++) {
      const uid = entry.uids[read]!;
      if (!gone.has(uid)) entry.uids[write++] = uid;
    }
    entry.count = write;
  }

  drop(mailboxId: number): void {
    this.entries.delete(mailboxId);
  }

  clear(): void {
    this.entries.clear();
  }
}
