/**
 * Prepared-statement cache and small helpers shared by the SQLite store's operation files.
 */

import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

type Mode = 'rows' | 'pluck' | 'raw';

export class Sql {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(readonly db: SqliteDatabase) {}

  /**
   * The prepared statement for `sql`, compiled once per process, returning row objects.
   * pluck() and raw() have their own cached statements: a statement's mode is state, and
   * switching it on a shared one would change what every other user of the same SQL gets.
   */
  stmt(sql: string): Database.Statement {
    return this.cached(sql, 'rows');
  }

  /** The statement for `sql` returning the first column's values. */
  pluck(sql: string): Database.Statement {
    return this.cached(sql, 'pluck');
  }

  /** The statement for `sql` returning rows as arrays. */
  raw(sql: string): Database.Statement {
    return this.cached(sql, 'raw');
  }

  private cached(sql: string, mode: Mode): Database.Statement {
    const key = `${mode}\u0000${sql}`;
    let statement = this.cache.get(key);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (mode === 'pluck') statement.pluck(true);
      if (mode === 'raw') statement.raw(true);
      this.cache.set(key, statement);
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
