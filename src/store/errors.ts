/**
 * Typed failures of store and service operations. Each code maps to one protocol answer in
 * one place per protocol (IMAP: NO [CODE] after RFC 5530; LMTP: 4xx/5xx; POP3: -ERR [...]).
 */

export type MailErrorCode =
  /** The named mailbox, account or message does not exist. */
  | 'NONEXISTENT'
  /** CREATE or RENAME to a name that exists. */
  | 'ALREADYEXISTS'
  /** The operation would exceed the account's quota. */
  | 'OVERQUOTA'
  /** A server limit (name length, depth, mailbox count, keyword count) would be crossed. */
  | 'LIMIT'
  /** The operation can never succeed (e.g. delete INBOX, rename into itself). */
  | 'CANNOT'
  /** Invalid input the caller should have rejected (e.g. bad mailbox name). */
  | 'BADNAME'
  /** Someone else holds the resource (e.g. a POP3 maildrop lock). */
  | 'INUSE'
  /** A \Noselect mailbox cannot hold messages. */
  | 'NOSELECT'
  /** A temporary failure (disk, database busy): the client should retry later. */
  | 'UNAVAILABLE';

export class MailError extends Error {
  constructor(
    readonly code: MailErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

export function isMailError(error: unknown, code?: MailErrorCode): error is MailError {
  return error instanceof MailError && (code === undefined || error.code === code);
}
