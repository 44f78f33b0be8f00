/**
 * Mailbox names as Mailkeep stores them: UTF-8 (NFC), hierarchy separator '/', INBOX spelled
 * in capitals. Every name from a client, a config file or an import passes through here before
 * it reaches the store.
 */

import { MAX_MAILBOX_DEPTH, MAX_MAILBOX_NAME_BYTES } from '../limits.js';
import { MailError } from '../store/errors.js';

export const SEPARATOR = '/';
export const INBOX = 'INBOX';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Validates and normalises a mailbox name, or throws MailError('BADNAME') saying what is wrong.
 * RFC 9051 5.1: INBOX is case-insensitive; names SHOULD be Net-Unicode (RFC 5198, NFC, no
 * control characters).
 */
export function normalizeMailboxName(raw: string): string {
  if (raw.length === 0) throw bad('the mailbox name is empty');
  // Lone surrogates cannot be encoded as UTF-8 and would not survive a round trip.
  if (LONE_SURROGATE.test(raw)) throw bad('the mailbox name is not valid Unicode');
  const name = raw.normalize('NFC');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw bad('the mailbox name contains a control character');
  if (/[*%]/.test(name)) throw bad('the mailbox name contains a wildcard character (* or %)');
  if (Buffer.byteLength(name, 'utf8') > MAX_MAILBOX_NAME_BYTES) {
    throw bad(`the mailbox name is longer than ${MAX_MAILBOX_NAME_BYTES} bytes`);
  }
  const segments = name.split(SEPARATOR);
  if (segments.length > MAX_MAILBOX_DEPTH) throw bad(`the mailbox name has more than ${MAX_MAILBOX_DEPTH} levels`);
  for (const segment of segments) {
    if (segment === '') throw bad(`the mailbox name has an empty level (a bare "${SEPARATOR}")`);
    if (segment === '.' || segment === '..') throw bad('a level of the mailbox name is "." or ".."');
    if (segment.trim() !== segment) throw bad('a level of the mailbox name starts or ends with a space');
  }
  if (segments[0]!.toUpperCase() === INBOX) segments[0] = INBOX;
  return segments.join(SEPARATOR);
}

/** The parent's name, or null for a top-level name. */
export function parentName(name: string): string | null {
  const at = name.lastIndexOf(SEPARATOR);
  return at < 0 ? null : name.slice(0, at);
}

function bad(message: string): MailError {
  return new MailError('BADNAME', message);
}
