/**
 * The typed failure of a POP3 command. Commands and maildrops throw it anywhere; the dispatcher
 * turns it into `-ERR [code] text` in one place (dispatch.ts).
 */

import type { ResponseCode } from '../protocol/responses.js';

export class Pop3Error extends Error {
  override readonly name = 'Pop3Error';
  /** Already logged where it happened (login failures): the dispatcher adds no line. */
  logged = false;

  constructor(
    message: string,
    readonly code: ResponseCode | null = null,
    /** A protocol mistake (wrong state, bad sequence) that counts towards limits.max_bad_commands. */
    readonly bad = false,
  ) {
    super(message);
  }
}

/** The message of the snapshot no longer exists: another client (IMAP) expunged it. */
export function messageGone(): Pop3Error {
  return new Pop3Error('message was deleted by another client');
}

/** Something upstream or in the store failed; the client should try again later. */
export function temporaryFailure(what: string): Pop3Error {
  return new Pop3Error(what, 'SYS/TEMP');
}
