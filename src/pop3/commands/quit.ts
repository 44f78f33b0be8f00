/**
 * QUIT (RFC 1939 4 and 6) and NOOP. QUIT in the TRANSACTION state enters UPDATE: \Seen for
 * the messages RETR sent and the removal of the messages marked by DELE, then the maildrop is
 * released. If the removal fails nothing was removed: "-ERR some deleted messages not removed".
 */

import { err, ok } from '../protocol/responses.js';
import type { Pop3Session } from '../session/session.js';

export async function quit(session: Pop3Session): Promise<void> {
  const state = session.state;
  if (state.kind !== 'transaction') {
    await session.send(ok('Bye'));
    session.end();
    return;
  }
  session.state = { kind: 'update' };
  const deleted: number[] = [];
  for (let i = 0; i < state.deleted.length; i++) if (state.deleted[i]) deleted.push(i);
  const retrieved = [...state.retrieved].sort((a, b) => a - b);
  let reply: Buffer;
  try {
    const removed = await state.maildrop.commit({ deleted, retrieved });
    session.log.info({ event: 'logout', user: state.user, deleted: removed, retrieved: retrieved.length });
    reply = ok(removed === 0 ? 'Bye' : `Bye, ${removed} message${removed === 1 ? '' : 's'} deleted`);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    session.log.warn({ event: 'update-failed', user: state.user, deleted: deleted.length, err: text });
    reply = err(`some deleted messages not removed (${text})`, 'SYS/TEMP');
  }
  // The lock goes before the reply: a client that logs in again at once must not see IN-USE.
  await session.releaseMaildrop();
  await session.send(reply);
  session.end();
}

export async function noop(session: Pop3Session): Promise<void> {
  await session.send(ok(''));
}
