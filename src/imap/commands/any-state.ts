/**
 * CAPABILITY, NOOP, LOGOUT, ID (RFC 2971) and ENABLE (RFC 5161).
 */

import { encodeCapability, encodeEnabled, encodeId, encodeStatusResponse } from '../protocol/index.js';
import { capabilities } from '../session/capabilities.js';
import { enableCondstore } from '../session/condstore.js';
import { ANY, AUTHENTICATED, type CommandTable } from '../session/command-spec.js';

const VERSION = '0.1.0';

/** What ENABLE can switch on (RFC 5161 3.1): names as the client may spell them. */
const ENABLEABLE = new Set(['IMAP4REV2', 'UTF8=ACCEPT', 'CONDSTORE', 'QRESYNC']);

export const anyStateCommands: CommandTable = {
  CAPABILITY: {
    states: ANY,
    announce: 'all',
    async run(session) {
      session.out.write(encodeCapability(capabilities(session), session.encoding));
    },
  },
  NOOP: {
    states: ANY,
    // NOOP is how clients poll: it announces everything pending (RFC 9051 6.1.2).
    announce: 'all',
    async run() {
      return { text: 'NOOP completed' };
    },
  },
  LOGOUT: {
    states: ANY,
    announce: 'none',
    async run(session, command) {
      session.out.write(encodeStatusResponse({ status: 'BYE', text: 'Logging out' }, session.encoding));
      session.out.write(encodeStatusResponse({ tag: command.tag, status: 'OK', text: 'LOGOUT completed' }, session.encoding));
      session.state = 'logout';
    },
  },
  ID: {
    states: ANY,
    announce: 'all',
    async run(session, command) {
      if (command.params) session.log.info({ event: 'client-id', id: Object.fromEntries(command.params.slice(0, 10)) });
      session.out.write(
        encodeId(
          [
            ['name', 'Mailkeep'],
            ['version', VERSION],
            ['vendor', 'Mailkeep'],
          ],
          session.encoding,
        ),
      );
    },
  },
  ENABLE: {
    states: AUTHENTICATED,
    announce: 'all',
    async run(session, command) {
      const enabled: string[] = [];
      const turnOn = (name: string) => {
        if (session.enabled.has(name)) return;
        session.enabled.add(name);
        enabled.push(name);
      };
      for (const name of command.capabilities) {
        if (!ENABLEABLE.has(name)) continue;
        if (name === 'IMAP4REV2') turnOn('IMAP4rev2');
        else if (name === 'UTF8=ACCEPT') turnOn('UTF8=ACCEPT');
        else if (name === 'CONDSTORE') turnOn('CONDSTORE');
        else if (name === 'QRESYNC') {
          // RFC 7162 3.2.3: enabling QRESYNC implies CONDSTORE.
          turnOn('QRESYNC');
          turnOn('CONDSTORE');
        }
      }
      session.rev2 = session.enabled.has('IMAP4rev2');
      session.utf8 = session.rev2 || session.enabled.has('UTF8=ACCEPT');
      session.qresync = session.enabled.has('QRESYNC');
      if (session.enabled.has('CONDSTORE')) await enableCondstore(session);
      session.out.write(encodeEnabled(enabled, session.encoding));
    },
  },
};
