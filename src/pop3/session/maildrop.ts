/**
 * What a POP3 session works on. The session (numbers, deletion marks, the protocol) is the
 * same for the local store and for the POP3-to-IMAP relay; only the maildrop differs:
 *   local/local-maildrop.ts   INBOX of a Mailkeep account, through services and store reads
 *   relay/imap-maildrop.ts    INBOX of an account on an upstream IMAP server, through imapflow
 *
 * A maildrop is a snapshot taken at login: its count, sizes and UIDLs never change during the
 * session (RFC 1939 5: message numbers and sizes are fixed), whatever other clients do.
 */

import type { Connection } from '../../server/connection.js';

export interface Maildrop {
  /** Messages in the snapshot. */
  readonly count: number;
  /** The sum of all sizes (STAT before any DELE). */
  readonly totalSize: number;
  /** Exact size of message `index` (0-based) as RETR sends it: CRLF line ends, no stuffing. */
  size(index: number): number;
  /** Its unique id (see protocol/uidl.ts). */
  uidl(index: number): string;
  /** The whole message as stored. Rejects with Pop3Error (messageGone, SYS/TEMP) before any
   *  byte is sent; a failure while streaming ends the connection. */
  retrieve(index: number): Promise<AsyncIterable<Buffer>>;
  /** At least the header and the first `lines` lines of the body: the session cuts the rest. */
  top(index: number, lines: number): Promise<AsyncIterable<Buffer>>;
  /**
   * The UPDATE state (RFC 1939 6): sets \Seen on the messages RETR sent, then removes the
   * deleted ones in one atomic operation. Resolves with how many were removed; rejects with
   * Pop3Error when the removal failed (nothing was removed).
   */
  commit(changes: { deleted: readonly number[]; retrieved: readonly number[] }): Promise<number>;
  /** Lets go of the maildrop (lock, upstream connection) without changing anything more.
   *  Called once when the session ends, after commit or instead of it. */
  release(): Promise<void>;
}

export interface LoginCredentials {
  username: string;
  password: string;
}

/** Opens maildrops: checks credentials and takes the snapshot. */
export interface MaildropBackend {
  /**
   * Rejects with Pop3Error: [AUTH] for wrong credentials, [IN-USE] when another session has
   * the maildrop, [LOGIN-DELAY] too soon after the last login, [SYS/TEMP] when the store or
   * the upstream server fails.
   */
  open(credentials: LoginCredentials, connection: Connection): Promise<Maildrop>;
  /** Seconds between two logins of one account (RFC 2449 6.5 LOGIN-DELAY), 0 for none. */
  readonly loginDelayS: number;
  /** RFC 2449 6.9 IMPLEMENTATION. */
  readonly implementation: string;
}
