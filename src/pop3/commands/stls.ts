/**
 * STLS (RFC 2595 4): switch to TLS before login. Afterwards the client must ask CAPA again;
 * a USER given before is forgotten. Not after UTF8 (RFC 6856 2.1 lets the server refuse it).
 */

import { ok } from '../protocol/responses.js';
import { Pop3Error } from '../session/errors.js';
import type { Pop3Session } from '../session/session.js';
import { authorization } from '../session/state.js';

export async function stls(session: Pop3Session): Promise<void> {
  if (session.connection.secure) throw new Pop3Error('TLS is already active', null, true);
  if (session.utf8) throw new Pop3Error('STLS is not allowed after UTF8', null, true);
  await session.send(ok('Begin TLS negotiation now'));
  await session.startTls();
  session.state = authorization();
}
