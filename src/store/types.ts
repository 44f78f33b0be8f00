/**
 * The store's async interface. The embedded SQLite store (sqlite/) and a PostgreSQL store for
 * many nodes implement it; services call it and nothing above services knows which one runs.
 *
 * Invariants every implementation keeps (ARCHITECTURE.md, "The store's data model"):
 *  1. UIDs in a mailbox strictly increase and are never reused within one UIDVALIDITY.
 *  2. Every change in a mailbox gets a MODSEQ greater than all before it.
 *  3. An operation's promise resolves only after its effects are durable.
 *  4. Message sequence numbers are never stored (they belong to a session's view).
 *  5. Every read is scoped by mailbox or account id; callers check ownership first.
 */

import type { Readable } from 'node:stream';

export type AccountId = number;
export type MailboxId = number;
export type MessageId = number;

/** System flags as bits; keywords are kept as strings. */
export const FLAG_SEEN = 1;
export const FLAG_ANSWERED = 2;
export const FLAG_FLAGGED = 4;
export const FLAG_DELETED = 8;
export const FLAG_DRAFT = 16;
export const ALL_SYSTEM_FLAGS = FLAG_SEEN | FLAG_ANSWERED | FLAG_FLAGGED | FLAG_DELETED | FLAG_DRAFT;

/** UIDs are non-zero 32-bit numbers (RFC 9051 2.3.1.1). */
export const MAX_UID = 0xffffffff;

export type SpecialUse = '\\All' | '\\Archive' | '\\Drafts' | '\\Flagged' | '\\Junk' | '\\Sent' | '\\Trash';
export const SPECIAL_USES: readonly SpecialUse[] = ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'];

export interface Account {
  id: AccountId;
  name: string;
  passwordHash: string;
  /** Storage quota in bytes, or null for none. */
  quotaBytes: number | null;
  /** Quota in number of messages, or null for none. */
  quotaMessages: number | null;
  createdAt: Date;
}

export interface Mailbox {
  id: MailboxId;
  accountId: AccountId;
  /** Full name, UTF-8, hierarchy separator '/'. INBOX is spelled 'INBOX'. */
  name: string;
  /** Stable id that survives RENAME (RFC 8474 MAILBOXID). */
  guid: string;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
  specialUse: SpecialUse | null;
  /** False for a \Noselect placeholder left by DELETE of a mailbox that has children. */
  selectable: boolean;
  messages: number;
  unseen: number;
  bytes: number;
  /** UIDs at or above this have not been seen by any read-write SELECT (IMAP4rev1 \Recent). */
  firstRecentUid: number;
}

/** A message's bytes, written to the store before the transaction that references them. */
export interface StagedBlob {
  /** SHA-256 of the bytes. */
  readonly hash: Buffer;
  readonly size: number;
}

/** Streams a message's bytes into the store; finish() makes them durable but unreferenced. */
export interface BlobStaging {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<StagedBlob>;
  /** Throws the bytes away (on error or when the message is refused). Safe to call twice. */
  discard(): Promise<void>;
}

/** A message to file into a mailbox. */
export interface NewMessage {
  blob: StagedBlob;
  internalDate: Date;
  flags: number;
  keywords: readonly string[];
  /** The MIME index (src/mime), computed once at delivery; opaque to the store. */
  mimeIndex: Buffer | null;
  /** What SEARCH can test without opening the message (src/search/fields.ts). */
  search?: MessageSearchData | null;
}

/**
 * Search data kept beside a message. Text fields hold the decoded field folded for matching
 * (src/mime/match.ts foldForSearch); the store compares them with substrings folded the same way.
 */
export interface MessageSearchData {
  subject: string;
  from: string;
  to: string;
  cc: string;
  bcc: string;
  /** The Date header in ms since the epoch, or null. */
  sentDate: number | null;
  /** The raw top-level header block, or null when it is too large to keep twice. */
  header: Buffer | null;
}

/**
 * A test the store can run in SQL over a mailbox's entries (Store.searchUids). Exact tests
 * describe entries precisely; text tests (`field`, `headerMay`) are prefilters: an entry
 * without search data always passes them, and the caller verifies the candidates.
 */
export type SearchPredicate =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'uids'; ranges: readonly (readonly [number, number])[] }
  /** All bits of `mask` set (present) or not all set (!present). */
  | { kind: 'flags'; mask: number; present: boolean }
  | { kind: 'keyword'; keyword: string; present: boolean }
  | { kind: 'size'; op: '>' | '<'; value: number }
  /** Time fields compared with ms since the epoch. */
  | { kind: 'time'; field: 'internal' | 'saved' | 'sent'; op: '<' | '>='; value: number }
  | { kind: 'modseq'; min: number }
  | { kind: 'field'; field: 'subject' | 'from' | 'to' | 'cc' | 'bcc'; folded: string }
  /** The raw header block contains `lower` (ASCII, lower case) or an encoded word. */
  | { kind: 'headerMay'; lower: string }
  | { kind: 'not'; predicate: SearchPredicate }
  | { kind: 'and'; predicates: readonly SearchPredicate[] }
  | { kind: 'or'; predicates: readonly SearchPredicate[] };

export interface QuotaLimits {
  maxBytes: number | null;
  maxMessages: number | null;
}

export interface AppendOptions {
  /** When set, the append fails with OVERQUOTA instead of exceeding the account's quota. */
  enforceQuota?: boolean;
  /** The quota of accounts that have none of their own (from the configuration). */
  defaultQuota?: QuotaLimits;
  /** deliverToMany: all targets or none (SMTP, whose DATA has one reply for everyone). */
  atomic?: boolean;
}

export interface AppendResult {
  mailboxId: MailboxId;
  uidValidity: number;
  uids: number[];
  modseq: number;
}

export interface CopyResult {
  uidValidity: number;
  sourceUids: number[];
  destUids: number[];
  modseq: number;
}

export interface MoveResult extends CopyResult {
  /** MODSEQ of the expunge in the source mailbox. */
  sourceModseq: number;
}

export interface ExpungeResult {
  uids: number[];
  modseq: number;
}

export type FlagChangeMode = 'add' | 'remove' | 'replace';

export interface FlagChange {
  mode: FlagChangeMode;
  flags: number;
  keywords: readonly string[];
}

export interface FlagState {
  uid: number;
  modseq: number;
  flags: number;
  keywords: string[];
}

export interface StoreFlagsResult {
  /** Entries whose flags changed, with their new state. */
  changed: FlagState[];
  /** UIDs refused because their MODSEQ was above UNCHANGEDSINCE (RFC 7162 3.1.3). */
  modified: number[];
  /** The MODSEQ given to this change, or the mailbox's HIGHESTMODSEQ when nothing changed. */
  modseq: number;
}

/** Flags of a mailbox's entries in compact arrays (UID order): what FETCH (UID FLAGS) needs. */
export interface FlagListing {
  uids: Uint32Array;
  flags: Uint8Array;
  /** Keywords per entry; undefined where an entry has none. */
  keywords: (string[] | undefined)[];
  /** Each entry's MODSEQ, when asked for (reading them costs about as much as the rest). */
  modseqs?: Float64Array;
}

/** A listing with MODSEQs: a mailbox's state as one snapshot. */
export interface EntryList extends FlagListing {
  modseqs: Float64Array;
}

/** An inclusive range of UIDs. */
export interface UidRange {
  fromUid: number;
  toUid: number;
}

/** UIDs with their messages' sizes, in UID order (a POP3 maildrop snapshot). */
export interface EntrySizes {
  uids: Uint32Array;
  /** Each message's size with every line ending as CRLF (the stored size plus its bare LFs):
   *  the exact size POP3 announces for what RETR sends (RFC 1939 11). */
  crlfSizes: Float64Array;
}

/** Everything FETCH and SEARCH may need about one mailbox entry. */
export interface EntryDetail extends FlagState {
  messageId: MessageId;
  blobHash: Buffer;
  size: number;
  internalDate: Date;
  savedAt: Date;
  mimeIndex: Buffer | null;
}

export type JournalKind = 'added' | 'flags' | 'expunged';

export interface JournalRow {
  modseq: number;
  uid: number;
  kind: JournalKind;
}

/** Random access to a message's bytes. */
export interface BlobReader {
  readonly size: number;
  /** Bytes [start, end) as one Buffer; callers keep ranges small (headers, text parts). */
  read(start: number, end: number): Promise<Buffer>;
  /** Bytes [start, end) as a stream, for large sections and whole messages. */
  stream(start?: number, end?: number): Readable;
}

export interface CheckProblem {
  kind: string;
  detail: string;
  repaired: boolean;
}

export interface CheckReport {
  problems: CheckProblem[];
  accounts: number;
  mailboxes: number;
  messages: number;
  blobs: number;
}

export interface Store {
  close(): Promise<void>;

  // --- accounts ---
  /** Creates the account and its initial mailboxes in one transaction. */
  createAccount(input: {
    name: string;
    passwordHash: string;
    quota?: QuotaLimits;
    mailboxes: readonly { name: string; specialUse: SpecialUse | null; subscribe: boolean }[];
  }): Promise<Account>;
  findAccount(name: string): Promise<Account | null>;
  getAccount(id: AccountId): Promise<Account | null>;
  listAccounts(): Promise<Account[]>;
  updateAccount(id: AccountId, changes: { passwordHash?: string; quota?: QuotaLimits }): Promise<void>;
  /** Deletes the account with all its mailboxes; returns the ids of the mailboxes removed. */
  deleteAccount(id: AccountId): Promise<MailboxId[]>;
  accountUsage(id: AccountId): Promise<{ bytes: number; messages: number }>;

  // --- mailboxes ---
  listMailboxes(accountId: AccountId): Promise<Mailbox[]>;
  findMailbox(accountId: AccountId, name: string): Promise<Mailbox | null>;
  getMailbox(id: MailboxId): Promise<Mailbox | null>;
  /** Creates `name` and any missing parents. Recreating a \Noselect placeholder makes it
   *  selectable with a new UIDVALIDITY. */
  createMailbox(accountId: AccountId, name: string, specialUse: SpecialUse | null): Promise<Mailbox>;
  /** Renames a mailbox and its children, keeping ids and UIDVALIDITY. Renaming INBOX moves its
   *  messages into a new mailbox instead (RFC 9051 6.3.6). */
  renameMailbox(accountId: AccountId, from: string, to: string): Promise<Mailbox[]>;
  /** Deletes a mailbox; one with children becomes a \Noselect placeholder (RFC 9051 6.3.5). */
  deleteMailbox(accountId: AccountId, name: string): Promise<{ mailboxId: MailboxId; placeholder: boolean }>;
  listSubscriptions(accountId: AccountId): Promise<string[]>;
  setSubscribed(accountId: AccountId, name: string, subscribed: boolean): Promise<void>;
  /** For a read-write SELECT: returns the first UID that is \Recent for this session and marks
   *  everything below UIDNEXT (or up to and including `upToUid`) as no longer recent for later
   *  sessions. A selected session claims messages that arrive later with `upToUid`. */
  claimRecent(mailboxId: MailboxId, upToUid?: number): Promise<number>;
  /** Keywords defined in the mailbox (for FLAGS and PERMANENTFLAGS). */
  listKeywords(mailboxId: MailboxId): Promise<string[]>;

  // --- messages ---
  stageBlob(): BlobStaging;
  appendMessages(mailboxId: MailboxId, messages: readonly NewMessage[], options?: AppendOptions): Promise<AppendResult>;
  /** Files one message into several mailboxes (LMTP with many recipients): one blob, one
   *  message row, one entry per target; each target succeeds or fails on its own. */
  deliverToMany(
    message: Omit<NewMessage, 'flags' | 'keywords'>,
    targets: readonly { mailboxId: MailboxId; flags: number; keywords: readonly string[] }[],
    options?: AppendOptions,
  ): Promise<(AppendResult | Error)[]>;
  copyMessages(sourceId: MailboxId, uids: readonly number[], destId: MailboxId, options?: AppendOptions): Promise<CopyResult>;
  moveMessages(sourceId: MailboxId, uids: readonly number[], destId: MailboxId, options?: AppendOptions): Promise<MoveResult>;
  /** Expunges the given UIDs (those that exist). Callers decide which (e.g. only \Deleted). */
  expungeMessages(mailboxId: MailboxId, uids: readonly number[]): Promise<ExpungeResult>;
  storeFlags(
    mailboxId: MailboxId,
    uids: readonly number[],
    change: FlagChange,
    options?: { unchangedSince?: number },
  ): Promise<StoreFlagsResult>;

  // --- reading ---
  /** Flags, keywords and MODSEQ of every entry, in compact arrays, UID order. */
  listEntries(mailboxId: MailboxId): Promise<EntryList>;
  /** Flags and keywords (and MODSEQs when `withModseq`) of the entries with UIDs in the range:
   *  one cheap read for a whole mailbox's `FETCH 1:* (UID FLAGS)`. */
  listFlags(mailboxId: MailboxId, range: UidRange, withModseq: boolean): Promise<FlagListing>;
  /** UIDs (ascending) of the entries the predicate accepts, among UIDs in [fromUid, toUid]. */
  searchUids(mailboxId: MailboxId, predicate: SearchPredicate, fromUid: number, toUid: number): Promise<number[]>;
  /** Just the UIDs, ascending: what SELECT needs, cheaper than listEntries. */
  listUids(mailboxId: MailboxId): Promise<Uint32Array>;
  /** The lowest UID whose flags lack `flag` (e.g. the first unseen message), or null. */
  firstUidWithout(mailboxId: MailboxId, flag: number): Promise<number | null>;
  /** UIDs and message sizes of a whole mailbox in compact arrays: one cheap read for a POP3
   *  login snapshot of 100,000 messages. */
  listSizes(mailboxId: MailboxId): Promise<EntrySizes>;
  /** How many entries have all of `flags` set (0: any) and a UID of at least `fromUid`. */
  countEntries(mailboxId: MailboxId, filter: { flags?: number; fromUid?: number }): Promise<number>;
  /** UIDs of entries whose flags include all of `flags` (e.g. \Deleted for EXPUNGE). */
  uidsWithFlags(mailboxId: MailboxId, flags: number): Promise<number[]>;
  /** Entries with their message data; `withMime: false` leaves mimeIndex null (cheaper). */
  getEntries(mailboxId: MailboxId, uids: readonly number[], options?: { withMime?: boolean }): Promise<EntryDetail[]>;
  /** Flags, keywords and MODSEQ of these UIDs (those that exist), in UID order. */
  getFlags(mailboxId: MailboxId, uids: readonly number[]): Promise<FlagState[]>;
  /** Journal rows with MODSEQ above `sinceModseq`, oldest first, at most `limit`. */
  readJournal(mailboxId: MailboxId, sinceModseq: number, limit: number): Promise<JournalRow[]>;
  openBlob(hash: Buffer): Promise<BlobReader>;

  // --- maintenance ---
  /** Changes whenever another process commits to the store (SQLite PRAGMA data_version), so a
   *  server can notice deliveries made by `mailkeep deliver` and poke its sessions. */
  externalVersion(): Promise<number>;
  check(options: { repair: boolean; verifyHashes?: boolean }): Promise<CheckReport>;
}
