/** Flags as a FETCH response lists them for this session. */

import { systemFlagNames } from '../../services/flags.js';
import type { FlagState } from '../../store/types.js';
import type { ImapSession } from './session.js';
import type { MailboxView } from './view.js';

/** System flags, keywords, and \Recent for IMAP4rev1 sessions (RFC 3501 2.3.2). */
export function flagList(session: ImapSession, state: Pick<FlagState, 'uid' | 'flags' | 'keywords'>): string[] {
  const names = [...systemFlagNames(state.flags), ...state.keywords];
  if (!session.rev2 && session.view?.isRecent(state.uid)) names.push('\\Recent');
  return names;
}

/**
 * `FLAGS (...)` items for many messages: a mailbox has few distinct flag combinations, so each
 * is rendered once (keyed by system flags and \Recent, plus the keywords when there are some).
 */
export class FlagText {
  private readonly plain = new Map<number, string>();
  private readonly withKeywords = new Map<string, string>();
  private readonly showRecent: boolean;

  constructor(
    private readonly session: ImapSession,
    private readonly view: MailboxView,
  ) {
    this.showRecent = !session.rev2;
  }

  of(uid: number, flags: number, keywords: readonly string[] | undefined): string {
    const recent = this.showRecent && this.view.isRecent(uid);
    if (!keywords || keywords.length === 0) {
      const key = flags * 2 + (recent ? 1 : 0);
      let text = this.plain.get(key);
      if (text === undefined) this.plain.set(key, (text = this.render(uid, flags, [])));
      return text;
    }
    const key = `${flags}${recent ? 'r' : ''} ${keywords.join(' ')}`;
    let text = this.withKeywords.get(key);
    if (text === undefined) this.withKeywords.set(key, (text = this.render(uid, flags, keywords)));
    return text;
  }

  private render(uid: number, flags: number, keywords: readonly string[]): string {
    return `FLAGS (${flagList(this.session, { uid, flags, keywords: [...keywords] }).join(' ')})`;
  }
}
