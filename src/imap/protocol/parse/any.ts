/**
 * Commands without arguments: CAPABILITY, NOOP, LOGOUT (any state, RFC 9051 6.1), and
 * STARTTLS, CHECK, CLOSE, UNSELECT, NAMESPACE, IDLE, whose parsing is just their name.
 */
import type { Cursor } from '../cursor.js';
import type { SimpleCommand, SimpleCommandName } from '../types/command.js';
import type { CommandHead } from './head.js';

export function parseSimple(_c: Cursor, head: CommandHead): SimpleCommand {
  return { tag: head.tag, name: head.name as SimpleCommandName };
}
