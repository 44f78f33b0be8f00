/**
 * The CAPABILITY list for a session's state (RFC 9051 6.1.1): before login it offers what is
 * needed to log in safely; after login, everything Mailkeep implements.
 */

import { IMAP_MAX_LITERAL_BYTES } from '../../limits.js';
import type { ImapSession } from './session.js';

/** True when a password may be sent on this connection (TLS, loopback, or allowed). */
export function plaintextAllowed(session: ImapSession): boolean {
  const { connection } = session;
  return connection.secure || connection.loopback || session.context.config.auth.allowPlaintext;
}

export function capabilities(session: ImapSession): string[] {
  const caps = ['IMAP4rev1', 'IMAP4rev2', 'LITERAL+', 'SASL-IR', 'ID', 'ENABLE', 'IDLE'];
  if (session.state === 'not-authenticated') {
    if (!session.connection.secure) caps.push('STARTTLS');
    if (plaintextAllowed(session)) caps.push('AUTH=PLAIN', 'AUTH=LOGIN');
    else caps.push('LOGINDISABLED');
    return caps;
  }
  const limit = Math.min(session.context.config.limits.maxMessageBytes, IMAP_MAX_LITERAL_BYTES);
  caps.push(
    'NAMESPACE',
    'UNSELECT',
    'UIDPLUS',
    'MOVE',
    'CHILDREN',
    'SPECIAL-USE',
    'CREATE-SPECIAL-USE',
    'LIST-EXTENDED',
    'LIST-STATUS',
    'ESEARCH',
    'SEARCHRES',
    'MULTIAPPEND',
    'BINARY',
    'UNAUTHENTICATE',
    'CONDSTORE',
    'QRESYNC',
    'STATUS=SIZE',
    'OBJECTID',
    'PREVIEW',
    'SAVEDATE',
    'WITHIN',
    'UTF8=ACCEPT',
    `APPENDLIMIT=${limit}`,
  );
  return caps;
}
