/**
 * COPY, MOVE (RFC 6851) and their UID forms, with COPYUID (RFC 4315). COPY adds entries that
 * share the messages' bytes; MOVE is one transaction (copy and expunge together), reported as
 * COPYUID, then the EXPUNGEs (or VANISHED), then OK.
 */

import { findMailbox } from '../../services/mailboxes.js';
import { copyMessages, moveMessages } from '../../services/messages.js';
import { encodeStatusResponse, type CopyMoveCommand } from '../protocol/index.js';
import { reportRemoved } from '../session/announce.js';
import { SELECTED, type CommandTable, type Completion } from '../session/command-spec.js';
import { NoError, orNo } from '../session/errors.js';
import { mailboxName } from '../session/names.js';
import { resolveSet, requireView } from '../session/sequence.js';
import type { ImapSession } from '../session/session.js';

async function copyOrMove(session: ImapSession, command: CopyMoveCommand): Promise<Completion | void> {
  const view = requireView(session);
  const services = session.context.services;
  const name = mailboxName(session, command.mailbox);
  const dest = await findMailbox(services, session.account!, name);
  if (!dest || !dest.selectable) throw new NoError(`Mailbox ${name} does not exist`, { code: 'TRYCREATE' });
  const uids = resolveSet(session, command.sequence, command.uid);
  if (uids.length === 0) return { text: `${command.name} completed (no messages)` };
  if (command.name === 'COPY') {
    const result = await orNo(copyMessages(services, session.account!, view.mailbox, uids, dest));
    if (result.destUids.length === 0) return { status: 'NO', code: { code: 'EXPUNGEISSUED' }, text: 'The messages no longer exist' };
    return { code: { code: 'COPYUID', uidValidity: result.uidValidity, source: result.sourceUids, destination: result.destUids }, text: 'COPY completed' };
  }
  if (view.readOnly) throw new NoError('The mailbox is open read-only (EXAMINE)', { code: 'CANNOT' });
  const result = await orNo(moveMessages(services, session.account!, view.mailbox, uids, dest));
  if (result.destUids.length === 0) return { status: 'NO', code: { code: 'EXPUNGEISSUED' }, text: 'The messages no longer exist' };
  // RFC 6851 4.3: COPYUID in an untagged OK before the expunges.
  session.out.write(
    encodeStatusResponse(
      { status: 'OK', code: { code: 'COPYUID', uidValidity: result.uidValidity, source: result.sourceUids, destination: result.destUids }, text: 'Moved' },
      session.encoding,
    ),
  );
  const recent = view.countRecent();
  await reportRemoved(session, view.removeOwn(result.sourceUids), recent);
  return { text: 'MOVE completed' };
}

export const copyMoveCommands: CommandTable = {
  COPY: { states: SELECTED, announce: 'all', run: copyOrMove },
  MOVE: { states: SELECTED, announce: 'all', run: copyOrMove },
};
