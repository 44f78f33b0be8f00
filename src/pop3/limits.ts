/**
 * POP3 caps, each with its reason. (Connection counts, timeouts and the bad-command limit come
 * from the configuration: limits.*.)
 */

/** Longest command line accepted, CRLF included. RFC 2449 4 caps commands at 255 octets, but
 *  an AUTH continuation carries base64 of authzid, user and a password of up to
 *  MAX_PASSWORD_BYTES (src/limits.ts): about 2 KB. A longer line is answered -ERR and counts as
 *  a bad command; its bytes are discarded up to the next line end. */
export const POP3_MAX_LINE_BYTES = 4096;

/** PIPELINING (RFC 2449 6.6): commands received but not yet answered. Past this the socket is
 *  paused, so a client that sends without reading cannot make the server buffer without bound. */
export const POP3_MAX_QUEUED_COMMANDS = 256;

/** Output is gathered into writes of about this size, each awaiting the socket's drain when
 *  write() says so: listings (UIDL of 100,000 messages is 2.4 MB) and RETR/TOP bodies (a small
 *  message goes out in one write with its status line and terminator). Per active connection
 *  this is the most the session holds beyond the socket's own buffer. */
export const POP3_WRITE_CHUNK_BYTES = 64 * 1024;

/** Accounts whose last login time is remembered for LOGIN-DELAY before expired ones are pruned. */
export const POP3_LOGIN_DELAY_ENTRIES = 100_000;

/** Relay TOP: the first window of the upstream message text fetched for `TOP msg n` is about
 *  this many bytes per requested line (at least RELAY_TOP_MIN_WINDOW); the window doubles, up to
 *  RELAY_TOP_MAX_WINDOW, until n lines or the end of the text have arrived. */
export const RELAY_TOP_BYTES_PER_LINE = 128;
export const RELAY_TOP_MIN_WINDOW = 4096;
export const RELAY_TOP_MAX_WINDOW = 1024 * 1024;

/** The relay sends NOOP upstream after this long without a command, so that an upstream
 *  autologout timer (Dovecot: 30 minutes) does not end a POP3 session that is merely slow. */
export const RELAY_KEEPALIVE_MS = 4 * 60 * 1000;
