/**
 * LIST (RFC 9051 6.3.9 with LIST-EXTENDED, RFC 5258; SPECIAL-USE, RFC 6154; LIST-STATUS,
 * RFC 5819) and LSUB (RFC 3501 6.3.9). Unknown options are BAD (RFC 5258 section 3).
 */
import type { Cursor } from '../cursor.js';
import type { ListCommand, LsubCommand } from '../types/command.js';
import type { StatusItem } from '../types/status.js';
import type { CommandHead } from './head.js';
import { readStatusItems } from './status.js';

/** LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]. */
export function parseList(c: Cursor, head: CommandHead): ListCommand {
  c.sp();
  let extended = false;
  const select = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
  if (c.peek() === 0x28) {
    extended = true;
    c.parenList(() => {
      const option = c.atom().toUpperCase();
      if (option === 'SUBSCRIBED') select.subscribed = true;
      else if (option === 'REMOTE') select.remote = true;
      else if (option === 'RECURSIVEMATCH') select.recursiveMatch = true;
      else if (option === 'SPECIAL-USE') select.specialUse = true;
      else c.fail(`unknown LIST selection option ${option}`);
    }, true);
    // RFC 5258 section 3.1: RECURSIVEMATCH needs a base option to modify.
    if (select.recursiveMatch && !select.subscribed) c.fail('RECURSIVEMATCH without SUBSCRIBED');
    c.sp();
  }
  const reference = c.astring();
  c.sp();
  let patterns: string[];
  if (c.peek() === 0x28) {
    extended = true;
    patterns = c.parenList(() => c.listMailbox());
  } else patterns = [c.listMailbox()];

  const returns = { subscribed: false, children: false, specialUse: false, status: undefined as StatusItem[] | undefined };
  if (c.trySp()) {
    if (!c.tryWord('RETURN')) c.fail('expected RETURN');
    extended = true;
    c.sp();
    c.parenList(() => {
      const option = c.atom().toUpperCase();
      if (option === 'SUBSCRIBED') returns.subscribed = true;
      else if (option === 'CHILDREN') returns.children = true;
      else if (option === 'SPECIAL-USE') returns.specialUse = true;
      else if (option === 'STATUS') {
        c.sp();
        returns.status = readStatusItems(c);
      } else c.fail(`unknown LIST return option ${option}`);
    }, true);
  }
  return { tag: head.tag, name: 'LIST', reference, patterns, select, returns, extended };
}

/** LSUB SP mailbox SP list-mailbox. */
export function parseLsub(c: Cursor, head: CommandHead): LsubCommand {
  c.sp();
  const reference = c.astring();
  c.sp();
  const pattern = c.listMailbox();
  return { tag: head.tag, name: 'LSUB', reference, pattern };
}
