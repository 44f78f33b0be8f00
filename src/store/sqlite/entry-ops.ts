/**
 * Write operations on mailbox entries: append, deliver, copy, move, expunge, store flags.
 * Each function runs synchronously inside a group-commit savepoint (see group-commit.ts); it
 * updates the mailbox's counters, UIDNEXT and HIGHESTMODSEQ and writes the change journal in
 * the same transaction, so the journal and the entries can never disagree.
 */

import { MAX_KEYWORDS_PER_MAILBOX } from '../../limits.js';
import { StagedBlobData } from '../blobs/staging.js';
import type { FileBlobs } from '../blobs/file-blobs.js';
import { MailError } from '../errors.js';
import {
  FLAG_SEEN,
  MAX_UID,
  type AppendResult,
  type CopyResult,
  type ExpungeResult,
  type FlagChange,
  type MoveResult,
  type NewMessage,
  type QuotaLimits,
  type StagedBlob,
  type StoreFlagsResult,
} from '../types.js';
import type { OnCommit } from './group-commit.js';
import type { MailboxRow } from './rows.js';
import { JOURNAL_ADDED, JOURNAL_EXPUNGED, JOURNAL_FLAGS } from './schema.js';
import { decodeKeywords, encodeKeywords, type Sql } from './sql.js';

export interface EntryContext {
  sql: Sql;
  files: FileBlobs;
  onCommit: OnCommit;
  /** Called with the file of each blob whose row this transaction deleted. */
  trash: (file: string) => void;
  /** Entries added to or removed from a mailbox (for in-memory caches; called at commit). */
  uidsAdded?: (mailboxId: number, uids: readonly number[]) => void;
  uidsRemoved?: (mailboxId: number, uids: readonly number[]) => void;
}

/** An entry to add: a message row plus its flags in the target mailbox. */
interface EntrySeed {
  messageId: number;
  size: number;
  flags: number;
  keywords: readonly string[];
}

export function requireMailbox(sql: Sql, mailboxId: number): MailboxRow {
  const row = sql.get<MailboxRow>('SELECT * FROM mailbox WHERE id = ?', mailboxId);
  if (!row) throw new MailError('NONEXISTENT', 'no such mailbox');
  return row;
}

function requireSelectable(sql: Sql, mailboxId: number): MailboxRow {
  const row = requireMailbox(sql, mailboxId);
  if (row.selectable !== 1) throw new MailError('NOSELECT', `mailbox ${row.name} cannot hold messages`);
  return row;
}

/** Quota enforcement for an operation: off, or on with the configured default quota. */
export type QuotaPolicy = false | { defaults: QuotaLimits };

function checkQuota(sql: Sql, policy: QuotaPolicy, accountId: number, addBytes: number, addMessages: number): void {
  if (policy === false) return;
  const row = sql.get<{ quota_bytes: number | null; quota_messages: number | null }>(
    'SELECT quota_bytes, quota_messages FROM account WHERE id = ?',
    accountId,
  );
  if (!row) return;
  const limits = {
    quota_bytes: row.quota_bytes ?? policy.defaults.maxBytes,
    quota_messages: row.quota_messages ?? policy.defaults.maxMessages,
  };
  if (limits.quota_bytes === null && limits.quota_messages === null) return;
  const usage = sql.get<{ bytes: number | null; messages: number | null }>(
    'SELECT sum(bytes) AS bytes, sum(messages) AS messages FROM mailbox WHERE account_id = ?',
    accountId,
  )!;
  if (limits.quota_bytes !== null && (usage.bytes ?? 0) + addBytes > limits.quota_bytes) {
    throw new MailError('OVERQUOTA', 'storage quota exceeded');
  }
  if (limits.quota_messages !== null && (usage.messages ?? 0) + addMessages > limits.quota_messages) {
    throw new MailError('OVERQUOTA', 'message count quota exceeded');
  }
}

/**
 * Maps keywords to the spelling already registered in the mailbox (keywords compare without
 * regard to case), registering new ones when `register` is set; the result is sorted and free
 * of duplicates.
 */
export function canonicalKeywords(sql: Sql, mailboxId: number, keywords: readonly string[], register = true): string[] {
  if (keywords.length === 0) return [];
  const out = new Set<string>();
  for (const keyword of keywords) {
    const known = sql.get<{ keyword: string }>(
      'SELECT keyword FROM mailbox_keyword WHERE mailbox_id = ? AND keyword = ?',
      mailboxId,
      keyword,
    );
    if (known || !register) {
      out.add(known ? known.keyword : keyword);
      continue;
    }
    const count = sql.get<{ n: number }>('SELECT count(*) AS n FROM mailbox_keyword WHERE mailbox_id = ?', mailboxId)!.n;
    if (count >= MAX_KEYWORDS_PER_MAILBOX) {
      throw new MailError('LIMIT', `a mailbox may define at most ${MAX_KEYWORDS_PER_MAILBOX} keywords`);
    }
    sql.run('INSERT INTO mailbox_keyword (mailbox_id, keyword) VALUES (?, ?)', mailboxId, keyword);
    out.add(keyword);
  }
  return [...out].sort();
}

/** Inserts the blob row for staged bytes unless the same bytes are stored already. */
function storeBlob(ctx: EntryContext, blob: StagedBlob): void {
  if (!(blob instanceof StagedBlobData)) throw new Error('blob was not staged by this store');
  if (blob.claimed) throw new Error('a staged blob can be stored by one operation only');
  const inserted = ctx.sql.run(
    'INSERT INTO blob (hash, size, data, file) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING',
    blob.hash,
    blob.size,
    blob.inline,
    blob.file,
  );
  ctx.onCommit(() => {
    blob.claimed = true;
    // The same bytes were stored before: ours are a redundant copy.
    if (inserted.changes === 0 && blob.file) ctx.files.removeSync(blob.file);
  });
}

function insertMessage(ctx: EntryContext, message: Omit<NewMessage, 'flags' | 'keywords'>): number {
  storeBlob(ctx, message.blob);
  const id = Number(
    ctx.sql.run(
      'INSERT INTO message (blob_hash, size, internal_date, mime, bare_lf) VALUES (?, ?, ?, ?, ?)',
      message.blob.hash,
      message.blob.size,
      message.internalDate.getTime(),
      message.mimeIndex,
      (message.blob as StagedBlobData).bareLf,
    ).lastInsertRowid,
  );
  const search = message.search;
  if (search) {
    ctx.sql.run(
      `INSERT INTO message_search (message_id, subject, from_addr, to_addr, cc_addr, bcc_addr, sent_date, header)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      search.subject,
      search.from,
      search.to,
      search.cc,
      search.bcc,
      search.sentDate,
      search.header,
    );
  }
  return id;
}

/** Adds entries to a mailbox under one new MODSEQ; returns their UIDs in order. */
function addEntries(ctx: EntryContext, mailbox: MailboxRow, seeds: readonly EntrySeed[]): { uids: number[]; modseq: number } {
  const sql = ctx.sql;
  const modseq = mailbox.highestmodseq + 1;
  if (mailbox.uidnext + seeds.length - 1 > MAX_UID) {
    throw new MailError('LIMIT', 'the mailbox has used all UIDs; it must be recreated');
  }
  const now = Date.now();
  const uids: number[] = [];
  let uid = mailbox.uidnext;
  let bytes = 0;
  let unseen = 0;
  const insertEntry = sql.stmt(
    'INSERT INTO entry (mailbox_id, uid, message_id, modseq, flags, keywords, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertJournal = sql.stmt('INSERT INTO journal (mailbox_id, modseq, uid, kind) VALUES (?, ?, ?, ?)');
  for (const seed of seeds) {
    const keywords = canonicalKeywords(sql, mailbox.id, seed.keywords);
    insertEntry.run(mailbox.id, uid, seed.messageId, modseq, seed.flags, encodeKeywords(keywords), now);
    insertJournal.run(mailbox.id, modseq, uid, JOURNAL_ADDED);
    uids.push(uid);
    bytes += seed.size;
    if ((seed.flags & FLAG_SEEN) === 0) unseen++;
    uid++;
  }
  sql.run(
    `UPDATE mailbox SET uidnext = ?, highestmodseq = ?, messages = messages + ?, bytes = bytes + ?,
       unseen = unseen + ? WHERE id = ?`,
    uid,
    modseq,
    seeds.length,
    bytes,
    unseen,
    mailbox.id,
  );
  mailbox.uidnext = uid;
  mailbox.highestmodseq = modseq;
  const mailboxId = mailbox.id;
  if (ctx.uidsAdded) ctx.onCommit(() => ctx.uidsAdded!(mailboxId, uids));
  return { uids, modseq };
}

export function appendOp(
  ctx: EntryContext,
  mailboxId: number,
  messages: readonly NewMessage[],
  quota: QuotaPolicy,
): AppendResult {
  const mailbox = requireSelectable(ctx.sql, mailboxId);
  checkQuota(ctx.sql, quota, mailbox.account_id, messages.reduce((sum, m) => sum + m.blob.size, 0), messages.length);
  const seeds = messages.map((message) => ({
    messageId: insertMessage(ctx, message),
    size: message.blob.size,
    flags: message.flags,
    keywords: message.keywords,
  }));
  const { uids, modseq } = addEntries(ctx, mailbox, seeds);
  return { mailboxId, uidValidity: mailbox.uidvalidity, uids, modseq };
}

/** One message, many mailboxes: each target succeeds or fails alone (LMTP per-recipient). */
export function deliverOp(
  ctx: EntryContext,
  message: Omit<NewMessage, 'flags' | 'keywords'>,
  targets: readonly { mailboxId: number; flags: number; keywords: readonly string[] }[],
  quota: QuotaPolicy,
  atomic: boolean,
): (AppendResult | Error)[] {
  const messageId = insertMessage(ctx, message);
  const results: (AppendResult | Error)[] = [];
  for (const target of targets) {
    ctx.sql.stmt('SAVEPOINT target').run();
    try {
      const mailbox = requireSelectable(ctx.sql, target.mailboxId);
      checkQuota(ctx.sql, quota, mailbox.account_id, message.blob.size, 1);
      const seed = { messageId, size: message.blob.size, flags: target.flags, keywords: target.keywords };
      const { uids, modseq } = addEntries(ctx, mailbox, [seed]);
      ctx.sql.stmt('RELEASE target').run();
      results.push({ mailboxId: target.mailboxId, uidValidity: mailbox.uidvalidity, uids, modseq });
    } catch (error) {
      ctx.sql.stmt('ROLLBACK TO target').run();
      ctx.sql.stmt('RELEASE target').run();
      results.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  // All or nothing: throwing rolls the whole operation back (its savepoint).
  const failure = results.find((r): r is Error => r instanceof Error);
  if (atomic && failure) throw failure;
  // Nobody took the message: do not leave an unreferenced message row behind.
  if (!results.some((r) => !(r instanceof Error))) removeUnreferencedMessages(ctx, [messageId]);
  return results;
}

interface SourceRow {
  uid: number;
  message_id: number;
  flags: number;
  keywords: string | null;
  size: number;
}

function selectSourceRows(sql: Sql, mailboxId: number, uids: readonly number[]): SourceRow[] {
  return sql.all<SourceRow>(
    `SELECT e.uid, e.message_id, e.flags, e.keywords, m.size FROM entry e JOIN message m ON m.id = e.message_id
     WHERE e.mailbox_id = ? AND e.uid IN (SELECT value FROM json_each(?)) ORDER BY e.uid`,
    mailboxId,
    JSON.stringify(uids),
  );
}

export function copyOp(
  ctx: EntryContext,
  sourceId: number,
  uids: readonly number[],
  destId: number,
  quota: QuotaPolicy,
): CopyResult {
  requireSelectable(ctx.sql, sourceId);
  const dest = requireSelectable(ctx.sql, destId);
  const rows = selectSourceRows(ctx.sql, sourceId, uids);
  if (rows.length === 0) return { uidValidity: dest.uidvalidity, sourceUids: [], destUids: [], modseq: dest.highestmodseq };
  checkQuota(ctx.sql, quota, dest.account_id, rows.reduce((sum, r) => sum + r.size, 0), rows.length);
  // COPY adds entries, not bytes: the new entries share the source's message rows.
  const seeds = rows.map((r) => ({ messageId: r.message_id, size: r.size, flags: r.flags, keywords: decodeKeywords(r.keywords) }));
  const { uids: destUids, modseq } = addEntries(ctx, dest, seeds);
  return { uidValidity: dest.uidvalidity, sourceUids: rows.map((r) => r.uid), destUids, modseq };
}

export function moveOp(
  ctx: EntryContext,
  sourceId: number,
  uids: readonly number[],
  destId: number,
  quota: QuotaPolicy,
): MoveResult {
  const source = requireSelectable(ctx.sql, sourceId);
  const sameAccount = requireSelectable(ctx.sql, destId).account_id === source.account_id;
  // Within one account a move does not change usage; across accounts it does.
  const copied = copyOp(ctx, sourceId, uids, destId, sameAccount ? false : quota);
  if (copied.sourceUids.length === 0) return { ...copied, sourceModseq: source.highestmodseq };
  const expunged = expungeOp(ctx, sourceId, copied.sourceUids);
  return { ...copied, sourceModseq: expunged.modseq };
}

/** Removes the entries with these UIDs (those that exist) and journals their expunge. */
export function expungeOp(ctx: EntryContext, mailboxId: number, uids: readonly number[]): ExpungeResult {
  const mailbox = requireMailbox(ctx.sql, mailboxId);
  const rows = selectSourceRows(ctx.sql, mailboxId, uids);
  if (rows.length === 0) return { uids: [], modseq: mailbox.highestmodseq };
  const modseq = mailbox.highestmodseq + 1;
  const removed = JSON.stringify(rows.map((r) => r.uid));
  ctx.sql.run('DELETE FROM entry WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?))', mailboxId, removed);
  ctx.sql.run(
    'INSERT INTO journal (mailbox_id, modseq, uid, kind) SELECT ?, ?, value, ? FROM json_each(?)',
    mailboxId,
    modseq,
    JOURNAL_EXPUNGED,
    removed,
  );
  const bytes = rows.reduce((sum, r) => sum + r.size, 0);
  const unseen = rows.filter((r) => (r.flags & FLAG_SEEN) === 0).length;
  ctx.sql.run(
    `UPDATE mailbox SET highestmodseq = ?, messages = messages - ?, bytes = bytes - ?, unseen = unseen - ?
     WHERE id = ?`,
    modseq,
    rows.length,
    bytes,
    unseen,
    mailboxId,
  );
  removeUnreferencedMessages(ctx, [...new Set(rows.map((r) => r.message_id))]);
  const removedUids = rows.map((r) => r.uid);
  if (ctx.uidsRemoved) ctx.onCommit(() => ctx.uidsRemoved!(mailboxId, removedUids));
  return { uids: removedUids, modseq };
}

/** Deletes message rows no entry uses any more, then blobs no message uses. */
export function removeUnreferencedMessages(ctx: EntryContext, messageIds: readonly number[]): void {
  const deleteMessage = ctx.sql.stmt(
    'DELETE FROM message WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entry WHERE message_id = ?) RETURNING blob_hash',
  );
  const hashes = new Map<string, Buffer>();
  for (const id of messageIds) {
    const row = deleteMessage.get(id, id) as { blob_hash: Buffer } | undefined;
    if (row) hashes.set(row.blob_hash.toString('hex'), row.blob_hash);
  }
  const deleteBlob = ctx.sql.stmt(
    'DELETE FROM blob WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM message WHERE blob_hash = ?) RETURNING file',
  );
  for (const hash of hashes.values()) {
    const row = deleteBlob.get(hash, hash) as { file: string | null } | undefined;
    if (row?.file) {
      const file = row.file;
      ctx.sql.run('INSERT OR IGNORE INTO blob_trash (file) VALUES (?)', file);
      ctx.trash(file);
    }
  }
}

interface FlagRow {
  uid: number;
  modseq: number;
  flags: number;
  keywords: string | null;
}

export function storeFlagsOp(
  ctx: EntryContext,
  mailboxId: number,
  uids: readonly number[],
  change: FlagChange,
  unchangedSince: number | undefined,
): StoreFlagsResult {
  const mailbox = requireSelectable(ctx.sql, mailboxId);
  const modseq = mailbox.highestmodseq + 1;
  const rows = ctx.sql.all<FlagRow>(
    `SELECT uid, modseq, flags, keywords FROM entry
     WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?)) ORDER BY uid`,
    mailboxId,
    JSON.stringify(uids),
  );
  const keywords = canonicalKeywords(ctx.sql, mailboxId, change.keywords, change.mode !== 'remove');
  const update = ctx.sql.stmt('UPDATE entry SET flags = ?, keywords = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?');
  const journal = ctx.sql.stmt('INSERT INTO journal (mailbox_id, modseq, uid, kind) VALUES (?, ?, ?, ?)');
  const result: StoreFlagsResult = { changed: [], modified: [], modseq: mailbox.highestmodseq };
  let unseenDelta = 0;
  for (const row of rows) {
    // RFC 7162 3.1.3: a message whose MODSEQ is above UNCHANGEDSINCE is not changed.
    if (unchangedSince !== undefined && row.modseq > unchangedSince) {
      result.modified.push(row.uid);
      continue;
    }
    const oldKeywords = decodeKeywords(row.keywords);
    const newFlags = applyFlags(row.flags, change);
    const newKeywords = applyKeywords(oldKeywords, keywords, change.mode);
    if (newFlags === row.flags && sameList(newKeywords, oldKeywords)) continue;
    update.run(newFlags, encodeKeywords(newKeywords), modseq, mailboxId, row.uid);
    journal.run(mailboxId, modseq, row.uid, JOURNAL_FLAGS);
    unseenDelta += ((newFlags & FLAG_SEEN) === 0 ? 1 : 0) - ((row.flags & FLAG_SEEN) === 0 ? 1 : 0);
    result.changed.push({ uid: row.uid, modseq, flags: newFlags, keywords: newKeywords });
  }
  if (result.changed.length > 0) {
    ctx.sql.run('UPDATE mailbox SET highestmodseq = ?, unseen = unseen + ? WHERE id = ?', modseq, unseenDelta, mailboxId);
    result.modseq = modseq;
  }
  return result;
}

function applyFlags(current: number, change: FlagChange): number {
  switch (change.mode) {
    case 'add':
      return current | change.flags;
    case 'remove':
      return current & ~change.flags;
    case 'replace':
      return change.flags;
  }
}

function applyKeywords(current: readonly string[], given: readonly string[], mode: FlagChange['mode']): string[] {
  switch (mode) {
    case 'replace':
      return [...given];
    case 'add':
      return [...new Set([...current, ...given])].sort();
    case 'remove': {
      const drop = new Set(given);
      return current.filter((k) => !drop.has(k));
    }
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
