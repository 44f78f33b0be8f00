/**
 * `mailkeep check`: verifies the store's invariants and blob references and, with repair,
 * fixes what can be fixed without inventing data:
 *  - counters, UIDNEXT and HIGHESTMODSEQ are recomputed (only ever raised, never lowered);
 *  - orphan messages, blob rows, blob files and temporary files are removed;
 *  - entries whose bytes are missing are expunged (journaled, so clients are told);
 *  - missing parents and a missing INBOX are recreated.
 */

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { FileBlobs } from '../blobs/file-blobs.js';
import type { CheckProblem, CheckReport } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { expungeOp, removeUnreferencedMessages, type EntryContext } from './entry-ops.js';
import { createMailboxOp } from './mailbox-ops.js';
import type { MailboxRow } from './rows.js';
import type { Sql } from './sql.js';

/** Files younger than this may belong to an append in flight in a running server. */
const ORPHAN_FILE_MIN_AGE_MS = 60 * 60 * 1000;

interface BlobRow {
  hash: Buffer;
  size: number;
  data: Buffer | null;
  file: string | null;
}

export async function checkStore(
  db: SqliteDatabase,
  makeContext: () => { ctx: EntryContext; trashed: string[] },
  files: FileBlobs,
  options: { repair: boolean; verifyHashes?: boolean },
): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const note = (kind: string, detail: string, repaired: boolean) => problems.push({ kind, detail, repaired });
  const { ctx, trashed } = makeContext();
  const sql = ctx.sql;

  // Blob files are checked outside the transaction: stat and hashing are slow I/O.
  const blobs = sql.all<BlobRow>('SELECT hash, size, data, file FROM blob');
  const brokenBlobs: Buffer[] = [];
  for (const blob of blobs) {
    const hex = blob.hash.toString('hex');
    if (blob.file !== null) {
      const size = await files.size(blob.file);
      if (size === null) {
        note('missing-blob', `blob ${hex}: file ${blob.file} is missing`, options.repair);
        brokenBlobs.push(blob.hash);
      } else if (size !== blob.size) {
        note('damaged-blob', `blob ${hex}: file has ${size} bytes, expected ${blob.size}`, options.repair);
        brokenBlobs.push(blob.hash);
      } else if (options.verifyHashes && (await files.hash(blob.file)) !== hex) {
        note('damaged-blob', `blob ${hex}: file content does not match its hash`, options.repair);
        brokenBlobs.push(blob.hash);
      }
    } else if (blob.data!.length !== blob.size) {
      note('damaged-blob', `blob ${hex}: stored ${blob.data!.length} bytes, expected ${blob.size}`, options.repair);
      brokenBlobs.push(blob.hash);
    } else if (options.verifyHashes && createHash('sha256').update(blob.data!).digest('hex') !== hex) {
      note('damaged-blob', `blob ${hex}: content does not match its hash`, options.repair);
      brokenBlobs.push(blob.hash);
    }
  }

  const referenced = new Set(blobs.filter((b) => b.file !== null).map((b) => b.file!));
  const orphanFiles: string[] = [];
  for (const file of files.listSync()) {
    if (referenced.has(file)) continue;
    const age = await fileAge(files, file);
    if (age !== null && age > ORPHAN_FILE_MIN_AGE_MS) orphanFiles.push(file);
  }

  const inTransaction = () => {
    checkEntriesAndMessages(ctx, sql, brokenBlobs, note, options.repair);
    checkMailboxes(sql, note, options.repair);
    checkAccounts(sql, note, options.repair);
    const trash = sql.all<{ file: string }>('SELECT file FROM blob_trash');
    if (trash.length > 0) {
      note('blob-trash', `${trash.length} deleted blob file(s) not yet removed`, options.repair);
      if (options.repair) {
        for (const { file } of trash) trashed.push(file);
      }
    }
    if (!options.repair) throw new DryRun();
  };
  try {
    db.transaction(inTransaction).immediate();
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }

  for (const file of orphanFiles) {
    note('orphan-file', `blob file ${file} is referenced by no blob row (an interrupted write, or a crash before commit)`, options.repair);
    if (options.repair) files.removeSync(file);
  }
  if (options.repair && trashed.length > 0) {
    for (const file of trashed) files.removeSync(file);
    db.prepare('DELETE FROM blob_trash WHERE file IN (SELECT value FROM json_each(?))').run(JSON.stringify(trashed));
  }

  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { problems, accounts: count('account'), mailboxes: count('mailbox'), messages: count('message'), blobs: count('blob') };
}

class DryRun extends Error {}

type Note = (kind: string, detail: string, repaired: boolean) => void;

function checkEntriesAndMessages(ctx: EntryContext, sql: Sql, brokenBlobs: Buffer[], note: Note, repair: boolean): void {
  // Messages whose bytes are gone (or whose blob row is missing) cannot be served: expunge
  // their entries so that clients are told, rather than failing every FETCH.
  const lostEntries = sql.all<{ mailbox_id: number; uid: number; name: string }>(
    `SELECT e.mailbox_id, e.uid, mb.name FROM entry e JOIN message m ON m.id = e.message_id
       JOIN mailbox mb ON mb.id = e.mailbox_id
     WHERE NOT EXISTS (SELECT 1 FROM blob b WHERE b.hash = m.blob_hash)`,
  );
  for (const hash of brokenBlobs) {
    lostEntries.push(
      ...sql.all<{ mailbox_id: number; uid: number; name: string }>(
        `SELECT e.mailbox_id, e.uid, mb.name FROM message m JOIN entry e ON e.message_id = m.id
           JOIN mailbox mb ON mb.id = e.mailbox_id WHERE m.blob_hash = ?`,
        hash,
      ),
    );
  }
  const byMailbox = new Map<number, number[]>();
  for (const r of lostEntries) {
    note('lost-message', `mailbox ${r.name} UID ${r.uid}: its bytes are missing`, repair);
    byMailbox.set(r.mailbox_id, [...(byMailbox.get(r.mailbox_id) ?? []), r.uid]);
  }
  if (repair) {
    for (const [mailboxId, uids] of byMailbox) expungeOp(ctx, mailboxId, uids);
    for (const hash of brokenBlobs) {
      const orphanMessages = sql.all<{ id: number }>('SELECT id FROM message WHERE blob_hash = ?', hash).map((r) => r.id);
      removeUnreferencedMessages(ctx, orphanMessages);
      sql.run('DELETE FROM blob WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM message WHERE blob_hash = ?)', hash, hash);
    }
  }

  const orphanMessages = sql.all<{ id: number }>(
    'SELECT id FROM message m WHERE NOT EXISTS (SELECT 1 FROM entry e WHERE e.message_id = m.id)',
  );
  if (orphanMessages.length > 0) {
    note('orphan-message', `${orphanMessages.length} message row(s) in no mailbox`, repair);
    if (repair) removeUnreferencedMessages(ctx, orphanMessages.map((r) => r.id));
  }
  const orphanBlobs = sql.all<{ hash: Buffer; file: string | null }>(
    'SELECT hash, file FROM blob b WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.blob_hash = b.hash)',
  );
  for (const blob of orphanBlobs) {
    note('orphan-blob', `blob ${blob.hash.toString('hex')} is used by no message`, repair);
    if (repair) {
      sql.run('DELETE FROM blob WHERE hash = ?', blob.hash);
      if (blob.file) {
        sql.run('INSERT OR IGNORE INTO blob_trash (file) VALUES (?)', blob.file);
        ctx.trash(blob.file);
      }
    }
  }
}

function checkMailboxes(sql: Sql, note: Note, repair: boolean): void {
  const rows = sql.all<
    MailboxRow & { n: number; total: number | null; unseen_n: number | null; max_uid: number | null; max_modseq: number | null }
  >(
    `SELECT mb.*, count(e.uid) AS n, sum(m.size) AS total, sum((e.flags & 1) = 0) AS unseen_n,
            max(max(coalesce(e.uid, 0)), coalesce((SELECT max(uid) FROM journal j WHERE j.mailbox_id = mb.id), 0)) AS max_uid,
            max(max(coalesce(e.modseq, 0)), coalesce((SELECT max(modseq) FROM journal j WHERE j.mailbox_id = mb.id), 0)) AS max_modseq
     FROM mailbox mb LEFT JOIN entry e ON e.mailbox_id = mb.id LEFT JOIN message m ON m.id = e.message_id
     GROUP BY mb.id`,
  );
  for (const row of rows) {
    const where = `mailbox ${row.name} (account ${row.account_id})`;
    const total = row.total ?? 0;
    const unseen = row.unseen_n ?? 0;
    if (row.messages !== row.n || row.bytes !== total || row.unseen !== unseen) {
      note('counters', `${where}: counters say ${row.messages} messages/${row.bytes} bytes/${row.unseen} unseen, entries ${row.n}/${total}/${unseen}`, repair);
      if (repair) sql.run('UPDATE mailbox SET messages = ?, bytes = ?, unseen = ? WHERE id = ?', row.n, total, unseen, row.id);
    }
    if (row.max_uid !== null && row.uidnext <= row.max_uid) {
      // Invariant 1: UIDNEXT only grows, so the repair raises it past every UID ever used,
      // including expunged ones the journal remembers.
      note('uidnext', `${where}: UIDNEXT ${row.uidnext} is not above the highest UID ${row.max_uid}`, repair);
      if (repair) sql.run('UPDATE mailbox SET uidnext = ? WHERE id = ?', row.max_uid + 1, row.id);
    }
    if (row.max_modseq !== null && row.highestmodseq < row.max_modseq) {
      note('modseq', `${where}: HIGHESTMODSEQ ${row.highestmodseq} is below a used MODSEQ ${row.max_modseq}`, repair);
      if (repair) sql.run('UPDATE mailbox SET highestmodseq = ? WHERE id = ?', row.max_modseq, row.id);
    }
    if (row.selectable !== 1 && row.n > 0) note('noselect-with-messages', `${where}: a \\Noselect mailbox holds messages`, false);
    const parts = row.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (!sql.get('SELECT 1 FROM mailbox WHERE account_id = ? AND name = ?', row.account_id, parent)) {
        note('missing-parent', `${where}: parent ${parent} does not exist`, repair);
        if (repair) {
          sql.run(
            `INSERT INTO mailbox (account_id, name, guid, uidvalidity, uidnext, highestmodseq, selectable, created_at)
             VALUES (?, ?, 'M' || lower(hex(randomblob(12))), ?, 1, 1, 0, ?)`,
            row.account_id,
            parent,
            Math.floor(Date.now() / 1000),
            Date.now(),
          );
        }
      }
    }
  }
  const badJournal = sql.all<{ name: string; n: number }>(
    `SELECT mb.name, count(*) AS n FROM journal j JOIN mailbox mb ON mb.id = j.mailbox_id
     WHERE j.kind = 3 AND EXISTS (SELECT 1 FROM entry e WHERE e.mailbox_id = j.mailbox_id AND e.uid = j.uid)
     GROUP BY mb.id`,
  );
  for (const row of badJournal) note('journal', `mailbox ${row.name}: ${row.n} UID(s) journaled as expunged still exist`, false);
}

function checkAccounts(sql: Sql, note: Note, repair: boolean): void {
  const withoutInbox = sql.all<{ id: number; name: string }>(
    "SELECT id, name FROM account a WHERE NOT EXISTS (SELECT 1 FROM mailbox mb WHERE mb.account_id = a.id AND mb.name = 'INBOX' AND mb.selectable = 1)",
  );
  for (const account of withoutInbox) {
    note('missing-inbox', `account ${account.name} has no INBOX`, repair);
    if (repair) createMailboxOp(sql, account.id, 'INBOX', null);
  }
}

async function fileAge(files: FileBlobs, file: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(files.path(file))).mtimeMs;
  } catch {
    return null;
  }
}
