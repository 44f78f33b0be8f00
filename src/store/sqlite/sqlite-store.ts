/**
 * The embedded store: one SQLite database (WAL) under <data>/mailkeep.db and blob files under
 * <data>/blobs. All writes go through the group committer; reads run directly (better-sqlite3
 * is synchronous and fast for indexed lookups) and see every committed write.
 */

import { Readable } from 'node:stream';
import { join } from 'node:path';
import { GROUP_COMMIT_MAX_OPS, INLINE_BLOB_MAX_BYTES, MAX_MESSAGE_BYTES } from '../../limits.js';
import { FileBlobs } from '../blobs/file-blobs.js';
import { BlobStager } from '../blobs/staging.js';
import { MailError } from '../errors.js';
import type {
  Account,
  AccountId,
  AppendOptions,
  AppendResult,
  BlobReader,
  BlobStaging,
  CheckReport,
  CopyResult,
  EntryDetail,
  EntryList,
  FlagListing,
  EntrySizes,
  ExpungeResult,
  FlagChange,
  FlagState,
  JournalKind,
  JournalRow,
  Mailbox,
  MailboxId,
  MoveResult,
  NewMessage,
  QuotaLimits,
  SearchPredicate,
  SpecialUse,
  Store,
  StoreFlagsResult,
  UidRange,
} from '../types.js';
import { MAX_UID } from '../types.js';
import { checkStore } from './check.js';
import { flagListingFromColumns } from './flag-listing.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { appendOp, copyOp, deliverOp, expungeOp, moveOp, storeFlagsOp, type EntryContext, type QuotaPolicy } from './entry-ops.js';
import { GroupCommit, type OnCommit } from './group-commit.js';
import { WalSync } from './wal-sync.js';
import {
  claimRecentOp,
  createAccountOp,
  createMailboxOp,
  deleteAccountOp,
  deleteMailboxOp,
  renameMailboxOp,
} from './mailbox-ops.js';
import { toAccount, toMailbox, type AccountRow, type MailboxRow } from './rows.js';
import { MimeCache } from './mime-cache.js';
import { decodeKeywords, RecentStatements, Sql } from './sql.js';
import { UidCache } from './uid-cache.js';
import { compilePredicate, usesMessageTable, usesSearchTable } from './search-sql.js';

export interface SqliteStoreOptions {
  /** The data directory: mailkeep.db and blobs/ live here. */
  dataDir: string;
  inlineBlobMaxBytes?: number;
  maxMessageBytes?: number;
}

/** Bytes of MIME indexes kept in memory: about 20,000 messages' worth of small mail. */
const MIME_CACHE_BYTES = 16 * 1024 * 1024;
/** SEARCH statements kept prepared (the shapes clients repeat: UNSEEN, FLAGGED, SINCE ...). */
const SEARCH_STATEMENTS = 64;

const KIND_NAMES: Record<number, JournalKind> = { 1: 'added', 2: 'flags', 3: 'expunged' };

export class SqliteStore implements Store {
  readonly db: SqliteDatabase;
  private readonly sql: Sql;
  private readonly files: FileBlobs;
  private readonly writer: GroupCommit;
  private readonly inlineMax: number;
  private readonly maxMessage: number;
  private readonly uidCache = new UidCache();
  /** MIME indexes read recently (FETCH ENVELOPE/BODYSTRUCTURE windows are read again and again). */
  private readonly mimeCache = new MimeCache(MIME_CACHE_BYTES);
  /** SEARCH statements by SQL shape (bounded; see RecentStatements). */
  private readonly searchStatements: RecentStatements;
  /** SQLite's data_version when the UID cache was last known to be current. */
  private cacheVersion = -1;
  /** Blob files unlinked after commit whose blob_trash rows are still to be removed. */
  private unlinked: string[] = [];

  constructor(options: SqliteStoreOptions) {
    this.db = openDatabase(join(options.dataDir, 'mailkeep.db'));
    this.sql = new Sql(this.db);
    this.searchStatements = new RecentStatements(this.db, SEARCH_STATEMENTS);
    this.files = new FileBlobs(join(options.dataDir, 'blobs'));
    this.writer = new GroupCommit(this.db, GROUP_COMMIT_MAX_OPS, new WalSync(`${join(options.dataDir, 'mailkeep.db')}-wal`));
    this.inlineMax = options.inlineBlobMaxBytes ?? INLINE_BLOB_MAX_BYTES;
    this.maxMessage = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.sweepTrash();
  }

  async close(): Promise<void> {
    await this.writer.close();
    this.sweepTrash();
    this.db.close();
  }

  /** Runs a write operation in the next group commit, with an entry context. */
  private write<T>(run: (ctx: EntryContext) => T): Promise<T> {
    return this.writer.submit((onCommit) => run(this.entryContext(onCommit)));
  }

  private entryContext(onCommit: OnCommit): EntryContext {
    return {
      sql: this.sql,
      files: this.files,
      onCommit,
      uidsAdded: (mailboxId, uids) => this.uidCache.added(mailboxId, uids),
      uidsRemoved: (mailboxId, uids) => this.uidCache.removed(mailboxId, uids),
      trash: (file) =>
        onCommit(() => {
          this.files.removeSync(file);
          this.unlinked.push(file);
          this.scheduleTrashCleanup();
        }),
    };
  }

  private trashCleanupScheduled = false;

  /** Forgets blob_trash rows of files already unlinked, in a later group commit. */
  private scheduleTrashCleanup(): void {
    if (this.trashCleanupScheduled) return;
    this.trashCleanupScheduled = true;
    setImmediate(() => {
      this.trashCleanupScheduled = false;
      const files = this.unlinked;
      this.unlinked = [];
      if (files.length === 0) return;
      this.writer
        .submit(() => this.sql.run('DELETE FROM blob_trash WHERE file IN (SELECT value FROM json_each(?))', JSON.stringify(files)))
        .catch(() => undefined); // left for the next start or `check --repair`
    });
  }

  /** Finishes deletions a crash interrupted: files of blob rows already gone. */
  private sweepTrash(): void {
    const trash = this.sql.all<{ file: string }>('SELECT file FROM blob_trash');
    if (trash.length === 0) return;
    for (const { file } of trash) this.files.removeSync(file);
    this.sql.run('DELETE FROM blob_trash');
  }

  // --- accounts ---

  async createAccount(input: {
    name: string;
    passwordHash: string;
    quota?: QuotaLimits;
    mailboxes: readonly { name: string; specialUse: SpecialUse | null; subscribe: boolean }[];
  }): Promise<Account> {
    const id = await this.write(({ sql }) => createAccountOp(sql, input));
    return (await this.getAccount(id))!;
  }

  async findAccount(name: string): Promise<Account | null> {
    const row = this.sql.get<AccountRow>('SELECT * FROM account WHERE name = ?', name);
    return row ? toAccount(row) : null;
  }

  async getAccount(id: AccountId): Promise<Account | null> {
    const row = this.sql.get<AccountRow>('SELECT * FROM account WHERE id = ?', id);
    return row ? toAccount(row) : null;
  }

  async listAccounts(): Promise<Account[]> {
    return this.sql.all<AccountRow>('SELECT * FROM account ORDER BY name').map(toAccount);
  }

  async updateAccount(id: AccountId, changes: { passwordHash?: string; quota?: QuotaLimits }): Promise<void> {
    await this.write(({ sql }) => {
      if (!sql.get('SELECT 1 FROM account WHERE id = ?', id)) throw new MailError('NONEXISTENT', 'no such account');
      if (changes.passwordHash !== undefined) sql.run('UPDATE account SET password_hash = ? WHERE id = ?', changes.passwordHash, id);
      if (changes.quota !== undefined) {
        sql.run('UPDATE account SET quota_bytes = ?, quota_messages = ? WHERE id = ?', changes.quota.maxBytes, changes.quota.maxMessages, id);
      }
    });
  }

  deleteAccount(id: AccountId): Promise<MailboxId[]> {
    return this.write((ctx) => deleteAccountOp(ctx, id));
  }

  async accountUsage(id: AccountId): Promise<{ bytes: number; messages: number }> {
    const row = this.sql.get<{ bytes: number | null; messages: number | null }>(
      'SELECT sum(bytes) AS bytes, sum(messages) AS messages FROM mailbox WHERE account_id = ?',
      id,
    )!;
    return { bytes: row.bytes ?? 0, messages: row.messages ?? 0 };
  }

  // --- mailboxes ---

  async listMailboxes(accountId: AccountId): Promise<Mailbox[]> {
    return this.sql.all<MailboxRow>('SELECT * FROM mailbox WHERE account_id = ? ORDER BY name', accountId).map(toMailbox);
  }

  async findMailbox(accountId: AccountId, name: string): Promise<Mailbox | null> {
    const row = this.sql.get<MailboxRow>('SELECT * FROM mailbox WHERE account_id = ? AND name = ?', accountId, name);
    return row ? toMailbox(row) : null;
  }

  async getMailbox(id: MailboxId): Promise<Mailbox | null> {
    const row = this.sql.get<MailboxRow>('SELECT * FROM mailbox WHERE id = ?', id);
    return row ? toMailbox(row) : null;
  }

  createMailbox(accountId: AccountId, name: string, specialUse: SpecialUse | null): Promise<Mailbox> {
    return this.write(({ sql }) => createMailboxOp(sql, accountId, name, specialUse));
  }

  renameMailbox(accountId: AccountId, from: string, to: string): Promise<Mailbox[]> {
    return this.write((ctx) => renameMailboxOp(ctx, accountId, from, to));
  }

  deleteMailbox(accountId: AccountId, name: string): Promise<{ mailboxId: MailboxId; placeholder: boolean }> {
    return this.write((ctx) => deleteMailboxOp(ctx, accountId, name));
  }

  async listSubscriptions(accountId: AccountId): Promise<string[]> {
    return this.sql.all<{ name: string }>('SELECT name FROM subscription WHERE account_id = ? ORDER BY name', accountId).map((r) => r.name);
  }

  async setSubscribed(accountId: AccountId, name: string, subscribed: boolean): Promise<void> {
    await this.write(({ sql }) =>
      subscribed
        ? sql.run('INSERT OR IGNORE INTO subscription (account_id, name) VALUES (?, ?)', accountId, name)
        : sql.run('DELETE FROM subscription WHERE account_id = ? AND name = ?', accountId, name),
    );
  }

  async claimRecent(mailboxId: MailboxId, upToUid?: number): Promise<number> {
    // Usually nothing arrived since the last claim: answer without a write (and its fsync).
    const row = this.sql.get<{ first_recent_uid: number; uidnext: number }>('SELECT first_recent_uid, uidnext FROM mailbox WHERE id = ?', mailboxId);
    if (row && row.first_recent_uid >= (upToUid === undefined ? row.uidnext : Math.min(row.uidnext, upToUid + 1))) return row.first_recent_uid;
    return this.write(({ sql }) => claimRecentOp(sql, mailboxId, upToUid));
  }

  async listKeywords(mailboxId: MailboxId): Promise<string[]> {
    return this.sql.all<{ keyword: string }>('SELECT keyword FROM mailbox_keyword WHERE mailbox_id = ? ORDER BY keyword', mailboxId).map((r) => r.keyword);
  }

  // --- messages ---

  stageBlob(): BlobStaging {
    return new BlobStager(this.files, this.inlineMax, this.maxMessage);
  }

  appendMessages(mailboxId: MailboxId, messages: readonly NewMessage[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.write((ctx) => appendOp(ctx, mailboxId, messages, quotaPolicy(options)));
  }

  deliverToMany(
    message: Omit<NewMessage, 'flags' | 'keywords'>,
    targets: readonly { mailboxId: MailboxId; flags: number; keywords: readonly string[] }[],
    options: AppendOptions = {},
  ): Promise<(AppendResult | Error)[]> {
    return this.write((ctx) => deliverOp(ctx, message, targets, quotaPolicy(options), options.atomic ?? false));
  }

  copyMessages(sourceId: MailboxId, uids: readonly number[], destId: MailboxId, options: AppendOptions = {}): Promise<CopyResult> {
    return this.write((ctx) => copyOp(ctx, sourceId, uids, destId, quotaPolicy(options)));
  }

  moveMessages(sourceId: MailboxId, uids: readonly number[], destId: MailboxId, options: AppendOptions = {}): Promise<MoveResult> {
    return this.write((ctx) => moveOp(ctx, sourceId, uids, destId, quotaPolicy(options)));
  }

  expungeMessages(mailboxId: MailboxId, uids: readonly number[]): Promise<ExpungeResult> {
    return this.write((ctx) => expungeOp(ctx, mailboxId, uids));
  }

  storeFlags(
    mailboxId: MailboxId,
    uids: readonly number[],
    change: FlagChange,
    options: { unchangedSince?: number } = {},
  ): Promise<StoreFlagsResult> {
    return this.write((ctx) => storeFlagsOp(ctx, mailboxId, uids, change, options.unchangedSince));
  }

  // --- reading ---

  async listEntries(mailboxId: MailboxId): Promise<EntryList> {
    const list = await this.listFlags(mailboxId, { fromUid: 1, toUid: MAX_UID }, true);
    return { ...list, modseqs: list.modseqs! };
  }

  async listFlags(mailboxId: MailboxId, range: UidRange, withModseq: boolean): Promise<FlagListing> {
    // One row of comma-joined columns instead of one row per entry: 100,000 entries read in
    // about a third of the time, as a few strings instead of 100,000 row arrays. Every
    // aggregate sees the rows in the same order, so the columns stay aligned.
    const [uidText, flagText, keywordText, modseqText] = this.sql
      .raw(
        `SELECT group_concat(uid, ','), group_concat(flags, ','),
                group_concat(CASE WHEN keywords IS NOT NULL THEN uid || ' ' || keywords END, char(10))
                ${withModseq ? ", group_concat(modseq, ',')" : ''}
         FROM (SELECT uid, flags, modseq, keywords FROM entry WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid)`,
      )
      .get(mailboxId, range.fromUid, range.toUid) as [string | null, string | null, string | null, (string | null)?];
    return flagListingFromColumns(uidText, flagText, keywordText, withModseq ? (modseqText ?? null) : undefined);
  }

  async listSizes(mailboxId: MailboxId): Promise<EntrySizes> {
    // Two flat plucks in one read transaction (one snapshot) cost about half of one JOIN
    // returned as row arrays: 100,000 entries is a normal mailbox.
    return this.db.transaction(() => {
      const uids = this.sql.pluck('SELECT e.uid FROM entry e WHERE e.mailbox_id = ? ORDER BY e.uid').all(mailboxId) as number[];
      const sizes = this.sql
        .pluck('SELECT m.size + m.bare_lf FROM entry e JOIN message m ON m.id = e.message_id WHERE e.mailbox_id = ? ORDER BY e.uid')
        .all(mailboxId) as number[];
      return { uids: Uint32Array.from(uids), crlfSizes: Float64Array.from(sizes) };
    })();
  }

  async searchUids(mailboxId: MailboxId, predicate: SearchPredicate, fromUid: number, toUid: number): Promise<number[]> {
    const { where, params } = compilePredicate(predicate);
    const message = usesMessageTable(predicate) ? 'JOIN message m ON m.id = e.message_id' : '';
    const search = usesSearchTable(predicate) ? 'LEFT JOIN message_search s ON s.message_id = e.message_id' : '';
    const sql = `SELECT e.uid FROM entry e ${message} ${search}
         WHERE e.mailbox_id = ? AND e.uid BETWEEN ? AND ? AND (${where}) ORDER BY e.uid`;
    return this.searchStatements.get(sql).all(mailboxId, fromUid, toUid, ...params) as number[];
  }

  async listUids(mailboxId: MailboxId): Promise<Uint32Array> {
    // Another process committed since the cache was filled: it may have changed anything.
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.cacheVersion) {
      this.uidCache.clear();
      this.cacheVersion = version;
    }
    return this.uidCache.get(
      mailboxId,
      () => this.sql.pluck('SELECT uid FROM entry WHERE mailbox_id = ? ORDER BY uid').all(mailboxId) as number[],
    );
  }

  async firstUidWithout(mailboxId: MailboxId, flag: number): Promise<number | null> {
    const row = this.sql.get<{ uid: number }>('SELECT uid FROM entry WHERE mailbox_id = ? AND (flags & ?) = 0 ORDER BY uid LIMIT 1', mailboxId, flag);
    return row?.uid ?? null;
  }

  async countEntries(mailboxId: MailboxId, filter: { flags?: number; fromUid?: number }): Promise<number> {
    const flags = filter.flags ?? 0;
    return (
      this.sql.get<{ n: number }>(
        'SELECT count(*) AS n FROM entry WHERE mailbox_id = ? AND uid >= ? AND (flags & ?) = ?',
        mailboxId,
        filter.fromUid ?? 0,
        flags,
        flags,
      )?.n ?? 0
    );
  }

  async uidsWithFlags(mailboxId: MailboxId, flags: number): Promise<number[]> {
    return this.sql
      .pluck('SELECT uid FROM entry WHERE mailbox_id = ? AND (flags & ?) = ? ORDER BY uid')
      .all(mailboxId, flags, flags) as number[];
  }

  async getEntries(mailboxId: MailboxId, uids: readonly number[], options: { withMime?: boolean } = {}): Promise<EntryDetail[]> {
    if (uids.length === 0) return [];
    // The hash as hex text: better-sqlite3 gives each BLOB its own ArrayBuffer (about 2 µs
    // each), while Buffer.from(hex) takes a slice of Node's shared pool. The MIME index comes
    // from the cache when it can (see MimeCache), else from a second query.
    const columns = 'e.uid, e.modseq, e.flags, e.keywords, e.message_id, e.saved_at, hex(m.blob_hash), m.size, m.internal_date';
    // A run of consecutive UIDs (the usual FETCH 1:* group) is a range scan; other sets are
    // looked up one by one. Rows as arrays: no object per row to build and throw away.
    const first = uids[0]!;
    const last = uids[uids.length - 1]!;
    const consecutive = uids.every((uid, i) => uid === first + i);
    const rows = (
      consecutive
        ? this.sql
            .raw(`SELECT ${columns} FROM entry e JOIN message m ON m.id = e.message_id WHERE e.mailbox_id = ? AND e.uid BETWEEN ? AND ? ORDER BY e.uid`)
            .all(mailboxId, first, last)
        : this.sql
            .raw(
              `SELECT ${columns} FROM entry e JOIN message m ON m.id = e.message_id
               WHERE e.mailbox_id = ? AND e.uid IN (SELECT value FROM json_each(?)) ORDER BY e.uid`,
            )
            .all(mailboxId, JSON.stringify(uids))
    ) as [number, number, number, string | null, number, number, string, number, number][];
    const mimes = options.withMime === false ? null : this.mimeIndexes(rows.map((row) => row[4]));
    return rows.map(([uid, modseq, flags, keywords, messageId, savedAt, blobHash, size, internalDate], i) => ({
      uid,
      modseq,
      flags,
      keywords: decodeKeywords(keywords),
      messageId,
      blobHash: Buffer.from(blobHash, 'hex'),
      size,
      internalDate: new Date(internalDate),
      savedAt: new Date(savedAt),
      mimeIndex: mimes?.[i] ?? null,
    }));
  }

  /** The stored MIME indexes of these messages (null where none was stored), cache first. */
  private mimeIndexes(messageIds: readonly number[]): (Buffer | null)[] {
    const found: (Buffer | null)[] = messageIds.map((id) => this.mimeCache.get(id) ?? null);
    const missing = messageIds.filter((_, i) => found[i] === null);
    if (missing.length === 0) return found;
    const rows = this.sql
      .raw('SELECT id, mime FROM message WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(missing)) as [number, Buffer | null][];
    const read = new Map<number, Buffer>();
    for (const [id, mime] of rows) {
      if (mime === null) continue;
      read.set(id, mime);
      this.mimeCache.set(id, mime);
    }
    return messageIds.map((id, i) => found[i] ?? read.get(id) ?? null);
  }

  async getFlags(mailboxId: MailboxId, uids: readonly number[]): Promise<FlagState[]> {
    return this.sql
      .all<{ uid: number; modseq: number; flags: number; keywords: string | null }>(
        `SELECT uid, modseq, flags, keywords FROM entry
         WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?)) ORDER BY uid`,
        mailboxId,
        JSON.stringify(uids),
      )
      .map(toFlagState);
  }

  async readJournal(mailboxId: MailboxId, sinceModseq: number, limit: number): Promise<JournalRow[]> {
    return this.sql
      .all<{ modseq: number; uid: number; kind: number }>(
        'SELECT modseq, uid, kind FROM journal WHERE mailbox_id = ? AND modseq > ? ORDER BY modseq, uid LIMIT ?',
        mailboxId,
        sinceModseq,
        limit,
      )
      .map((r) => ({ modseq: r.modseq, uid: r.uid, kind: KIND_NAMES[r.kind]! }));
  }

  async openBlob(hash: Buffer): Promise<BlobReader> {
    const row = this.sql.get<{ size: number; data: Buffer | null; file: string | null }>(
      'SELECT size, data, file FROM blob WHERE hash = ?',
      hash,
    );
    if (!row) throw new MailError('NONEXISTENT', 'the message no longer exists');
    if (row.data) return inlineReader(row.data);
    const files = this.files;
    const file = row.file!;
    return {
      size: row.size,
      read: (start, end) => files.read(file, clamp(start, row.size), clamp(end, row.size)),
      stream: (start = 0, end = row.size) => files.stream(file, clamp(start, row.size), clamp(end, row.size)),
    };
  }

  // --- maintenance ---

  async externalVersion(): Promise<number> {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  async check(options: { repair: boolean; verifyHashes?: boolean }): Promise<CheckReport> {
    this.writer.flush();
    return checkStore(
      this.db,
      () => {
        const trashed: string[] = [];
        // check runs its own transaction; deletions it causes are unlinked once it commits.
        const ctx: EntryContext = { sql: this.sql, files: this.files, onCommit: () => undefined, trash: (file) => trashed.push(file) };
        return { ctx, trashed };
      },
      this.files,
      options,
    );
  }
}

function toFlagState(r: { uid: number; modseq: number; flags: number; keywords: string | null }): FlagState {
  return { uid: r.uid, modseq: r.modseq, flags: r.flags, keywords: decodeKeywords(r.keywords) };
}

function quotaPolicy(options: AppendOptions): QuotaPolicy {
  return options.enforceQuota ? { defaults: options.defaultQuota ?? { maxBytes: null, maxMessages: null } } : false;
}

function clamp(value: number, size: number): number {
  return Math.max(0, Math.min(value, size));
}

function inlineReader(data: Buffer): BlobReader {
  return {
    size: data.length,
    read: async (start, end) => data.subarray(clamp(start, data.length), clamp(end, data.length)),
    stream: (start = 0, end = data.length) => Readable.from([data.subarray(clamp(start, data.length), clamp(end, data.length))]),
  };
}
