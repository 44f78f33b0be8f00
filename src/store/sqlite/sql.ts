/**
 * Prepared-statement cache and small helpers shared by the SQLite store's operation files.
 */

import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

export class Sql {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(readonly db: SqliteDatabase) {}

  /** The prepared statement for `sql`, compiled once per process. */
  stmt(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.stmt(sql).run(...params);
  }
}

/** Keywords are stored as one space-separated string (keywords are atoms: no spaces). */
export function encodeKeywords(keywords: readonly string[]): string | null {
  return keywords.length === 0 ? null : keywords.join(' ');
}

export function decodeKeywords(stored: string | null): string[] {
  return stored ? stored.split(' ') : [];
}
