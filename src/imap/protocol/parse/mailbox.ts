/**
 * Commands on one mailbox name: CREATE (with RFC 6154 USE), DELETE, RENAME, SUBSCRIBE,
 * UNSUBSCRIBE (RFC 9051 6.3.4-6.3.8).
 */
import type { Cursor } from '../cursor.js';
import type { CreateCommand, MailboxCommand, RenameCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

/** The special-use attributes of RFC 6154 section 2, in canonical case. */
export const SPECIAL_USES = ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'] as const;
const CANONICAL_USE = new Map<string, string>(SPECIAL_USES.map((u) => [u.toUpperCase(), u]));

/** CREATE SP mailbox [SP "(" create-param *(SP create-param) ")"] (RFC 4466 section 2.2). */
export function parseCreate(c: Cursor, head: CommandHead): CreateCommand {
  c.sp();
  const mailbox = c.astring();
  const specialUse: string[] = [];
  if (c.trySp()) {
    let sawUse = false;
    c.parenList(() => {
      const param = c.atom().toUpperCase();
      if (param !== 'USE' || sawUse) c.fail(`unknown or repeated create parameter ${param}`);
      sawUse = true;
      c.sp();
      // use-attr = "\" atom; unknown ones are the session's to refuse with NO [USEATTR].
      for (const attr of c.parenList(() => (c.expect('\\'), '\\' + c.atom()), true)) {
        specialUse.push(CANONICAL_USE.get(attr.toUpperCase()) ?? attr);
      }
    });
  }
  return { tag: head.tag, name: 'CREATE', mailbox, specialUse };
}

/** DELETE / SUBSCRIBE / UNSUBSCRIBE SP mailbox. */
export function parseMailboxOnly(c: Cursor, head: CommandHead): MailboxCommand {
  c.sp();
  const mailbox = c.astring();
  return { tag: head.tag, name: head.name as MailboxCommand['name'], mailbox };
}

/** RENAME SP mailbox SP mailbox. */
export function parseRename(c: Cursor, head: CommandHead): RenameCommand {
  c.sp();
  const from = c.astring();
  c.sp();
  const to = c.astring();
  return { tag: head.tag, name: 'RENAME', from, to };
}
