/**
 * Command frame -> typed ImapCommand. `command = tag SP (command-any / command-auth /
 * command-nonauth / command-select) CRLF` (RFC 9051 section 9); the table below says which
 * file parses which command. Whether a command is allowed in the session's state is the
 * session's business, not the parser's.
 */
import type { CommandFrame } from '../../../wire/frame.js';
import { Cursor } from '../cursor.js';
import { ImapParseError } from '../errors.js';
import type { ImapCommand } from '../types/command.js';
import { parseSimple } from './any.js';
import { parseAppend } from './append.js';
import { parseAuthenticate, parseLogin } from './auth.js';
import { parseCopyMove } from './copy-move.js';
import { parseEnable } from './enable.js';
import { parseExpunge } from './expunge.js';
import { parseFetch } from './fetch.js';
import type { CommandHead, CommandParser } from './head.js';
import { parseId } from './id.js';
import { parseList, parseLsub } from './list.js';
import { parseCreate, parseMailboxOnly, parseRename } from './mailbox.js';
import { parseSearch } from './search.js';
import { parseSelect } from './select.js';
import { parseStatus } from './status.js';
import { parseStore } from './store.js';

const PARSERS = new Map<string, CommandParser>([
  // any state (RFC 9051 6.1)
  ['CAPABILITY', parseSimple],
  ['NOOP', parseSimple],
  ['LOGOUT', parseSimple],
  ['ID', parseId],
  // not authenticated (6.2)
  ['STARTTLS', parseSimple],
  ['AUTHENTICATE', parseAuthenticate],
  ['LOGIN', parseLogin],
  // authenticated (6.3)
  ['ENABLE', parseEnable],
  ['SELECT', parseSelect],
  ['EXAMINE', parseSelect],
  ['CREATE', parseCreate],
  ['DELETE', parseMailboxOnly],
  ['RENAME', parseRename],
  ['SUBSCRIBE', parseMailboxOnly],
  ['UNSUBSCRIBE', parseMailboxOnly],
  ['LIST', parseList],
  ['LSUB', parseLsub],
  ['NAMESPACE', parseSimple],
  ['STATUS', parseStatus],
  ['APPEND', parseAppend],
  ['IDLE', parseSimple],
  // RFC 8437: back to the not authenticated state
  ['UNAUTHENTICATE', parseSimple],
  // selected (6.4)
  ['CHECK', parseSimple],
  ['CLOSE', parseSimple],
  ['UNSELECT', parseSimple],
  ['EXPUNGE', parseExpunge],
  ['SEARCH', parseSearch],
  ['FETCH', parseFetch],
  ['STORE', parseStore],
  ['COPY', parseCopyMove],
  ['MOVE', parseCopyMove],
]);

/** The commands that have a UID form (RFC 9051 6.4.9, UID EXPUNGE RFC 4315, UID MOVE RFC 6851). */
const UID_COMMANDS = new Set(['COPY', 'MOVE', 'FETCH', 'SEARCH', 'STORE', 'EXPUNGE']);

/** Parses a complete command; throws ImapParseError (carrying the tag when there is one). */
export function parseCommand(frame: CommandFrame): ImapCommand {
  const tag = frame.tag;
  if (tag === undefined) throw new ImapParseError('missing or invalid tag', undefined, 'missing-tag');
  const c = new Cursor(frame, tag);
  c.skip(tag.length);
  if (c.atEnd()) c.fail('missing command');
  c.sp();
  let name = c.keyword();
  let uid = false;
  if (name === 'UID') {
    uid = true;
    c.sp();
    name = c.keyword();
    if (!UID_COMMANDS.has(name)) fail(c, name, `UID ${name} is not a command`);
  }
  const parser = PARSERS.get(name);
  if (!parser) return fail(c, name, `unknown command ${name}`);
  c.command = name;
  const head: CommandHead = { tag, name, uid };
  const command = parser(c, head);
  c.expectEnd();
  return command;
}

function fail(c: Cursor, name: string, message: string): never {
  c.command = name;
  return c.fail(message, 'unknown-command');
}

/** Tag, name and UID prefix of a (possibly partial) frame, best effort: for routing early. */
export function peekCommand(frame: CommandFrame): { tag: string | undefined; name: string | undefined; uid: boolean } {
  const tag = frame.tag;
  if (tag === undefined) return { tag, name: undefined, uid: false };
  const c = new Cursor(frame, tag);
  try {
    c.skip(tag.length);
    c.sp();
    const name = c.keyword();
    if (name !== 'UID') return { tag, name, uid: false };
    c.sp();
    return { tag, name: c.keyword(), uid: true };
  } catch (err) {
    if (err instanceof ImapParseError) return { tag, name: undefined, uid: false };
    throw err;
  }
}
