/**
 * The command table: for each command, the states it is valid in, the handler, and when the
 * session may announce changes around it. Handlers return how to complete (OK with a code and
 * text) or throw BadError / NoError / ByeError / MailError, which are turned into responses
 * here and nowhere else (ARCHITECTURE.md: typed errors mapped in one place).
 */

import { encodeStatusResponse, type ImapCommand } from '../protocol/index.js';
import { isMailError } from '../../store/errors.js';
import { BadError, ByeError, NoError, toNo } from './errors.js';
import type { ImapSession } from './session.js';
import { SELECTED, type AnnouncePolicy, type CommandSpec, type CommandTable, type Completion } from './command-spec.js';
import { anyStateCommands } from '../commands/any-state.js';
import { authCommands } from '../commands/auth.js';
import { mailboxCommands } from '../commands/mailbox.js';
import { listCommands } from '../commands/list.js';
import { statusCommands } from '../commands/status.js';
import { selectCommands } from '../commands/select.js';
import { appendCommands } from '../commands/append.js';
import { fetchCommands } from '../commands/fetch.js';
import { storeCommands } from '../commands/store.js';
import { searchCommands } from '../commands/search.js';
import { copyMoveCommands } from '../commands/copy-move.js';
import { expungeCommands } from '../commands/expunge.js';
import { idleCommands } from '../commands/idle.js';

const TABLE: CommandTable = {
  ...anyStateCommands,
  ...authCommands,
  ...mailboxCommands,
  ...listCommands,
  ...statusCommands,
  ...selectCommands,
  ...appendCommands,
  ...fetchCommands,
  ...storeCommands,
  ...searchCommands,
  ...copyMoveCommands,
  ...expungeCommands,
  ...idleCommands,
};

/** Why a command cannot run in the session's state (the BAD text), or null when it can. */
export function stateRefusal(session: ImapSession, name: string | undefined): string | null {
  const spec = name === undefined ? undefined : (TABLE[name as ImapCommand['name']] as CommandSpec | undefined);
  if (!spec) return 'Unknown command';
  if (spec.states.includes(session.state)) return null;
  if (session.state === 'not-authenticated') return 'Log in first';
  return SELECTED.includes(spec.states[0]!) && spec.states.length === 1 ? 'No mailbox selected' : 'Command not valid in this state';
}

export async function dispatch(session: ImapSession, command: ImapCommand): Promise<void> {
  // A command's responses leave together (see output.ts); waiting for input uncorks earlier.
  session.out.cork();
  try {
    await runCommand(session, command);
  } finally {
    session.out.uncork();
  }
}

async function runCommand(session: ImapSession, command: ImapCommand): Promise<void> {
  const spec = TABLE[command.name] as CommandSpec | undefined;
  const tag = command.tag;
  const refused = stateRefusal(session, command.name);
  if (refused !== null || !spec) return session.badCommand(tag, refused ?? 'Unknown command');
  const policy = typeof spec.announce === 'function' ? spec.announce(command) : spec.announce;
  let completion: Completion | void;
  try {
    completion = await spec.run(session, command);
  } catch (error) {
    return fail(session, command, policy, error);
  }
  if (session.state === 'logout' || completion?.written) return;
  if (policy !== 'none') await session.announce(policy === 'all');
  session.badCommands = 0;
  session.out.write(
    encodeStatusResponse(
      {
        tag,
        status: completion?.status ?? 'OK',
        code: completion?.code,
        text: completion?.text ?? `${command.name} completed`,
      },
      session.encoding,
    ),
  );
  await session.out.drain();
}

async function fail(session: ImapSession, command: ImapCommand, policy: AnnouncePolicy, error: unknown): Promise<void> {
  if (error instanceof ByeError) return session.bye(error.message);
  if (error instanceof BadError) {
    session.log.info({ event: 'command-bad', command: command.name, err: error.message });
    return session.badCommand(command.tag, error.message, error.code);
  }
  let no: NoError;
  if (error instanceof NoError) no = error;
  else if (isMailError(error)) no = toNo(error);
  else {
    session.log.error({ event: 'command-failed', command: command.name, err: error }, 'command failed');
    no = new NoError('Internal error, try again later', { code: 'SERVERBUG' });
  }
  session.log.info({ event: 'command-no', command: command.name, err: no.message, code: no.code?.code });
  if (session.state === 'logout') return;
  if (policy !== 'none') await session.announce(policy === 'all').catch(() => undefined);
  session.out.write(encodeStatusResponse({ tag: command.tag, status: 'NO', code: no.code, text: no.message }, session.encoding));
}
