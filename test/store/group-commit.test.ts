/**
 * GroupCommit over a real SQLite database: operations of one turn share a transaction, a failing
 * operation rolls back alone, nobody is answered before the WAL fsync, and operations queued
 * while an fsync runs are committed together when it ends.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { GroupCommit } from '../../src/store/sqlite/group-commit.js';
import { WalSync } from '../../src/store/sqlite/wal-sync.js';
import { tempDir } from '../helpers/temp.js';

/** A WAL "disk" whose fsyncs end when the test says so (the real WalSync is used elsewhere). */
class GatedWal extends WalSync {
  private pending: { promise: Promise<void>; finish: () => void } | null = null;
  syncs = 0;

  override get inFlight(): Promise<void> | null {
    return this.pending?.promise ?? null;
  }

  override afterCommit(): Promise<void> {
    this.syncs++;
    let finish!: () => void;
    const promise = new Promise<void>((resolve) => (finish = resolve)).finally(() => (this.pending = null));
    this.pending = { promise, finish };
    return promise;
  }

  /** Ends the fsync in flight. */
  finish(): void {
    this.pending?.finish();
  }

  override async close(): Promise<void> {}
}

function setup(t: Parameters<typeof tempDir>[0]) {
  const db = openDatabase(join(tempDir(t), 'test.db'));
  db.exec('CREATE TABLE item (n INTEGER PRIMARY KEY)');
  const wal = new GatedWal('unused');
  const writer = new GroupCommit(db, 100, wal);
  const insert = (n: number) => writer.submit(() => db.prepare('INSERT INTO item (n) VALUES (?)').run(n));
  const items = () => (db.prepare('SELECT n FROM item ORDER BY n').pluck().all() as number[]);
  t.after(() => db.close());
  return { db, wal, writer, insert, items };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

test('a failing operation rolls back alone; answers wait for the fsync', async (t) => {
  const { wal, writer, insert, items } = setup(t);
  let answered = 0;
  const ok1 = insert(1).then(() => answered++);
  const bad = insert(1).catch((error: unknown) => error);
  const ok2 = insert(2).then(() => answered++);
  await turn();
  assert.deepEqual(items(), [1, 2], 'committed in one transaction, the duplicate rolled back');
  assert.equal(wal.syncs, 1);
  await turn();
  assert.equal(answered, 0, 'nobody is answered before the fsync ends');
  wal.finish();
  await Promise.all([ok1, ok2]);
  assert.equal(answered, 2);
  assert.match(String(await bad), /UNIQUE/);
  await writer.close();
});

test('operations queued while an fsync runs are committed together when it ends', async (t) => {
  const { wal, writer, insert, items } = setup(t);
  const first = insert(1);
  await turn();
  assert.equal(wal.syncs, 1);
  const later = [insert(2)];
  await turn();
  later.push(insert(3));
  await turn();
  assert.deepEqual(items(), [1], 'not committed while the fsync runs');
  wal.finish();
  await first;
  await turn();
  assert.deepEqual(items(), [1, 2, 3]);
  assert.equal(wal.syncs, 2, 'one commit (and one fsync) for both');
  wal.finish();
  await Promise.all(later);
  await writer.close();
});
