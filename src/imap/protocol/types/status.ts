/** STATUS data items (RFC 9051 6.3.11, RFC 3501 RECENT, RFC 7162, RFC 7889, RFC 8474, RFC 8438). */
export const STATUS_ITEMS = [
  'MESSAGES',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'DELETED',
  'SIZE',
  'RECENT',
  'HIGHESTMODSEQ',
  'APPENDLIMIT',
  'MAILBOXID',
] as const;

export type StatusItem = (typeof STATUS_ITEMS)[number];
