/**
 * CAPA (RFC 2449 5). The list depends on the connection: USER and SASL only where a password
 * may be sent (TLS, loopback, or auth.allow_plaintext: the same policy as IMAP's
 * LOGINDISABLED), STLS only before TLS and login, LOGIN-DELAY only when configured.
 */

import { SASL_MECHANISMS } from '../../auth/sasl.js';
import { multiline, ok } from '../protocol/responses.js';
import type { Pop3Session } from '../session/session.js';

export function capabilities(session: Pop3Session): string[] {
  const { backend } = session.options;
  const beforeLogin = session.state.kind === 'authorization';
  const lines = ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING'];
  if (session.plaintextAllowed) lines.push('USER', `SASL ${SASL_MECHANISMS.join(' ')}`);
  if (beforeLogin && !session.connection.secure && !session.utf8) lines.push('STLS');
  // RFC 2449 6.7: the server never deletes messages on its own.
  lines.push('EXPIRE NEVER');
  if (backend.loginDelayS > 0) lines.push(`LOGIN-DELAY ${backend.loginDelayS}`);
  // RFC 6856 2.2: "USER": UTF-8 user names and passwords are accepted.
  lines.push('UTF8 USER');
  lines.push(`IMPLEMENTATION ${backend.implementation}`);
  return lines;
}

export async function capa(session: Pop3Session): Promise<void> {
  await session.send(multiline(ok('Capability list follows'), capabilities(session)));
}
