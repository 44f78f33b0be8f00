/**
 * POP3 command lines -> typed commands. Pure. RFC 1939 3: a keyword of three or four
 * characters, case-insensitive, then arguments separated by a space. Message numbers are
 * decimal (RFC 1939 5: "1 <= msg <= count", checked by the session, which knows the count).
 *
 * Arguments of USER and PASS are UTF-8 (RFC 6856 2.2: "UTF8 USER" is advertised); PASS keeps
 * everything after the first space, spaces included (RFC 1939 7, PASS discussion).
 */

export type Pop3Command =
  | { name: 'USER'; user: string }
  | { name: 'PASS'; password: string }
  /** RFC 5034: mechanism null is the bare AUTH (mechanism list, as RFC 1734 servers did);
   *  `initial` is the initial response ("=" for an empty one), still base64. */
  | { name: 'AUTH'; mechanism: string | null; initial: string | null }
  | { name: 'CAPA' }
  | { name: 'STLS' }
  | { name: 'UTF8' }
  | { name: 'QUIT' }
  | { name: 'NOOP' }
  | { name: 'RSET' }
  | { name: 'STAT' }
  | { name: 'LIST'; msg: number | null }
  | { name: 'UIDL'; msg: number | null }
  | { name: 'RETR'; msg: number }
  | { name: 'DELE'; msg: number }
  | { name: 'TOP'; msg: number; lines: number };

export type Pop3CommandName = Pop3Command['name'];

/** The parsed form of one command. */
export type CommandOf<N extends Pop3CommandName> = Extract<Pop3Command, { name: N }>;

export type ParseFailure = 'unknown-command' | 'syntax';

/** A line that is not a valid command: the session answers -ERR and counts a bad command. */
export class Pop3ParseError extends Error {
  override readonly name = 'Pop3ParseError';

  constructor(
    message: string,
    readonly reason: ParseFailure,
    /** The keyword (upper case, at most 8 letters and digits), for logs. */
    readonly command: string | undefined = undefined,
  ) {
    super(message);
  }
}

const NO_ARGS = new Set(['CAPA', 'STLS', 'UTF8', 'QUIT', 'NOOP', 'RSET', 'STAT'] as const);
type NoArgName = typeof NO_ARGS extends Set<infer T> ? T : never;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Largest message number or line count accepted (RFC 1939 does not bound them; the maildrop
 *  is far smaller, and TOP's count only has to be "all lines"). */
const MAX_NUMBER = 2 ** 31 - 1;

export function parseCommand(line: Buffer): Pop3Command {
  const space = line.indexOf(0x20);
  const keyword = line.subarray(0, space === -1 ? line.length : space).toString('latin1').toUpperCase();
  const rest = space === -1 ? null : line.subarray(space + 1);
  if (!/^[A-Z0-9]{1,8}$/.test(keyword)) throw new Pop3ParseError('unknown command', 'unknown-command');
  const unknown = () => new Pop3ParseError('unknown command', 'unknown-command', keyword);
  if (NO_ARGS.has(keyword as NoArgName)) {
    if (rest !== null && rest.toString('latin1').trim() !== '') throw new Pop3ParseError(`${keyword} takes no arguments`, 'syntax', keyword);
    return { name: keyword as NoArgName } as Pop3Command;
  }
  switch (keyword) {
    case 'USER': {
      const user = text(rest, keyword).trim();
      if (user === '' || /\s/.test(user)) throw new Pop3ParseError('USER needs one argument: the user name', 'syntax', keyword);
      return { name: 'USER', user };
    }
    case 'PASS': {
      const password = text(rest, keyword);
      if (password === '') throw new Pop3ParseError('PASS needs the password', 'syntax', keyword);
      return { name: 'PASS', password };
    }
    case 'AUTH': {
      const args = words(rest);
      if (args.length > 2) throw new Pop3ParseError('AUTH takes a mechanism and an optional initial response', 'syntax', keyword);
      return { name: 'AUTH', mechanism: args[0]?.toUpperCase() ?? null, initial: args[1] ?? null };
    }
    case 'LIST':
    case 'UIDL': {
      const args = words(rest);
      if (args.length > 1) throw new Pop3ParseError(`${keyword} takes at most one message number`, 'syntax', keyword);
      return { name: keyword, msg: args.length === 0 ? null : number(args[0]!, keyword, 'message number') } as Pop3Command;
    }
    case 'RETR':
    case 'DELE': {
      const args = words(rest);
      if (args.length !== 1) throw new Pop3ParseError(`${keyword} needs one message number`, 'syntax', keyword);
      return { name: keyword, msg: number(args[0]!, keyword, 'message number') } as Pop3Command;
    }
    case 'TOP': {
      const args = words(rest);
      if (args.length !== 2) throw new Pop3ParseError('TOP needs a message number and a number of lines', 'syntax', keyword);
      return { name: 'TOP', msg: number(args[0]!, keyword, 'message number'), lines: number(args[1]!, keyword, 'number of lines') };
    }
    default:
      throw unknown();
  }
}

function text(rest: Buffer | null, keyword: string): string {
  if (rest === null) return '';
  try {
    return utf8.decode(rest);
  } catch {
    throw new Pop3ParseError(`${keyword} argument is not valid UTF-8`, 'syntax', keyword);
  }
}

/** Space-separated arguments; several spaces count as one (RFC 1939 says one; clients vary). */
function words(rest: Buffer | null): string[] {
  if (rest === null) return [];
  const value = rest.toString('latin1').trim();
  return value === '' ? [] : value.split(/ +/);
}

function number(value: string, keyword: string, what: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_NUMBER) throw new Pop3ParseError(`invalid ${what}`, 'syntax', keyword);
  return Number(value);
}
