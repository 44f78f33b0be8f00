/** ENABLE 1*(SP capability) (RFC 5161 section 3.1, RFC 9051 6.3.1). */
import type { Cursor } from '../cursor.js';
import type { EnableCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

export function parseEnable(c: Cursor, head: CommandHead): EnableCommand {
  const capabilities: string[] = [];
  do {
    c.sp();
    capabilities.push(c.atom().toUpperCase());
  } while (!c.atEnd());
  return { tag: head.tag, name: 'ENABLE', capabilities };
}
