/**
 * UTF8 (RFC 6856 2.1): the session switches to UTF-8 mode. Messages are sent as stored either
 * way: the store keeps what was delivered, and like Dovecot and Cyrus Mailkeep does not build
 * ASCII surrogates of internationalised messages for clients that did not send UTF8.
 */

import { ok } from '../protocol/responses.js';
import type { Pop3Session } from '../session/session.js';

export async function utf8(session: Pop3Session): Promise<void> {
  session.utf8 = true;
  await session.send(ok('UTF8 enabled'));
}
