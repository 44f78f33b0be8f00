/**
 * Typed errors of the protocol layer. The session maps them in one place:
 * ImapParseError -> `tag BAD <message>` (or `* BAD` without a tag); MailboxNameError -> NO or
 * BAD, depending on the command.
 */

export type ParseErrorReason =
  /** The command does not follow the grammar. */
  | 'syntax'
  /** The first line does not start with a tag. */
  | 'missing-tag'
  /** A command name this server does not know (or a UID form that does not exist). */
  | 'unknown-command'
  /** Nesting or number of keys beyond the limits in src/limits.ts. */
  | 'too-complex'
  /** A literal too large to hold in memory where a string argument was expected. */
  | 'literal-too-large';

export class ImapParseError extends Error {
  override readonly name = 'ImapParseError';

  constructor(
    message: string,
    /** The command's tag, when one could be read: the session answers `tag BAD`. */
    readonly tag: string | undefined,
    readonly reason: ParseErrorReason = 'syntax',
    /** The command name (upper case) when it was read, for logs. */
    readonly command: string | undefined = undefined,
  ) {
    super(message);
  }
}

/** A mailbox name that is not valid modified UTF-7 (RFC 3501 section 5.1.3). */
export { Mutf7Error } from '../../formats/mutf7.js';

export type MailboxNameErrorReason =
  | 'mutf7'
  | 'not-ascii'
  | 'empty'
  | 'too-long'
  | 'too-deep'
  | 'control-char'
  | 'wildcard'
  | 'empty-level';

/** A mailbox name the server will not accept (bad encoding, characters, length or depth). */
export class MailboxNameError extends Error {
  override readonly name = 'MailboxNameError';

  constructor(
    message: string,
    readonly reason: MailboxNameErrorReason,
  ) {
    super(message);
  }
}
