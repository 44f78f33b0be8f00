/**
 * Write operations on mailboxes and accounts. Names arrive validated and normalised by the
 * services layer (services/mailbox-names.ts); this file keeps the hierarchy consistent:
 * parents exist, children follow a rename, a deleted parent becomes a \Noselect placeholder.
 */

import { randomBytes } from 'node:crypto';
import { MAX_MAILBOXES_PER_ACCOUNT } from '../../limits.js';
import { MailError } from '../errors.js';
import type { Mailbox, QuotaLimits, SpecialUse } from '../types.js';
import { expungeOp, moveOp, type EntryContext } from './entry-ops.js';
import { toMailbox, type MailboxRow } from './rows.js';
import type { Sql } from './sql.js';

const INBOX = 'INBOX';

/**
 * A UIDVALIDITY never given before in this store: the current time in seconds (as Dovecot
 * does), or one more than the last one when several mailboxes are created in one second.
 * RFC 9051 2.3.1.1: a name deleted and created again must get a new UIDVALIDITY.
 */
function nextUidValidity(sql: Sql): number {
  const last = Number(sql.get<{ value: string }>("SELECT value FROM meta WHERE key = 'last_uidvalidity'")?.value ?? 0);
  let value = Math.max(Math.floor(Date.now() / 1000), last + 1);
  if (value > 0xffffffff) value = 1; // after the year 2106, wrap: uniqueness still holds per name
  sql.run("INSERT INTO meta (key, value) VALUES ('last_uidvalidity', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", String(value));
  return value;
}

function newGuid(): string {
  return `M${randomBytes(12).toString('hex')}`;
}

/** SQL condition "name is a descendant of ?": names starting with "?/" are exactly those
 *  between "?/" and "?0" ('0' follows '/' in byte order), which the (account_id, name) index
 *  answers without a scan. Takes the parent name twice. */
const DESCENDANT = "name >= ? || '/' AND name < ? || '0'";

function findRow(sql: Sql, accountId: number, name: string): MailboxRow | undefined {
  return sql.get<MailboxRow>('SELECT * FROM mailbox WHERE account_id = ? AND name = ?', accountId, name);
}

/** Every proper ancestor of a name: "a/b/c" -> ["a", "a/b"]. */
function ancestors(name: string): string[] {
  const parts = name.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function insertMailbox(sql: Sql, accountId: number, name: string, specialUse: SpecialUse | null): MailboxRow {
  const count = sql.get<{ n: number }>('SELECT count(*) AS n FROM mailbox WHERE account_id = ?', accountId)!.n;
  if (count >= MAX_MAILBOXES_PER_ACCOUNT) {
    throw new MailError('LIMIT', `an account may have at most ${MAX_MAILBOXES_PER_ACCOUNT} mailboxes`);
  }
  return sql.get<MailboxRow>(
    `INSERT INTO mailbox (account_id, name, guid, uidvalidity, uidnext, highestmodseq, special_use, created_at)
     VALUES (?, ?, ?, ?, 1, 1, ?, ?) RETURNING *`,
    accountId,
    name,
    newGuid(),
    nextUidValidity(sql),
    specialUse,
    Date.now(),
  )!;
}

/** Creates any missing parents of `name` (RFC 9051 6.3.4: the server SHOULD create them). */
function ensureParents(sql: Sql, accountId: number, name: string): void {
  for (const parent of ancestors(name)) {
    if (!findRow(sql, accountId, parent)) insertMailbox(sql, accountId, parent, null);
  }
}

export function createMailboxOp(sql: Sql, accountId: number, name: string, specialUse: SpecialUse | null): Mailbox {
  const existing = findRow(sql, accountId, name);
  if (existing && existing.selectable === 1) throw new MailError('ALREADYEXISTS', `mailbox ${name} already exists`);
  if (specialUse) {
    const holder = sql.get<{ name: string }>('SELECT name FROM mailbox WHERE account_id = ? AND special_use = ?', accountId, specialUse);
    if (holder) throw new MailError('CANNOT', `${holder.name} is already the ${specialUse} mailbox`);
  }
  ensureParents(sql, accountId, name);
  if (existing) {
    // A \Noselect placeholder becomes a real mailbox again: a new incarnation, so a new
    // UIDVALIDITY (its UIDNEXT restarts; old UIDs cannot be confused under the new value).
    return toMailbox(
      sql.get<MailboxRow>(
        `UPDATE mailbox SET selectable = 1, uidvalidity = ?, uidnext = 1, first_recent_uid = 1, special_use = ?
         WHERE id = ? RETURNING *`,
        nextUidValidity(sql),
        specialUse,
        existing.id,
      )!,
    );
  }
  return toMailbox(insertMailbox(sql, accountId, name, specialUse));
}

export function renameMailboxOp(ctx: EntryContext, accountId: number, from: string, to: string): Mailbox[] {
  const { sql } = ctx;
  const source = findRow(sql, accountId, from);
  if (!source) throw new MailError('NONEXISTENT', `mailbox ${from} does not exist`);
  if (findRow(sql, accountId, to)) throw new MailError('ALREADYEXISTS', `mailbox ${to} already exists`);
  if (to === INBOX || to.startsWith(`${from}/`)) {
    throw new MailError('CANNOT', `cannot rename ${from} to ${to}`);
  }
  if (from === INBOX) {
    // RFC 9051 6.3.6: renaming INBOX moves its messages to a new mailbox and leaves INBOX
    // empty; INBOX's children are unaffected.
    ensureParents(sql, accountId, to);
    const target = insertMailbox(sql, accountId, to, null);
    const uids = sql.all<{ uid: number }>('SELECT uid FROM entry WHERE mailbox_id = ? ORDER BY uid', source.id).map((r) => r.uid);
    if (uids.length > 0) moveOp(ctx, source.id, uids, target.id, false);
    return [toMailbox(requireRow(sql, target.id))];
  }
  ensureParents(sql, accountId, to);
  const family = sql.all<MailboxRow>(
    `SELECT * FROM mailbox WHERE account_id = ? AND (name = ? OR (${DESCENDANT})) ORDER BY name`,
    accountId,
    from,
    from,
    from,
  );
  // UIDVALIDITY, UIDs and ids stay: a rename is not a new incarnation (RFC 9051 6.3.6).
  const rename = sql.stmt('UPDATE mailbox SET name = ? WHERE id = ?');
  for (const row of family) rename.run(to + row.name.slice(from.length), row.id);
  return family.map((row) => toMailbox(requireRow(sql, row.id)));
}

export function deleteMailboxOp(
  ctx: EntryContext,
  accountId: number,
  name: string,
): { mailboxId: number; placeholder: boolean } {
  const { sql } = ctx;
  if (name === INBOX) throw new MailError('CANNOT', 'INBOX cannot be deleted');
  const row = findRow(sql, accountId, name);
  if (!row) throw new MailError('NONEXISTENT', `mailbox ${name} does not exist`);
  const hasChildren =
    sql.get(`SELECT 1 FROM mailbox WHERE account_id = ? AND ${DESCENDANT} LIMIT 1`, accountId, name, name) !==
    undefined;
  // RFC 9051 6.3.5: deleting a \Noselect name that has children is an error.
  if (hasChildren && row.selectable !== 1) {
    throw new MailError('CANNOT', `${name} has children and holds no messages; delete the children first`);
  }
  const uids = sql.all<{ uid: number }>('SELECT uid FROM entry WHERE mailbox_id = ?', row.id).map((r) => r.uid);
  if (uids.length > 0) expungeOp(ctx, row.id, uids);
  if (hasChildren) {
    sql.run('UPDATE mailbox SET selectable = 0, special_use = NULL WHERE id = ?', row.id);
    sql.run('DELETE FROM mailbox_keyword WHERE mailbox_id = ?', row.id);
    return { mailboxId: row.id, placeholder: true };
  }
  sql.run('DELETE FROM mailbox WHERE id = ?', row.id);
  removeEmptyPlaceholders(sql, accountId, name);
  return { mailboxId: row.id, placeholder: false };
}

/** Placeholders exist only to hold children: remove those left without any. */
function removeEmptyPlaceholders(sql: Sql, accountId: number, name: string): void {
  for (const parent of ancestors(name).reverse()) {
    const row = findRow(sql, accountId, parent);
    if (!row || row.selectable === 1) return;
    const child = sql.get(`SELECT 1 FROM mailbox WHERE account_id = ? AND ${DESCENDANT} LIMIT 1`, accountId, parent, parent);
    if (child) return;
    sql.run('DELETE FROM mailbox WHERE id = ?', row.id);
  }
}

function requireRow(sql: Sql, id: number): MailboxRow {
  return sql.get<MailboxRow>('SELECT * FROM mailbox WHERE id = ?', id)!;
}

export function createAccountOp(
  sql: Sql,
  input: {
    name: string;
    passwordHash: string;
    quota?: QuotaLimits;
    mailboxes: readonly { name: string; specialUse: SpecialUse | null; subscribe: boolean }[];
  },
): number {
  if (sql.get('SELECT 1 FROM account WHERE name = ?', input.name)) {
    throw new MailError('ALREADYEXISTS', `account ${input.name} already exists`);
  }
  const id = Number(
    sql.run(
      'INSERT INTO account (name, password_hash, quota_bytes, quota_messages, created_at) VALUES (?, ?, ?, ?, ?)',
      input.name,
      input.passwordHash,
      input.quota?.maxBytes ?? null,
      input.quota?.maxMessages ?? null,
      Date.now(),
    ).lastInsertRowid,
  );
  for (const mailbox of input.mailboxes) {
    createMailboxOp(sql, id, mailbox.name, mailbox.specialUse);
    if (mailbox.subscribe) sql.run('INSERT OR IGNORE INTO subscription (account_id, name) VALUES (?, ?)', id, mailbox.name);
  }
  return id;
}

export function deleteAccountOp(ctx: EntryContext, accountId: number): number[] {
  const { sql } = ctx;
  const mailboxes = sql.all<{ id: number }>('SELECT id FROM mailbox WHERE account_id = ?', accountId).map((r) => r.id);
  for (const id of mailboxes) {
    const uids = sql.all<{ uid: number }>('SELECT uid FROM entry WHERE mailbox_id = ?', id).map((r) => r.uid);
    if (uids.length > 0) expungeOp(ctx, id, uids);
  }
  if (sql.run('DELETE FROM account WHERE id = ?', accountId).changes === 0) {
    throw new MailError('NONEXISTENT', 'no such account');
  }
  return mailboxes;
}

export function claimRecentOp(sql: Sql, mailboxId: number, upToUid?: number): number {
  const row = sql.get<{ first_recent_uid: number; uidnext: number }>(
    'SELECT first_recent_uid, uidnext FROM mailbox WHERE id = ?',
    mailboxId,
  );
  if (!row) throw new MailError('NONEXISTENT', 'no such mailbox');
  const floor = upToUid === undefined ? row.uidnext : Math.min(row.uidnext, upToUid + 1);
  if (row.first_recent_uid < floor) {
    sql.run('UPDATE mailbox SET first_recent_uid = ? WHERE id = ?', floor, mailboxId);
  }
  return row.first_recent_uid;
}
