/**
 * The command table: which commands exist, in which states they may run, and the one place
 * where failures become responses:
 *   Pop3ParseError  -> -ERR text                (a bad command)
 *   wrong state     -> -ERR text                (a bad command)
 *   Pop3Error       -> -ERR [code] text         (a bad command only when marked so)
 *   anything else   -> -ERR [SYS/TEMP] text     (logged as an error)
 * After limits.max_bad_commands bad commands in a row the connection is closed.
 */

import { auth, continueSasl, pass, user } from '../commands/auth.js';
import { capa } from '../commands/capa.js';
import { dele, rset } from '../commands/delete.js';
import { list, stat, uidl } from '../commands/listing.js';
import { noop, quit } from '../commands/quit.js';
import { retr, top } from '../commands/retrieve.js';
import { stls } from '../commands/stls.js';
import { utf8 } from '../commands/utf8.js';
import { parseCommand, Pop3ParseError, type CommandOf, type Pop3CommandName } from '../protocol/command.js';
import type { LineEvent } from '../protocol/line-reader.js';
import { err } from '../protocol/responses.js';
import { Pop3Error } from './errors.js';
import type { Pop3Session } from './session.js';
import type { StateName } from './state.js';

type Run<N extends Pop3CommandName> = (session: Pop3Session, command: CommandOf<N>) => Promise<void>;

interface CommandSpec<N extends Pop3CommandName> {
  states: readonly StateName[];
  run: Run<N>;
}

const AUTHORIZATION = ['authorization'] as const;
const TRANSACTION = ['transaction'] as const;
const BOTH = ['authorization', 'transaction'] as const;

const COMMANDS: { [N in Pop3CommandName]: CommandSpec<N> } = {
  CAPA: { states: BOTH, run: capa },
  USER: { states: AUTHORIZATION, run: user },
  PASS: { states: AUTHORIZATION, run: pass },
  AUTH: { states: AUTHORIZATION, run: auth },
  STLS: { states: AUTHORIZATION, run: stls },
  UTF8: { states: AUTHORIZATION, run: utf8 },
  QUIT: { states: BOTH, run: quit },
  NOOP: { states: TRANSACTION, run: noop },
  STAT: { states: TRANSACTION, run: stat },
  LIST: { states: TRANSACTION, run: list },
  UIDL: { states: TRANSACTION, run: uidl },
  RETR: { states: TRANSACTION, run: retr },
  TOP: { states: TRANSACTION, run: top },
  DELE: { states: TRANSACTION, run: dele },
  RSET: { states: TRANSACTION, run: rset },
};

/** Handles one line from the client: a command, or the response of a SASL exchange. */
export async function dispatch(session: Pop3Session, event: LineEvent): Promise<void> {
  let name: string | undefined;
  try {
    if (session.state.kind === 'authorization' && session.state.sasl) {
      name = 'AUTH';
      if (event.kind === 'too-long') {
        session.state.sasl = null;
        throw new Pop3Error('line too long, authentication cancelled', null, true);
      }
      await continueSasl(session, event.line);
    } else {
      if (event.kind === 'too-long') throw new Pop3ParseError('line too long', 'syntax');
      const command = parseCommand(event.line);
      name = command.name;
      const spec = COMMANDS[command.name] as CommandSpec<Pop3CommandName>;
      if (!spec.states.includes(session.state.kind)) {
        throw new Pop3Error(
          session.state.kind === 'authorization' ? `${command.name} is not allowed before login` : `${command.name} is only allowed before login`,
          null,
          true,
        );
      }
      await (spec.run as Run<Pop3CommandName>)(session, command);
    }
    session.badCommands = 0;
  } catch (error) {
    await fail(session, name ?? (error instanceof Pop3ParseError ? error.command : undefined), error);
  }
}

async function fail(session: Pop3Session, command: string | undefined, error: unknown): Promise<void> {
  let response: Buffer;
  let bad = false;
  if (error instanceof Pop3ParseError) {
    response = err(error.message);
    bad = true;
  } else if (error instanceof Pop3Error) {
    response = err(error.message, error.code);
    bad = error.bad;
  } else {
    session.log.error({ event: 'command-error', command, err: error }, 'POP3 command failed');
    response = err('internal error, try again later', 'SYS/TEMP');
  }
  if (bad) session.badCommands++;
  if (bad && session.badCommands >= session.options.maxBadCommands) {
    session.log.info({ event: 'too-many-bad-commands', command, count: session.badCommands });
    await session.send(err('too many bad commands, closing connection'));
    session.end();
    return;
  }
  if (error instanceof Pop3ParseError || (error instanceof Pop3Error && !error.logged)) {
    session.log.info({ event: 'command-failed', command, response: response.toString('latin1').trimEnd() });
  }
  await session.send(response);
}
