/**
 * UIDL values (RFC 1939 7: 1 to 70 characters in the range 0x21 to 0x7E, unique in the
 * maildrop and persistent across sessions).
 *
 * Mailkeep derives them from the IMAP identity of the message: UID then UIDVALIDITY, each as 8
 * lower-case hex digits, which is what Dovecot's default pop3_uidl_format (%08Xu%08Xv) gives.
 * So a client that mixes POP3 and IMAP can match them up, a mailbox moved from Dovecot with its
 * UIDs and UIDVALIDITY keeps its UIDLs (clients do not download everything again), and the
 * relay gives the same values as a Dovecot upstream's own POP3 server. They change only when
 * UIDVALIDITY does, which is exactly when the UIDs stop naming the same messages.
 */

export function uidlOf(uidValidity: number, uid: number): string {
  return hex8(uid) + hex8(uidValidity);
}

export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
