/**
 * APPEND (RFC 9051 6.3.12) with MULTIAPPEND (RFC 3502: several messages, all or none), UIDPLUS
 * (RFC 4315 APPENDUID), BINARY literal8 (RFC 3516) and UTF8 (RFC 6855). Large literals were
 * streamed into the store while they arrived (session.ts); small ones are in the command.
 */

import { parseFlags } from '../../services/flags.js';
import { findMailbox } from '../../services/mailboxes.js';
import { appendMessages, prepareMessage, type AppendItem, type PreparedMessage } from '../../services/messages.js';
import { isMailError } from '../../store/errors.js';
import type { AppendCommand } from '../protocol/index.js';
import { AUTHENTICATED, type CommandTable, type Completion } from '../session/command-spec.js';
import { BadError, NoError, toNo } from '../session/errors.js';
import { mailboxName } from '../session/names.js';
import type { ImapSession } from '../session/session.js';

async function messageOf(session: ImapSession, message: AppendCommand['messages'][number]): Promise<PreparedMessage> {
  const literal = message.literal;
  if (!literal.streamed) return prepareMessage(session.context.services, literal.data);
  const streamed = session.streamed.get(literal.index);
  session.streamed.delete(literal.index);
  if (!streamed) throw new NoError('Message data was not received', { code: 'SERVERBUG' });
  if (streamed instanceof Error) throw streamed;
  return streamed;
}

async function append(session: ImapSession, command: AppendCommand): Promise<Completion> {
  const services = session.context.services;
  const name = mailboxName(session, command.mailbox);
  const mailbox = await findMailbox(services, session.account!, name);
  if (!mailbox || !mailbox.selectable) throw new NoError(`Mailbox ${name} does not exist`, { code: 'TRYCREATE' });
  const items: AppendItem[] = [];
  try {
    for (const message of command.messages) {
      let flags;
      try {
        flags = parseFlags(message.flags);
      } catch (error) {
        throw new BadError((error as Error).message);
      }
      if (message.literal.size === 0) throw new NoError('An empty message cannot be appended', { code: 'CANNOT' });
      const prepared = await messageOf(session, message);
      items.push({ message: prepared, flags: flags.flags, keywords: flags.keywords, internalDate: message.internalDate?.instant ?? new Date() });
    }
    const result = await appendMessages(services, session.account!, mailbox, items);
    return { code: { code: 'APPENDUID', uidValidity: result.uidValidity, uids: result.uids }, text: 'APPEND completed' };
  } catch (error) {
    for (const item of items) await item.message.discard();
    if (isMailError(error, 'LIMIT') && /size limit/.test(error.message)) throw new NoError(error.message, { code: 'TOOBIG' });
    if (error instanceof BadError || error instanceof NoError) throw error;
    throw toNo(error);
  }
}

export const appendCommands: CommandTable = {
  APPEND: { states: AUTHENTICATED, announce: 'all', run: append },
};
