/** EXPUNGE (RFC 9051 6.4.3) and UID EXPUNGE SP sequence-set (RFC 4315 section 2.1). */
import type { Cursor } from '../cursor.js';
import type { ExpungeCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

export function parseExpunge(c: Cursor, head: CommandHead): ExpungeCommand {
  if (!head.uid) return { tag: head.tag, name: 'EXPUNGE', uid: false };
  c.sp();
  return { tag: head.tag, name: 'EXPUNGE', uid: true, sequence: c.sequenceSet() };
}
