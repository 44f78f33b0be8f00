/**
 * Every cap Mailkeep enforces, with the reason for its value. Code reads limits from here (or
 * from the config, whose defaults are these) and never writes a bare number for a bound.
 * Each limit has a test that crosses it.
 */

// --- Messages and the store ------------------------------------------------------------------

/** Largest message accepted by APPEND, LMTP, SMTP, deliver and import (the APPENDLIMIT). 50 MiB
 *  is what large providers accept; bigger is a file transfer, not mail. */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

/** Messages up to this size are kept inside the database instead of as a blob file, so a durable
 *  append costs one database commit (shared by a group of appends) and not a file fsync+rename. */
export const INLINE_BLOB_MAX_BYTES = 64 * 1024;

/** Longest mailbox name in UTF-8 bytes. Dovecot's default is 255 per level; a whole name over
 *  1,000 bytes is a mistake or an attack, and it also bounds LIST output. */
export const MAX_MAILBOX_NAME_BYTES = 1000;

/** Largest top-level header block kept beside a message for SEARCH HEADER (bytes); a larger
 *  one (rare) is read from the message when searched. */
export const SEARCH_HEADER_KEEP_BYTES = 64 * 1024;

/** Deepest mailbox hierarchy (levels separated by `/`). */
export const MAX_MAILBOX_DEPTH = 32;

/** Most mailboxes one account may have; bounds LIST and the per-account work of RENAME. */
export const MAX_MAILBOXES_PER_ACCOUNT = 10_000;

/** Longest keyword (flag name without a backslash), in bytes, and most distinct keywords per
 *  mailbox: clients that invent a keyword per message (some do) must not grow FLAGS forever. */
export const MAX_KEYWORD_BYTES = 100;
export const MAX_KEYWORDS_PER_MAILBOX = 1000;

/** Most write operations committed in one group commit. Bounds the time one commit holds the
 *  event loop while still sharing one fsync between many concurrent appends. */
export const GROUP_COMMIT_MAX_OPS = 256;

/** Account names: short, printable, no separators that break paths or protocols. */
export const MAX_ACCOUNT_NAME_BYTES = 255;

/** Longest password accepted (bytes). scrypt cost does not grow with length, but a 1 MB
 *  "password" from a hostile client should not be hashed at all. */
export const MAX_PASSWORD_BYTES = 1024;

// --- MIME engine (src/mime) ------------------------------------------------------------------

/** Deepest nesting of multipart and message/rfc822 parts. Dovecot uses 100; deeper structures
 *  are flattened (the rest is one opaque body) and the limit is reported. */
export const MIME_MAX_DEPTH = 100;

/** Most MIME parts in one message (Dovecot: 10,000). Parts beyond are not indexed. */
export const MIME_MAX_PARTS = 10_000;

/** Largest header block of one part kept for parsing (bytes). Longer headers are truncated for
 *  parsing purposes only; the stored bytes are untouched. */
export const MIME_MAX_HEADER_BYTES = 1024 * 1024;

/** Longest single header line kept while scanning for header fields. */
export const MIME_MAX_HEADER_LINE_BYTES = 64 * 1024;

/** Most characters of text extracted from one message for SEARCH TEXT/BODY. */
export const MIME_MAX_SEARCH_TEXT_CHARS = 4 * 1024 * 1024;

/** Longest multipart boundary honoured (RFC 2046 section 5.1.1 allows 70). A longer one is
 *  treated as absent (the multipart body is opaque); it also bounds the bytes the streaming
 *  parser holds back at a chunk end while deciding whether a line is a boundary. */
export const MIME_MAX_BOUNDARY_BYTES = 1000;

// --- Network protocols -----------------------------------------------------------------------

/** Most simultaneous client connections per listener (above: 421 / BYE / -ERR and close). */
export const MAX_CONNECTIONS = 5000;

/** Most simultaneous connections from one client address. */
export const MAX_CONNECTIONS_PER_IP = 200;

// --- IMAP protocol (src/wire, src/imap/protocol) -------------------------------------------

/** Longest line of an IMAP command (the text up to a CRLF or a literal), in bytes, also for the
 *  raw lines of AUTHENTICATE and IDLE. Dovecot's imap_max_line_length is 64 KiB: uncompressed
 *  UID sets from some clients run to several KiB, and nothing legitimate comes close. */
export const IMAP_MAX_LINE_BYTES = 64 * 1024;

/** Largest single literal: the APPENDLIMIT advertised (RFC 7889), i.e. the largest message. */
export const IMAP_MAX_LITERAL_BYTES = MAX_MESSAGE_BYTES;

/** Most literal bytes, buffered or streamed, in one command. MULTIAPPEND (RFC 3502) sends
 *  several messages in one command; beyond four full-size messages a client should split. */
export const IMAP_MAX_COMMAND_LITERAL_BYTES = 4 * MAX_MESSAGE_BYTES;

/** Literals up to this size are kept in memory and handed over with the command; larger ones
 *  are streamed to the consumer in chunks (an APPEND of 50 MB never sits in memory). */
export const IMAP_INLINE_LITERAL_MAX_BYTES = 64 * 1024;

/** Most bytes held in memory for one command: its lines plus its inline literals. Past this,
 *  further literals are streamed and further text is refused, so memory per connection stays
 *  bounded whatever the client sends. */
export const IMAP_MAX_COMMAND_BUFFER_BYTES = 1024 * 1024;

/** Most literals in one command; each costs a line and an object, and a LOGIN or SEARCH needs a
 *  handful. MULTIAPPEND clients send far fewer messages per command than this. */
export const IMAP_MAX_LITERALS_PER_COMMAND = 1000;

/** LITERAL- (RFC 7888 section 5): non-synchronising literals may not exceed 4096 bytes. */
export const IMAP_LITERAL_MINUS_MAX_BYTES = 4096;

/** Deepest nesting of parentheses and of NOT/OR in a command (SEARCH keys, extension values).
 *  Bounds the parser's recursion; clients build OR chains a few dozen deep at most. */
export const IMAP_MAX_NESTING_DEPTH = 64;

/** Most search keys in one SEARCH, counting nested ones: bounds the work of one search. */
export const IMAP_MAX_SEARCH_KEYS = 1000;

/** Most numbers a sequence set may expand to when a caller asks for the list itself (instead
 *  of ranges): ten times the 100,000-message mailbox the design calls normal. */
export const IMAP_MAX_SEQUENCE_EXPANSION = 1_000_000;

/** ID (RFC 2971 section 3.3): at most 30 field-value pairs. */
export const IMAP_MAX_ID_PARAMS = 30;
