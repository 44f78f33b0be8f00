/**
 * DELE and RSET (RFC 1939 5). DELE only marks: the removal happens at QUIT (UPDATE state).
 * Marking a message that another client already expunged is harmless: at QUIT there is
 * nothing left to remove for it.
 */

import type { CommandOf } from '../protocol/command.js';
import { ok } from '../protocol/responses.js';
import type { Pop3Session } from '../session/session.js';
import { requireMessage } from '../session/state.js';

export async function dele(session: Pop3Session, command: CommandOf<'DELE'>): Promise<void> {
  const state = session.state;
  if (state.kind !== 'transaction') throw new Error('not in the TRANSACTION state');
  const index = requireMessage(state, command.msg);
  state.deleted[index] = 1;
  state.deletedCount++;
  state.deletedBytes += state.maildrop.size(index);
  await session.send(ok(`message ${command.msg} deleted`));
}

export async function rset(session: Pop3Session): Promise<void> {
  const state = session.state;
  if (state.kind !== 'transaction') throw new Error('not in the TRANSACTION state');
  state.deleted.fill(0);
  state.deletedCount = 0;
  state.deletedBytes = 0;
  await session.send(ok(`maildrop has ${state.maildrop.count} messages (${state.maildrop.totalSize} octets)`));
}
