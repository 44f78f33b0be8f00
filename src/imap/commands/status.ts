/**
 * STATUS (RFC 9051 6.3.11) with RFC 3501 RECENT, RFC 7162 HIGHESTMODSEQ, RFC 7889 APPENDLIMIT,
 * RFC 8438 SIZE, RFC 8474 MAILBOXID. The same values serve LIST-STATUS (list.ts).
 */

import type { Mailbox } from '../../store/types.js';
import { FLAG_DELETED } from '../../store/types.js';
import { findMailbox } from '../../services/mailboxes.js';
import { encodeStatusData, type StatusItem, type StatusValues } from '../protocol/index.js';
import { AUTHENTICATED, type CommandTable } from '../session/command-spec.js';
import { enableCondstore } from '../session/condstore.js';
import { NoError } from '../session/errors.js';
import { mailboxName } from '../session/names.js';
import type { ImapSession } from '../session/session.js';

export async function statusValues(session: ImapSession, mailbox: Mailbox, items: readonly StatusItem[]): Promise<StatusValues> {
  const { store } = session.context.services;
  const values: [StatusItem, number | string | null][] = [];
  for (const item of items) {
    switch (item) {
      case 'MESSAGES':
        values.push([item, mailbox.messages]);
        break;
      case 'UIDNEXT':
        values.push([item, mailbox.uidNext]);
        break;
      case 'UIDVALIDITY':
        values.push([item, mailbox.uidValidity]);
        break;
      case 'UNSEEN':
        values.push([item, mailbox.unseen]);
        break;
      case 'DELETED':
        values.push([item, await store.countEntries(mailbox.id, { flags: FLAG_DELETED })]);
        break;
      case 'SIZE':
        values.push([item, mailbox.bytes]);
        break;
      case 'RECENT':
        values.push([item, await store.countEntries(mailbox.id, { fromUid: mailbox.firstRecentUid })]);
        break;
      case 'HIGHESTMODSEQ':
        await enableCondstore(session); // RFC 7162 3.1: a CONDSTORE-enabling command
        values.push([item, mailbox.highestModseq]);
        break;
      case 'APPENDLIMIT':
        values.push([item, session.context.config.limits.maxMessageBytes]);
        break;
      case 'MAILBOXID':
        values.push([item, mailbox.guid]);
        break;
    }
  }
  return values;
}

export const statusCommands: CommandTable = {
  STATUS: {
    states: AUTHENTICATED,
    announce: 'all',
    async run(session, command) {
      const name = mailboxName(session, command.mailbox);
      const mailbox = await findMailbox(session.context.services, session.account!, name);
      if (!mailbox || !mailbox.selectable) throw new NoError(`Mailbox ${name} does not exist`, { code: 'NONEXISTENT' });
      const values = await statusValues(session, mailbox, command.items);
      session.out.write(encodeStatusData(mailbox.name, values, session.encoding));
    },
  },
};
