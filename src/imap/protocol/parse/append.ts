/**
 * APPEND SP mailbox 1*append-message (RFC 9051 6.3.12, MULTIAPPEND RFC 3502 section 6):
 * append-message = [SP flag-list] [SP date-time] SP (literal / literal8 / "UTF8" SP "(" literal8 ")")
 * (literal8: RFC 3516 section 4.4; UTF8: RFC 6855 section 4). Large message literals arrive
 * streamed: the command then holds a reference (the literal's index), not the bytes.
 */
import type { CommandFrame } from '../../../wire/frame.js';
import { Cursor } from '../cursor.js';
import type { ImapDateTime } from '../dates.js';
import { ImapParseError } from '../errors.js';
import type { AppendMessage } from '../types/append.js';
import type { AppendCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

export function parseAppend(c: Cursor, head: CommandHead): AppendCommand {
  c.sp();
  const mailbox = c.astring();
  const messages: AppendMessage[] = [];
  do {
    c.sp();
    let flags: string[] = [];
    if (c.peek() === 0x28) {
      flags = c.flagList();
      c.sp();
    }
    let internalDate: ImapDateTime | undefined;
    if (c.peek() === 0x22) {
      internalDate = c.dateTime();
      c.sp();
    }
    if (c.atLiteral()) {
      messages.push({ flags, internalDate, utf8: false, literal: c.literal() });
    } else if (c.tryWord('UTF8')) {
      c.sp();
      c.expect('(');
      const literal = c.literal();
      c.expect(')');
      messages.push({ flags, internalDate, utf8: true, literal });
    } else c.fail('expected the message literal');
  } while (!c.atEnd());
  return { tag: head.tag, name: 'APPEND', mailbox, messages };
}

/**
 * The mailbox of an APPEND whose first literal is still to come (the `continue` or
 * `literal-start` event's head), so the session can refuse early ([TRYCREATE], [TOOBIG]).
 * Undefined when the head is not an APPEND that far.
 */
export function peekAppendMailbox(head: CommandFrame): string | undefined {
  if (head.tag === undefined) return undefined;
  const c = new Cursor(head);
  try {
    c.skip(head.tag.length);
    c.sp();
    if (!c.tryWord('APPEND')) return undefined;
    c.sp();
    return c.astring();
  } catch (err) {
    if (err instanceof ImapParseError) return undefined;
    throw err;
  }
}
