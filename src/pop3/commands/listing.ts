/**
 * STAT, LIST and UIDL (RFC 1939 5 and 7). Messages marked deleted are left out of listings and
 * totals; a number that names one is refused. A listing of a large maildrop (100,000 lines) is
 * written in pieces of POP3_WRITE_CHUNK_BYTES, each waiting for the socket.
 */

import { POP3_WRITE_CHUNK_BYTES } from '../limits.js';
import type { CommandOf } from '../protocol/command.js';
import { listingLine, ok, TERMINATOR } from '../protocol/responses.js';
import type { Pop3Session } from '../session/session.js';
import { requireMessage, type TransactionState } from '../session/state.js';

function transactionState(session: Pop3Session): TransactionState {
  if (session.state.kind !== 'transaction') throw new Error('not in the TRANSACTION state');
  return session.state;
}

export async function stat(session: Pop3Session): Promise<void> {
  const state = transactionState(session);
  const count = state.maildrop.count - state.deletedCount;
  const bytes = state.maildrop.totalSize - state.deletedBytes;
  await session.send(ok(`${count} ${bytes}`));
}

export async function list(session: Pop3Session, command: CommandOf<'LIST'>): Promise<void> {
  const state = transactionState(session);
  const { maildrop } = state;
  if (command.msg !== null) {
    const index = requireMessage(state, command.msg);
    await session.send(ok(`${command.msg} ${maildrop.size(index)}`));
    return;
  }
  const count = maildrop.count - state.deletedCount;
  const bytes = maildrop.totalSize - state.deletedBytes;
  await writeListing(session, state, ok(`${count} messages (${bytes} octets)`), (index) => maildrop.size(index));
}

export async function uidl(session: Pop3Session, command: CommandOf<'UIDL'>): Promise<void> {
  const state = transactionState(session);
  const { maildrop } = state;
  if (command.msg !== null) {
    const index = requireMessage(state, command.msg);
    await session.send(ok(`${command.msg} ${maildrop.uidl(index)}`));
    return;
  }
  await writeListing(session, state, ok(''), (index) => maildrop.uidl(index));
}

/** "+OK", one line per message not marked deleted, "." — written in bounded pieces. */
async function writeListing(
  session: Pop3Session,
  state: TransactionState,
  first: Buffer,
  value: (index: number) => string | number,
): Promise<void> {
  let text = '';
  let pieces: Buffer[] = [first];
  for (let index = 0; index < state.maildrop.count; index++) {
    if (state.deleted[index]) continue;
    text += listingLine(index + 1, value(index));
    if (text.length >= POP3_WRITE_CHUNK_BYTES) {
      pieces.push(Buffer.from(text, 'latin1'));
      await session.send(Buffer.concat(pieces));
      pieces = [];
      text = '';
    }
  }
  pieces.push(Buffer.from(text, 'latin1'), TERMINATOR);
  await session.send(Buffer.concat(pieces));
}
