/**
 * The SQLite schema as a list of migrations. Migration N brings a database from user_version
 * N-1 to N; a released migration is never edited, only followed by a new one.
 *
 * Tables (ARCHITECTURE.md, "The store's data model"):
 *   account        name, password hash, quota
 *   mailbox        per account; UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, counters kept in step
 *   subscription   per account, by name (a name may be subscribed without existing)
 *   blob           content-addressed bytes: inline (small) or a file name (large)
 *   message        one per delivery: blob, INTERNALDATE, MIME index; shared by COPY
 *   entry          a message in a mailbox: UID, MODSEQ, flags, keywords
 *   journal        every change per mailbox by MODSEQ (added, flags, expunged)
 *   blob_trash     files whose rows are gone, to unlink after commit (or after a crash)
 *
 * Ids are AUTOINCREMENT: a deleted mailbox's id must never name another mailbox (sessions and
 * the poke bus key on it), and message ids serve as stable EMAILIDs (RFC 8474).
 */

export const MIGRATIONS: readonly string[] = [
  // 1: the first release.
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE account (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash  TEXT NOT NULL,
    quota_bytes    INTEGER,
    quota_messages INTEGER,
    created_at     INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE mailbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id       INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    guid             TEXT NOT NULL UNIQUE,
    uidvalidity      INTEGER NOT NULL CHECK (uidvalidity BETWEEN 1 AND 4294967295),
    uidnext          INTEGER NOT NULL CHECK (uidnext >= 1),
    highestmodseq    INTEGER NOT NULL CHECK (highestmodseq >= 1),
    special_use      TEXT,
    selectable       INTEGER NOT NULL DEFAULT 1,
    messages         INTEGER NOT NULL DEFAULT 0,
    unseen           INTEGER NOT NULL DEFAULT 0,
    bytes            INTEGER NOT NULL DEFAULT 0,
    first_recent_uid INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    UNIQUE (account_id, name)
  ) STRICT;

  CREATE TABLE subscription (
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE mailbox_keyword (
    mailbox_id INTEGER NOT NULL REFERENCES mailbox(id) ON DELETE CASCADE,
    keyword    TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (mailbox_id, keyword)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE blob (
    id   INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    data BLOB,
    file TEXT,
    CHECK ((data IS NULL) <> (file IS NULL))
  ) STRICT;

  CREATE TABLE message (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    blob_hash     BLOB NOT NULL REFERENCES blob(hash),
    size          INTEGER NOT NULL,
    internal_date INTEGER NOT NULL,
    mime          BLOB
  ) STRICT;
  CREATE INDEX message_blob ON message(blob_hash);

  CREATE TABLE entry (
    mailbox_id INTEGER NOT NULL REFERENCES mailbox(id) ON DELETE CASCADE,
    uid        INTEGER NOT NULL,
    message_id INTEGER NOT NULL REFERENCES message(id),
    modseq     INTEGER NOT NULL,
    flags      INTEGER NOT NULL DEFAULT 0,
    keywords   TEXT,
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX entry_message ON entry(message_id);

  CREATE TABLE journal (
    mailbox_id INTEGER NOT NULL REFERENCES mailbox(id) ON DELETE CASCADE,
    modseq     INTEGER NOT NULL,
    uid        INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, modseq, uid)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE blob_trash (
    file TEXT PRIMARY KEY
  ) STRICT, WITHOUT ROWID;
  `,
  // 2: line ends. A message may arrive with bare LFs (an LMTP client's bytes are kept exactly);
  // POP3 sends CRLF and must announce exact sizes (RFC 1939 11), so the count of LFs without a
  // CR, counted while the bytes stream in, is kept with the message.
  `
  ALTER TABLE message ADD COLUMN bare_lf INTEGER NOT NULL DEFAULT 0;
  `,
  // 3: what SEARCH reads without opening messages: the envelope fields folded for matching
  // (src/search/fields.ts), the Date header, and the top-level header block (up to 64 KB).
  // Rows may be missing (messages stored before this version): searches then read the message.
  `
  CREATE TABLE message_search (
    message_id INTEGER PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    from_addr  TEXT NOT NULL,
    to_addr    TEXT NOT NULL,
    cc_addr    TEXT NOT NULL,
    bcc_addr   TEXT NOT NULL,
    sent_date  INTEGER,
    header     BLOB
  ) STRICT;
  `,
];

/** Journal kinds as stored. */
export const JOURNAL_ADDED = 1;
export const JOURNAL_FLAGS = 2;
export const JOURNAL_EXPUNGED = 3;
