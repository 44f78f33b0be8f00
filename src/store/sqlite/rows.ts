/**
 * Row shapes as SQLite returns them, and their mapping to the store's types.
 */

import type { Account, Mailbox, SpecialUse } from '../types.js';

export interface AccountRow {
  id: number;
  name: string;
  password_hash: string;
  quota_bytes: number | null;
  quota_messages: number | null;
  created_at: number;
}

export interface MailboxRow {
  id: number;
  account_id: number;
  name: string;
  guid: string;
  uidvalidity: number;
  uidnext: number;
  highestmodseq: number;
  special_use: string | null;
  selectable: number;
  messages: number;
  unseen: number;
  bytes: number;
  first_recent_uid: number;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.password_hash,
    quotaBytes: row.quota_bytes,
    quotaMessages: row.quota_messages,
    createdAt: new Date(row.created_at),
  };
}

export function toMailbox(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    guid: row.guid,
    uidValidity: row.uidvalidity,
    uidNext: row.uidnext,
    highestModseq: row.highestmodseq,
    specialUse: row.special_use as SpecialUse | null,
    selectable: row.selectable === 1,
    messages: row.messages,
    unseen: row.unseen,
    bytes: row.bytes,
    firstRecentUid: row.first_recent_uid,
  };
}
