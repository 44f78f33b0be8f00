/** Flags as a FETCH response lists them for this session. */

import { systemFlagNames } from '../../services/flags.js';
import type { FlagState } from '../../store/types.js';
import type { ImapSession } from './session.js';

/** System flags, keywords, and \Recent for IMAP4rev1 sessions (RFC 3501 2.3.2). */
export function flagList(session: ImapSession, state: Pick<FlagState, 'uid' | 'flags' | 'keywords'>): string[] {
  const names = [...systemFlagNames(state.flags), ...state.keywords];
  if (!session.rev2 && session.view?.isRecent(state.uid)) names.push('\\Recent');
  return names;
}
