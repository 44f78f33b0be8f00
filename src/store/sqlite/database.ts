/**
 * Opens the SQLite database with the settings durability needs, and migrates its schema.
 */

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './schema.js';

export type SqliteDatabase = Database.Database;

export function openDatabase(path: string): SqliteDatabase {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL lets readers (other processes: `mailkeep user list`, `check`) work while the server
  // writes. synchronous=NORMAL makes COMMIT write the WAL without fsync; the group committer
  // then fsyncs the WAL off the event loop and acknowledges nothing before that (wal-sync.ts),
  // so an acknowledged message survives a power failure just as with synchronous=FULL.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process (the CLI, `mailkeep deliver`) may hold the write lock for a moment.
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -32000');
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the database schema is version ${current}, newer than this Mailkeep (${MIGRATIONS.length}); upgrade Mailkeep`,
    );
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}
