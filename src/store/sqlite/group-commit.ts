/**
 * Group commit: write operations queued during one turn of the event loop run in a single
 * SQLite transaction, each inside its own savepoint, and share one fsync of the WAL. An
 * operation that throws is rolled back alone; the others still commit.
 *
 * better-sqlite3 is synchronous, so an operation's body runs to completion without interleaving;
 * only the queueing is asynchronous. Every promise settles after its COMMIT is durable: the
 * WAL fsync runs off the event loop (wal-sync.ts); operations queued while it runs are
 * committed together when it ends, and share the next one.
 */

import type { SqliteDatabase } from './database.js';
import type { WalSync } from './wal-sync.js';

/** Registers work to do once the operation's transaction has committed (never on rollback). */
export type OnCommit = (action: () => void) => void;

interface QueuedOp {
  run: (onCommit: OnCommit) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: QueuedOp[] = [];
  private scheduled = false;
  private closed = false;
  /** Batches committed whose fsync has not finished (close() waits for them). */
  private syncing = new Set<Promise<void>>();

  /** Transaction control, prepared once (exec() would parse the SQL on every call). */
  private readonly tx: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', { run(): unknown }>;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly maxOps: number,
    private readonly wal: WalSync,
  ) {
    this.tx = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT op'),
      release: db.prepare('RELEASE op'),
      rollbackTo: db.prepare('ROLLBACK TO op'),
    };
  }

  /** Queues `run` to execute inside the next group transaction. */
  submit<T>(run: (onCommit: OnCommit) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: run as (onCommit: OnCommit) => unknown, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        const fsync = this.wal.inFlight;
        // While a WAL fsync runs, a commit made now would wait for the next fsync anyway, which
        // starts when this one ends: committing then instead costs no delay, and everything
        // queued meanwhile shares one transaction (fewer WAL frames and lock round trips).
        // Otherwise setImmediate, not a microtask: callers that were just resolved get the
        // chance to queue their next operation, which then shares this commit.
        if (fsync) void fsync.then(this.flushNow, this.flushNow);
        else setImmediate(this.flushNow);
      }
    });
  }

  private readonly flushNow = (): void => this.flush();

  /** Runs everything queued now; used by close() so no accepted operation is dropped. */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxOps);
      this.runBatch(batch);
    }
  }

  /** Runs what is queued, then waits until every commit is durable. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    await Promise.allSettled([...this.syncing]);
    await this.wal.close();
  }

  private runBatch(batch: QueuedOp[]): void {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const committedActions: (() => void)[] = [];
    try {
      this.tx.begin.run();
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    try {
      for (const op of batch) {
        this.tx.savepoint.run();
        const actions: (() => void)[] = [];
        try {
          const value = op.run((action) => actions.push(action));
          this.tx.release.run();
          outcomes.push({ ok: true, value });
          committedActions.push(...actions);
        } catch (error) {
          this.tx.rollbackTo.run();
          this.tx.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.tx.commit.run();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of this batch is durable.
      if (this.db.inTransaction) this.tx.rollback.run();
      for (const op of batch) op.reject(error);
      return;
    }
    // Post-commit actions (cache updates, unlinking deleted blobs' files) run at once: they
    // describe committed state, which every later read already sees.
    for (const action of committedActions) {
      try {
        action();
      } catch {
        // Best effort (e.g. unlink of a trashed file); `check --repair` finishes the job.
      }
    }
    // Callers are told only when the commit is durable.
    const durable = this.wal.afterCommit();
    this.syncing.add(durable);
    durable.then(
      () => {
        this.syncing.delete(durable);
        batch.forEach((op, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) op.resolve(outcome.value);
          else op.reject(outcome.error);
        });
      },
      (error: unknown) => {
        this.syncing.delete(durable);
        // The commit may not be on disk: nothing of this batch is acknowledged.
        for (const op of batch) op.reject(error);
      },
    );
  }
}
