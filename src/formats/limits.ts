/**
 * Bounds used by the file format readers, with their reasons. The largest message accepted is
 * the server-wide MAX_MESSAGE_BYTES (src/limits.ts); these bound the memory the readers use on
 * hostile or broken files.
 */

export { MAX_MESSAGE_BYTES } from '../limits.js';

/** Longest piece of one line the mbox scanner holds before handing it on. A file of binary junk
 *  may have no LF for megabytes; a From_ line or a header line is never this long, so a longer
 *  line is passed on in pieces and can only be message content. */
export const MBOX_LINE_PIECE_BYTES = 64 * 1024;

/** Most bytes kept of one mbox metadata header (Status, X-Keywords, ...). These are short; a
 *  longer one is junk and only its start is looked at. */
export const MBOX_METADATA_VALUE_BYTES = 64 * 1024;

/** Bytes read from an mbox file at a time. */
export const MBOX_READ_CHUNK_BYTES = 256 * 1024;

/** Bytes handed to a write stream at a time, so one big message does not become one huge
 *  write and back-pressure is checked often. */
export const WRITE_CHUNK_BYTES = 1024 * 1024;

/** Maildir keywords are the letters a-z in the file name, mapped through dovecot-keywords: at
 *  most 26 per folder (Dovecot's limit too). Further keywords cannot be written to a Maildir. */
export const MAILDIR_MAX_KEYWORDS = 26;

/** Largest dovecot-keywords or subscriptions file read; real ones are a few KB. */
export const MAILDIR_CONTROL_FILE_BYTES = 1024 * 1024;
