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

/**
 * Statements whose SQL follows what clients send (SEARCH's shapes): the most recently used
 * `limit` stay prepared, so a client repeating `SEARCH UNSEEN` does not pay for compiling it
 * each time, and no client can grow the cache without bound. Statements return the first
 * column's values.
 */
export class RecentStatements {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly limit: number,
  ) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement) this.statements.delete(sql); // re-inserted below: Map order is recency
    else {
      statement = this.db.prepare(sql).pluck(true);
      if (this.statements.size >= this.limit) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  get size(): number {
    return this.statements.size;
  }
}

/** Keywords are stored as one space-separated string (keywords are atoms: no spaces). */
export function encodeKeywords(keywords: readonly string[]): string | null {
  return keywords.length === 0 ? null : keywords.join(' ');
}

export function decodeKeywords(stored: string | null): string[] {
  return stored ? stored.split(' ') : [];
}
