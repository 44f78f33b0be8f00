/**
 * RETR and TOP (RFC 1939 5 and 7): the message streamed from the maildrop through the body
 * encoder (CRLF line ends, byte-stuffing, TOP's cut), each piece written with back-pressure.
 * A failure before the first bytes go out is an -ERR (e.g. the message was expunged by an IMAP
 * client); a failure after "+OK" cannot be reported in the protocol, so the connection is closed.
 * RETR (not TOP) records the message for \Seen at QUIT.
 */

import { POP3_WRITE_CHUNK_BYTES } from '../limits.js';
import { BodyEncoder, encodeStream } from '../protocol/body-encoder.js';
import type { CommandOf } from '../protocol/command.js';
import { ok } from '../protocol/responses.js';
import { Pop3Error, temporaryFailure } from '../session/errors.js';
import { ConnectionGone } from '../session/output.js';
import type { Pop3Session } from '../session/session.js';
import { requireMessage, type TransactionState } from '../session/state.js';

function transactionState(session: Pop3Session): TransactionState {
  if (session.state.kind !== 'transaction') throw new Error('not in the TRANSACTION state');
  return session.state;
}

export async function retr(session: Pop3Session, command: CommandOf<'RETR'>): Promise<void> {
  const state = transactionState(session);
  const index = requireMessage(state, command.msg);
  const source = await state.maildrop.retrieve(index);
  const encoder = new BodyEncoder();
  if (await stream(session, ok(`${state.maildrop.size(index)} octets`), source, encoder, 'RETR', command.msg)) {
    state.retrieved.add(index);
  }
}

export async function top(session: Pop3Session, command: CommandOf<'TOP'>): Promise<void> {
  const state = transactionState(session);
  const index = requireMessage(state, command.msg);
  const source = await state.maildrop.top(index, command.lines);
  await stream(session, ok('top of message follows'), source, new BodyEncoder({ bodyLines: command.lines }), 'TOP', command.msg);
}

/**
 * Writes "+OK", the encoded message and "."; false when the connection had to be cut. Small
 * pieces are gathered into writes of up to POP3_WRITE_CHUNK_BYTES, so a small message goes out
 * as one write with its status line and terminator.
 */
async function stream(
  session: Pop3Session,
  first: Buffer,
  source: AsyncIterable<Buffer>,
  encoder: BodyEncoder,
  command: string,
  msg: number,
): Promise<boolean> {
  let pending: Buffer[] = [first];
  let pendingBytes = first.length;
  let written = false;
  try {
    for await (const piece of encodeStream(source, encoder)) {
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= POP3_WRITE_CHUNK_BYTES) {
        const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        written = true;
        await session.output.write(data);
      }
    }
    if (pendingBytes > 0) await session.output.write(Buffer.concat(pending, pendingBytes));
    return true;
  } catch (error) {
    (source as { destroy?: () => void }).destroy?.();
    if (error instanceof ConnectionGone) return false;
    // Nothing sent yet: an ordinary -ERR (e.g. the upstream failed before the first bytes).
    if (!written) throw error instanceof Pop3Error ? error : temporaryFailure(`cannot read the message (${(error as Error).message})`);
    session.log.warn({ event: 'stream-failed', command, msg, err: (error as Error).message });
    // "+OK" is out: no -ERR can follow. Cut the connection; the client sees a short response.
    session.connection.socket.destroy();
    return false;
  }
}
