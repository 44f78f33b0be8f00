/**
 * CONDSTORE enabling (RFC 7162 3.1): the first CONDSTORE-enabling command of a session (ENABLE,
 * STATUS HIGHESTMODSEQ, FETCH/SEARCH MODSEQ, FETCH CHANGEDSINCE, STORE UNCHANGEDSINCE) turns
 * on MODSEQ in every later untagged FETCH, and when a mailbox is selected the server MUST tell
 * its HIGHESTMODSEQ at once.
 */

import { encodeStatusResponse } from '../protocol/index.js';
import type { ImapSession } from './session.js';

export async function enableCondstore(session: ImapSession): Promise<void> {
  if (session.condstore) return;
  session.condstore = true;
  const view = session.view;
  if (!view) return;
  const mailbox = await session.context.services.store.getMailbox(view.mailbox.id);
  if (!mailbox) return;
  session.out.write(encodeStatusResponse({ status: 'OK', code: { code: 'HIGHESTMODSEQ', value: mailbox.highestModseq }, text: 'Highest' }, session.encoding));
}
