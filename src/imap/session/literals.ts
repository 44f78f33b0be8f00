/**
 * Deciding on a synchronising literal before the client sends it (RFC 9051 7.5: the server
 * answers "+" or the command's tagged NO/BAD). APPEND is refused here when its mailbox does not
 * exist (NO [TRYCREATE], RFC 9051 6.3.12) or the account has no room (NO [OVERQUOTA]), so a
 * client never uploads megabytes for nothing.
 */

import { decodeMailboxName, encodeContinuation, encodeStatusResponse, peekAppendMailbox, peekCommand, type ResponseCode } from '../protocol/index.js';
import type { ReceiverEvent } from '../../wire/index.js';
import { normalizeMailboxName } from '../../services/mailbox-names.js';
import type { ImapSession } from './session.js';
import { stateRefusal } from './dispatch.js';

export async function decideLiteral(session: ImapSession, event: Extract<ReceiverEvent, { kind: 'continue' }>): Promise<void> {
  // A command that cannot run (unknown, or not in this state) gets its BAD before the client
  // sends the literal, instead of a "+" for data that would be thrown away.
  const refused = stateRefusal(session, peekCommand(event.head).name);
  if (refused !== null) {
    session.receiver.rejectLiteral();
    await session.badCommand(event.tag, refused);
    return;
  }
  const refusal = await appendRefusal(session, event);
  if (refusal) {
    session.receiver.rejectLiteral();
    session.out.write(encodeStatusResponse({ tag: event.tag, status: 'NO', code: refusal.code, text: refusal.text }, session.encoding));
    return;
  }
  session.out.write(encodeContinuation('Ready for literal data', session.encoding));
}

async function appendRefusal(
  session: ImapSession,
  event: Extract<ReceiverEvent, { kind: 'continue' }>,
): Promise<{ code: ResponseCode; text: string } | null> {
  if (event.literal.index !== 0 || session.account === null) return null;
  if (peekCommand(event.head).name !== 'APPEND') return null;
  const wire = peekAppendMailbox(event.head);
  if (wire === undefined) return null; // the parser will answer BAD
  const { store, defaultQuota } = session.context.services;
  let name: string;
  try {
    name = normalizeMailboxName(decodeMailboxName(wire, { utf8: session.utf8 }));
  } catch {
    return null; // answered by the command itself
  }
  const mailbox = await store.findMailbox(session.account.id, name);
  if (!mailbox || !mailbox.selectable) return { code: { code: 'TRYCREATE' }, text: 'Mailbox does not exist' };
  const maxBytes = session.account.quotaBytes ?? defaultQuota.maxBytes;
  if (maxBytes !== null) {
    const usage = await store.accountUsage(session.account.id);
    if (usage.bytes + event.literal.size > maxBytes) return { code: { code: 'OVERQUOTA' }, text: 'Quota exceeded' };
  }
  return null;
}
