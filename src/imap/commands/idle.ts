/**
 * IDLE (RFC 2177, RFC 9051 6.3.13): the client waits; the server tells it of changes as they
 * happen (EXISTS, EXPUNGE, FETCH: all allowed in IDLE) until the client sends DONE.
 */

import { encodeContinuation, isIdleDone } from '../protocol/index.js';
import { AUTHENTICATED, type CommandTable } from '../session/command-spec.js';
import { BadError } from '../session/errors.js';

export const idleCommands: CommandTable = {
  IDLE: {
    states: AUTHENTICATED,
    announce: 'none',
    async run(session) {
      session.out.write(encodeContinuation('idling', session.encoding));
      let announcing = Promise.resolve();
      const kick = (catchUp: boolean) => {
        // Serialised: changes that arrive while one announcement is written wait their turn.
        // Corked, so that EXISTS and RECENT (or several FETCHes) leave in one write.
        announcing = announcing
          .then(async () => {
            session.out.cork();
            try {
              await session.announce(true, catchUp);
            } finally {
              session.out.uncork();
            }
          })
          .catch((error: unknown) => {
            session.log.warn({ event: 'idle-announce-failed', err: (error as Error).message });
          });
      };
      // The feed calls this right after delivering rows: nothing to read again.
      session.idleKick = () => kick(false);
      kick(true);
      session.armTimer();
      let line: Buffer | null;
      try {
        line = await session.readRawLine();
      } finally {
        session.idleKick = null;
        await announcing;
      }
      if (line === null) return { written: true };
      if (!isIdleDone(line)) throw new BadError('Expected DONE to end IDLE');
      await session.announce(true);
      return { text: 'IDLE terminated' };
    },
  },
};
