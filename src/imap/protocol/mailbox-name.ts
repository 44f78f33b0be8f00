/**
 * Mailbox names between the wire and the store. The store keeps UTF-8 names with "/" as the
 * hierarchy separator; an IMAP4rev1 session speaks modified UTF-7, a session with IMAP4rev2 or
 * UTF8=ACCEPT enabled speaks UTF-8 (RFC 9051 section 5.1, RFC 6855 section 3).
 */
import { MAX_MAILBOX_DEPTH, MAX_MAILBOX_NAME_BYTES } from '../../limits.js';
import { MailboxNameError, Mutf7Error } from './errors.js';
import { decodeMutf7, encodeMutf7 } from '../../formats/mutf7.js';

export const HIERARCHY_SEPARATOR = '/';

export interface NameOptions {
  /** The session has enabled IMAP4rev2 or UTF8=ACCEPT. */
  readonly utf8: boolean;
  readonly separator?: string;
}

/**
 * "INBOX" in any case is INBOX (RFC 9051 section 5.1), and so is it as the first level of a
 * longer name ("inbox/Sent"), as Dovecot and mox do, so that children of INBOX are found
 * however the client spells it.
 */
export function normalizeInbox(name: string, separator = HIERARCHY_SEPARATOR): string {
  if (name.length < 5 || name.slice(0, 5).toUpperCase() !== 'INBOX') return name;
  if (name.length === 5) return 'INBOX';
  return name.startsWith(separator, 5) ? 'INBOX' + name.slice(5) : name;
}

/**
 * The UTF-8 name a client means by a mailbox argument as parsed (raw astring). Under UTF-8 the
 * name is taken as sent, in Unicode NFC (RFC 9051 section 5.1 lets servers normalise); under
 * IMAP4rev1 it must be ASCII and valid modified UTF-7, whose exact form is otherwise kept
 * (RFC 3501 section 5.1.3). Throws MailboxNameError.
 */
export function decodeMailboxName(wire: string, options: NameOptions): string {
  const separator = options.separator ?? HIERARCHY_SEPARATOR;
  if (options.utf8) return normalizeInbox(wire.normalize('NFC'), separator);
  for (let i = 0; i < wire.length; i++) {
    if (wire.charCodeAt(i) > 0x7e) throw new MailboxNameError('8-bit mailbox name without UTF-8 enabled', 'not-ascii');
  }
  try {
    return normalizeInbox(decodeMutf7(wire), separator);
  } catch (err) {
    if (err instanceof Mutf7Error) throw new MailboxNameError(`invalid modified UTF-7: ${err.message}`, 'mutf7');
    throw err;
  }
}

/** The wire form of a stored name for this session (still to be quoted by the encoder). */
export function encodeMailboxName(name: string, options: NameOptions): string {
  return options.utf8 ? name : encodeMutf7(name);
}

/**
 * Checks a decoded name before it is created or renamed to: not empty, no control characters,
 * no wildcards (LIST could never match them exactly, RFC 9051 section 5.1 item 3), no empty
 * levels, within MAX_MAILBOX_NAME_BYTES and MAX_MAILBOX_DEPTH. Throws MailboxNameError.
 */
export function validateMailboxName(name: string, separator = HIERARCHY_SEPARATOR): void {
  if (name.length === 0) throw new MailboxNameError('empty mailbox name', 'empty');
  if (Buffer.byteLength(name, 'utf8') > MAX_MAILBOX_NAME_BYTES) {
    throw new MailboxNameError('mailbox name too long', 'too-long');
  }
  // Cc (C0, DEL, C1) and the line/paragraph separators: invisible, and some break protocols.
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(name)) {
    throw new MailboxNameError('control character in mailbox name', 'control-char');
  }
  if (name.includes('*') || name.includes('%')) throw new MailboxNameError('wildcard in mailbox name', 'wildcard');
  const levels = name.split(separator);
  if (levels.some((level) => level.length === 0)) {
    throw new MailboxNameError('empty hierarchy level in mailbox name', 'empty-level');
  }
  if (levels.length > MAX_MAILBOX_DEPTH) throw new MailboxNameError('mailbox hierarchy too deep', 'too-deep');
}
