/** Mailbox names from the wire to the store's form, for this session's dialect. */

import { decodeMailboxName, MailboxNameError } from '../protocol/index.js';
import { normalizeMailboxName } from '../../services/mailbox-names.js';
import { isMailError } from '../../store/errors.js';
import { NoError } from './errors.js';
import type { ImapSession } from './session.js';

/** The stored name a client's mailbox argument means; NO [CANNOT] when it is not valid. */
export function mailboxName(session: ImapSession, wire: string): string {
  try {
    return normalizeMailboxName(decodeMailboxName(wire, { utf8: session.utf8 }));
  } catch (error) {
    if (error instanceof MailboxNameError || isMailError(error, 'BADNAME')) {
      throw new NoError(`Invalid mailbox name: ${(error as Error).message}`, { code: 'CANNOT' });
    }
    throw error;
  }
}
