/**
 * A session's view of its selected mailbox: the UIDs the client has been told of, in MSN order
 * (message sequence numbers are positions here and exist nowhere else: invariant 4), plus the
 * changes other sessions made that this client has not been told of yet.
 *
 * Journal rows arrive through the mailbox feed at any time and are only recorded; they change
 * MSNs only when the session announces them at a moment RFC 9051 7.5 allows (see announce.ts).
 * Coalescing: a message added and expunged before it was announced is never mentioned; the
 * latest flag change per message wins.
 */

import type { JournalRow, Mailbox } from '../../store/types.js';

/** A message leaving the view: its UID and the MSN it had. */
export interface Removed {
  msn: number;
  uid: number;
}

export class MailboxView {
  /** UIDs in MSN order (ascending); positions [0, count). */
  private uids: Uint32Array;
  private count: number;
  /** Highest journal MODSEQ recorded. */
  knownModseq: number;
  /** Arrived, not yet announced (ascending). */
  private arrived: number[] = [];
  /** In the view, expunged elsewhere, not yet announced. */
  private expunged = new Set<number>();
  /** uid -> MODSEQ of a flag change not yet announced. */
  private flagChanges = new Map<number, number>();
  /** uid -> MODSEQ this session already reported (its own STORE), to skip the echo. */
  private reported = new Map<number, number>();
  /** UIDs from this to the highest at SELECT are \Recent in this session (IMAP4rev1). */
  readonly recentFrom: number;
  /** The highest UID at SELECT: later arrivals are \Recent only when this session claimed them. */
  private readonly selectedMaxUid: number;
  /** Arrivals this session claimed as \Recent (see MailboxFeeds.claimRecent). */
  private readonly recentArrivals = new Set<number>();
  deleted = false;
  /** Keywords the client was told of in FLAGS / PERMANENTFLAGS. */
  readonly keywords = new Set<string>();

  constructor(
    readonly mailbox: Mailbox,
    readonly readOnly: boolean,
    uids: Uint32Array,
    modseq: number,
    recentFrom: number,
    /** The last UID of the \Recent range claimed at SELECT (default: the last in `uids`). */
    recentTo?: number,
  ) {
    this.uids = uids;
    this.count = uids.length;
    this.knownModseq = modseq;
    this.recentFrom = recentFrom;
    this.selectedMaxUid = recentTo ?? this.maxUid;
  }

  get exists(): number {
    return this.count;
  }

  /** The largest UID the client knows, or 0. */
  get maxUid(): number {
    return this.count === 0 ? 0 : this.uids[this.count - 1]!;
  }

  uidAt(msn: number): number {
    return this.uids[msn - 1]!;
  }

  /** MSN of a UID, or 0 when the client does not know it. Binary search: O(log n). */
  msnOf(uid: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.uids[mid]!;
      if (value === uid) return mid + 1;
      if (value < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Index of the first UID >= `uid` (count when none). */
  lowerBound(uid: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.uids[mid]! < uid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** UIDs in positions [from, to). */
  slice(from: number, to: number): Uint32Array {
    return this.uids.subarray(from, to);
  }

  isRecent(uid: number): boolean {
    return (uid >= this.recentFrom && uid <= this.selectedMaxUid) || this.recentArrivals.has(uid);
  }

  countRecent(): number {
    if (this.recentFrom > this.selectedMaxUid) return this.recentArrivals.size;
    return this.lowerBound(this.selectedMaxUid + 1) - this.lowerBound(this.recentFrom) + this.recentArrivals.size;
  }

  /** The arrivals not yet announced (ascending). */
  get pendingArrivals(): readonly number[] {
    return this.arrived;
  }

  /** Arrivals at or above `firstRecent` are \Recent in this session. */
  markRecent(uids: readonly number[], firstRecent: number): void {
    for (const uid of uids) if (uid >= firstRecent) this.recentArrivals.add(uid);
  }

  /** True when the message is known to the client but already expunged elsewhere. */
  isExpunged(uid: number): boolean {
    return this.expunged.has(uid);
  }

  /** Records journal rows (from the feed); nothing is announced here. */
  record(rows: readonly JournalRow[]): void {
    for (const row of rows) {
      if (row.modseq <= this.knownModseq) continue;
      switch (row.kind) {
        case 'added': {
          const last = this.arrived.length > 0 ? this.arrived[this.arrived.length - 1]! : this.maxUid;
          if (row.uid > last) this.arrived.push(row.uid);
          break;
        }
        case 'flags':
          if (this.msnOf(row.uid) > 0 || this.arrived.includes(row.uid)) {
            if ((this.reported.get(row.uid) ?? 0) < row.modseq) this.flagChanges.set(row.uid, row.modseq);
          }
          break;
        case 'expunged': {
          this.flagChanges.delete(row.uid);
          const at = this.arrived.indexOf(row.uid);
          if (at >= 0) this.arrived.splice(at, 1);
          else if (this.msnOf(row.uid) > 0) this.expunged.add(row.uid);
          break;
        }
      }
    }
    const last = rows[rows.length - 1];
    if (last && last.modseq > this.knownModseq) this.knownModseq = last.modseq;
    if (this.reported.size > 0) this.forgetReportedBelow(this.knownModseq);
  }

  /** This session changed these flags itself and told its client (STORE without .SILENT, or
   *  with it: RFC 9051 says the client knows what it asked for). */
  markReported(uid: number, modseq: number): void {
    this.reported.set(uid, modseq);
    if ((this.flagChanges.get(uid) ?? 0) <= modseq) this.flagChanges.delete(uid);
  }

  get hasArrivals(): boolean {
    return this.arrived.length > 0;
  }

  get hasExpunges(): boolean {
    return this.expunged.size > 0;
  }

  /** Adds arrived messages to the view; returns the new EXISTS count. */
  takeArrivals(): number {
    if (this.arrived.length === 0) return this.count;
    const needed = this.count + this.arrived.length;
    if (needed > this.uids.length) {
      const grown = new Uint32Array(Math.max(needed, Math.ceil(this.uids.length * 1.5) + 16));
      grown.set(this.uids.subarray(0, this.count));
      this.uids = grown;
    } else if (this.uids.buffer.byteLength !== this.uids.byteLength || this.uids.byteOffset !== 0) {
      this.uids = Uint32Array.from(this.uids);
    }
    for (const uid of this.arrived) this.uids[this.count++] = uid;
    this.arrived = [];
    return this.count;
  }

  /**
   * Removes pending expunges from the view; returns their MSNs in the order EXPUNGE responses
   * must be sent (each response shifts the numbers after it, so highest first needs no
   * adjustment).
   */
  takeExpunges(): Removed[] {
    if (this.expunged.size === 0) return [];
    const gone = this.expunged;
    this.expunged = new Set();
    return this.remove(gone);
  }

  /** Removes UIDs this session expunged itself; returns them with their MSNs, highest first. */
  removeOwn(uids: Iterable<number>): Removed[] {
    const gone = new Set(uids);
    for (const uid of gone) this.expunged.delete(uid);
    return this.remove(gone);
  }

  private remove(gone: Set<number>): Removed[] {
    const removed: Removed[] = [];
    let write = 0;
    for (let read = 0; read < this.count; read++) {
      const uid = this.uids[read]!;
      if (gone.has(uid)) {
        removed.push({ msn: read + 1, uid });
        this.recentArrivals.delete(uid);
        this.flagChanges.delete(uid);
        this.reported.delete(uid);
      } else this.uids[write++] = uid;
    }
    this.count = write;
    return removed.reverse();
  }

  /** UIDs with unannounced flag changes (only those still in the view). */
  takeFlagChanges(): number[] {
    if (this.flagChanges.size === 0) return [];
    const uids = [...this.flagChanges.keys()].filter((uid) => this.msnOf(uid) > 0).sort((a, b) => a - b);
    this.flagChanges.clear();
    return uids;
  }

  get hasFlagChanges(): boolean {
    return this.flagChanges.size > 0;
  }

  /** The reported-modseq memory only matters until the journal has caught up. */
  forgetReportedBelow(modseq: number): void {
    for (const [uid, m] of this.reported) if (m <= modseq) this.reported.delete(uid);
  }
}
