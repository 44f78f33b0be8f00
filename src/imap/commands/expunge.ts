/**
 * EXPUNGE (RFC 9051 6.4.3) and UID EXPUNGE (RFC 4315 2.1): remove the \Deleted messages (of
 * the given UIDs), reporting each removal the client knows of as EXPUNGE, or VANISHED under
 * QRESYNC.
 */

import { expungeMessages } from '../../services/messages.js';
import { FLAG_DELETED } from '../../store/types.js';
import type { ExpungeCommand } from '../protocol/index.js';
import { reportRemoved } from '../session/announce.js';
import { SELECTED, type CommandTable } from '../session/command-spec.js';
import { NoError, orNo } from '../session/errors.js';
import { resolveSet, requireView } from '../session/sequence.js';
import type { ImapSession } from '../session/session.js';

async function expunge(session: ImapSession, command: ExpungeCommand): Promise<void> {
  const view = requireView(session);
  if (view.readOnly) throw new NoError('The mailbox is open read-only (EXAMINE)', { code: 'CANNOT' });
  const services = session.context.services;
  let deleted = await services.store.uidsWithFlags(view.mailbox.id, FLAG_DELETED);
  if (command.uid) {
    const named = new Set(resolveSet(session, command.sequence, true));
    deleted = deleted.filter((uid) => named.has(uid));
  }
  if (deleted.length === 0) return;
  const result = await orNo(expungeMessages(services, session.account!, view.mailbox, deleted));
  const recent = view.countRecent();
  await reportRemoved(session, view.removeOwn(result.uids), recent);
}

export const expungeCommands: CommandTable = {
  EXPUNGE: { states: SELECTED, announce: 'all', run: expunge },
};
