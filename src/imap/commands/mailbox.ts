/**
 * CREATE (with RFC 6154 USE), DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 9051 6.3.4-6.3.8).
 */

import { SPECIAL_USES, type SpecialUse } from '../../store/types.js';
import { createMailbox, deleteMailbox, findMailbox, renameMailbox, setSubscribed } from '../../services/mailboxes.js';
import { encodeStatusResponse } from '../protocol/index.js';
import { AUTHENTICATED, type CommandTable } from '../session/command-spec.js';
import { NoError, orNo } from '../session/errors.js';
import { mailboxName } from '../session/names.js';
import type { ImapSession } from '../session/session.js';

function account(session: ImapSession) {
  return session.account!;
}

export const mailboxCommands: CommandTable = {
  CREATE: {
    states: AUTHENTICATED,
    announce: 'all',
    async run(session, command) {
      // RFC 9051 6.3.4: a trailing separator declares intent to create children: ignore it.
      const wire = command.mailbox.endsWith('/') ? command.mailbox.slice(0, -1) : command.mailbox;
      const name = mailboxName(session, wire);
      if (name === 'INBOX') throw new NoError('INBOX always exists', { code: 'ALREADYEXISTS' });
      let specialUse: SpecialUse | null = null;
      if (command.specialUse.length > 1) throw new NoError('Only one special-use attribute per mailbox', { code: 'USEATTR' });
      if (command.specialUse.length === 1) {
        const use = command.specialUse[0]!;
        if (!SPECIAL_USES.includes(use as SpecialUse) || use === '\\All' || use === '\\Flagged') {
          throw new NoError(`Special-use attribute ${use} is not supported`, { code: 'USEATTR' });
        }
        specialUse = use as SpecialUse;
      }
      const created = await orNo(createMailbox(session.context.services, account(session), name, specialUse));
      // RFC 8474 4.1 (OBJECTID): the new mailbox's id in the tagged OK.
      return { code: { code: 'MAILBOXID', id: created.guid }, text: 'CREATE completed' };
    },
  },
  DELETE: {
    states: AUTHENTICATED,
    announce: 'all',
    async run(session, command) {
      const name = mailboxName(session, command.mailbox);
      const target = await findMailbox(session.context.services, account(session), name);
      await orNo(deleteMailbox(session.context.services, account(session), name));
      if (target && session.view?.mailbox.id === target.id) {
        // The session leaves the mailbox it deleted (RFC 7162 3.2.11 CLOSED code); a DELETE
        // that failed leaves it selected.
        session.deselect();
        session.out.write(encodeStatusResponse({ status: 'OK', code: { code: 'CLOSED' }, text: 'Previously selected mailbox was deleted' }, session.encoding));
      }
    },
  },
  RENAME: {
    states: AUTHENTICATED,
    announce: 'all',
    async run(session, command) {
      const from = mailboxName(session, command.from);
      const to = mailboxName(session, command.to);
      await orNo(renameMailbox(session.context.services, account(session), from, to));
    },
  },
  SUBSCRIBE: {
    states: AUTHENTICATED,
    announce: 'all',
    async run(session, command) {
      await orNo(setSubscribed(session.context.services, account(session), mailboxName(session, command.mailbox), true));
    },
  },
  UNSUBSCRIBE: {
    states: AUTHENTICATED,
    announce: 'all',
    async run(session, command) {
      await orNo(setSubscribed(session.context.services, account(session), mailboxName(session, command.mailbox), false));
    },
  },
};
