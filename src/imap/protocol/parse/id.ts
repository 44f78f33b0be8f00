/** ID SP ( "(" *(string SP nstring) ")" / NIL ) (RFC 2971 section 4). */
import { IMAP_MAX_ID_PARAMS } from '../../../limits.js';
import type { Cursor } from '../cursor.js';
import type { IdCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

export function parseId(c: Cursor, head: CommandHead): IdCommand {
  c.sp();
  if (c.tryWord('NIL')) return { tag: head.tag, name: 'ID', params: null };
  const params: [string, string | null][] = [];
  c.expect('(');
  if (!c.tryChar(')')) {
    do {
      const field = c.string();
      c.sp();
      const value = c.nstring();
      // RFC 2971 3.3: at most 30 pairs; refusing more keeps a hostile ID small.
      if (params.length >= IMAP_MAX_ID_PARAMS) c.fail('too many ID parameters', 'too-complex');
      params.push([field, value]);
    } while (c.trySp());
    c.expect(')');
  }
  return { tag: head.tag, name: 'ID', params };
}
