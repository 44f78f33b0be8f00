/**
 * The shape of a command handler and the facts the dispatcher needs about it: the states it is
 * valid in and when changes may be announced around it. Command files import this; the table
 * of all commands lives in dispatch.ts.
 */

import type { ImapCommand, ImapCommandName, ResponseCode } from '../protocol/index.js';
import type { ImapSession, SessionState } from './session.js';

/** How a command completed: OK (the default) or NO, with an optional code and text. */
export interface Completion {
  /** The handler wrote the tagged response itself (STARTTLS must, before the handshake). */
  written?: boolean;
  status?: 'OK' | 'NO';
  code?: ResponseCode;
  text?: string;
}

/**
 * When pending changes of the selected mailbox are announced before the tagged response:
 *  - 'all': EXISTS, FETCH and EXPUNGE;
 *  - 'no-expunge': not EXPUNGE (non-UID FETCH, STORE, SEARCH: RFC 9051 7.5.1);
 *  - 'none': the handler takes care of it (SELECT, CLOSE, IDLE, LOGOUT...).
 */
export type AnnouncePolicy = 'all' | 'no-expunge' | 'none';

export interface CommandSpec<C extends ImapCommand = ImapCommand> {
  states: readonly SessionState[];
  announce: AnnouncePolicy | ((command: C) => AnnouncePolicy);
  run(session: ImapSession, command: C): Promise<Completion | void>;
}

/** The command type(s) whose name can be N (SimpleCommand covers several names). */
type CommandFor<N extends ImapCommandName> = ImapCommand extends infer C ? (C extends { name: infer M } ? (N extends M ? C : never) : never) : never;

export type CommandTable = { [N in ImapCommandName]?: CommandSpec<CommandFor<N>> };

export const ANY: readonly SessionState[] = ['not-authenticated', 'authenticated', 'selected'];
export const NOT_AUTHENTICATED: readonly SessionState[] = ['not-authenticated'];
export const AUTHENTICATED: readonly SessionState[] = ['authenticated', 'selected'];
export const SELECTED: readonly SessionState[] = ['selected'];

/** Non-UID FETCH/STORE/SEARCH must not shift MSNs; their UID forms may. */
export const noExpungeUnlessUid = (command: { uid: boolean }): AnnouncePolicy => (command.uid ? 'all' : 'no-expunge');

