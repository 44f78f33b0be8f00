/** COPY / MOVE SP sequence-set SP mailbox (RFC 9051 6.4.7-8, MOVE RFC 6851 section 3). */
import type { Cursor } from '../cursor.js';
import type { CopyMoveCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

export function parseCopyMove(c: Cursor, head: CommandHead): CopyMoveCommand {
  c.sp();
  const sequence = c.sequenceSet();
  c.sp();
  const mailbox = c.astring();
  return { tag: head.tag, name: head.name as 'COPY' | 'MOVE', uid: head.uid, sequence, mailbox };
}
