/**
 * One journal reader per mailbox, shared by every session that has the mailbox selected: a
 * poke makes the feed read the new journal rows once and hand them to all its subscribers,
 * so 2,000 sessions in IDLE on one mailbox cost one query per change, not 2,000.
 *
 * Subscribers remember the last MODSEQ they consumed and ignore rows at or below it, so the
 * feed may deliver a row twice (never zero times): a missed poke only delays delivery until the
 * next poke or the next explicit catchUp().
 */

import type { JournalRow, MailboxId, Store } from '../store/types.js';
import type { ChangeBus } from './bus.js';

/** Journal rows read per query; a mailbox with more pending changes is read in several. */
const READ_BATCH = 5000;

export interface FeedSubscriber {
  /** New journal rows, oldest first (possibly including some already seen). */
  onRows(rows: readonly JournalRow[]): void;
  /** The mailbox was deleted. */
  onDeleted(): void;
}

class Feed {
  readonly subscribers = new Set<FeedSubscriber>();
  /** UIDs below this were claimed as \Recent by some session of this process. */
  recentFloor = 0;
  private lastModseq: number;
  private reading: Promise<void> | null = null;
  private again = false;
  private readonly unsubscribeBus: () => void;

  constructor(
    private readonly store: Store,
    bus: ChangeBus,
    readonly mailboxId: MailboxId,
    startModseq: number,
  ) {
    this.lastModseq = startModseq;
    this.unsubscribeBus = bus.onMailbox(mailboxId, (event) => {
      if (event.type === 'deleted') for (const s of [...this.subscribers]) s.onDeleted();
      else if (event.modseq > this.lastModseq) void this.read();
    });
  }

  /** Reads everything new (coalescing pokes that arrive while a read runs). */
  read(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const rows = await this.store.readJournal(this.mailboxId, this.lastModseq, READ_BATCH);
            if (rows.length === 0) break;
            this.lastModseq = rows[rows.length - 1]!.modseq;
            for (const subscriber of [...this.subscribers]) subscriber.onRows(rows);
            if (rows.length < READ_BATCH) break;
          }
        } while (this.again);
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  get modseq(): number {
    return this.lastModseq;
  }

  close(): void {
    this.unsubscribeBus();
  }
}

export class MailboxFeeds {
  private readonly feeds = new Map<MailboxId, Feed>();

  constructor(
    private readonly store: Store,
    private readonly bus: ChangeBus,
  ) {}

  /**
   * Subscribes to a mailbox's changes after `sinceModseq` (what the subscriber already knows).
   * Rows between `sinceModseq` and what the feed has read so far are delivered at once.
   */
  async subscribe(mailboxId: MailboxId, sinceModseq: number, subscriber: FeedSubscriber): Promise<() => void> {
    let feed = this.feeds.get(mailboxId);
    if (!feed) {
      feed = new Feed(this.store, this.bus, mailboxId, sinceModseq);
      this.feeds.set(mailboxId, feed);
    }
    const current = feed;
    let active: FeedSubscriber = subscriber;
    if (current.modseq > sinceModseq) {
      // The feed is ahead of this subscriber: read the gap for it directly. Rows the feed
      // delivers meanwhile are held back and handed over after the gap, so the subscriber sees
      // rows in MODSEQ order (it skips the ones it already has, never the ones it missed).
      const held: (readonly JournalRow[])[] = [];
      active = { onRows: (rows) => held.push(rows), onDeleted: () => subscriber.onDeleted() };
      current.subscribers.add(active);
      try {
        let from = sinceModseq;
        while (from < current.modseq) {
          const rows = await this.store.readJournal(mailboxId, from, READ_BATCH);
          if (rows.length === 0) break;
          subscriber.onRows(rows);
          from = rows[rows.length - 1]!.modseq;
          if (rows.length < READ_BATCH) break;
        }
      } finally {
        current.subscribers.delete(active);
        active = subscriber;
        current.subscribers.add(subscriber);
        for (const rows of held) subscriber.onRows(rows);
      }
    } else current.subscribers.add(subscriber);
    return () => {
      current.subscribers.delete(active);
      if (current.subscribers.size === 0 && this.feeds.get(mailboxId) === current) {
        current.close();
        this.feeds.delete(mailboxId);
      }
    };
  }

  /**
   * IMAP4rev1 \Recent for messages that arrive while a session has the mailbox selected
   * (RFC 3501 2.3.2: only the first session told of a message sees it as recent). Claims the
   * UIDs up to `upToUid` that nobody claimed yet; returns the first UID that is recent for the
   * caller. The store arbitrates (its claims are serialised and durable); the feed remembers
   * the highest claim so that 2,000 sessions told of one message cost one store write, not
   * 2,000.
   */
  claimRecent(mailboxId: MailboxId, upToUid: number): number | Promise<number> {
    const feed = this.feeds.get(mailboxId);
    if (feed) {
      // Already claimed by a session of this process: answered without a promise, so the
      // 1,999 sessions told after the first do no asynchronous work for it.
      if (upToUid < feed.recentFloor) return Number.MAX_SAFE_INTEGER;
      feed.recentFloor = upToUid + 1;
    }
    return this.store.claimRecent(mailboxId, upToUid);
  }

  /** Reads new rows now (before answering a command), instead of waiting for a poke. */
  catchUp(mailboxId: MailboxId): Promise<void> {
    return this.feeds.get(mailboxId)?.read() ?? Promise.resolve();
  }
}
