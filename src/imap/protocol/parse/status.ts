/** STATUS SP mailbox SP "(" status-att *(SP status-att) ")" (RFC 9051 6.3.11). */
import type { Cursor } from '../cursor.js';
import type { StatusCommand } from '../types/command.js';
import { STATUS_ITEMS, type StatusItem } from '../types/status.js';
import type { CommandHead } from './head.js';

const KNOWN = new Set<string>(STATUS_ITEMS);

/** "(" status-att *(SP status-att) ")", also used by LIST RETURN (STATUS ...) (RFC 5819). */
export function readStatusItems(c: Cursor): StatusItem[] {
  const items: StatusItem[] = [];
  for (const word of c.parenList(() => c.atom().toUpperCase())) {
    if (!KNOWN.has(word)) c.fail(`unknown status item ${word}`);
    if (!items.includes(word as StatusItem)) items.push(word as StatusItem);
  }
  return items;
}

export function parseStatus(c: Cursor, head: CommandHead): StatusCommand {
  c.sp();
  const mailbox = c.astring();
  c.sp();
  const items = readStatusItems(c);
  return { tag: head.tag, name: 'STATUS', mailbox, items };
}
