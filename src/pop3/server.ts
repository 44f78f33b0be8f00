/**
 * The POP3 protocol servers: `pop3` (STLS) and `pop3s` (implicit TLS; the listener does the
 * handshake) over the local store, and `pop3_relay` (relay/) over an upstream IMAP server.
 * All use the same session code; only the maildrop backend differs.
 */

import type { Socket } from 'node:net';
import type { Connection } from '../server/connection.js';
import type { ServerContext } from '../server/context.js';
import type { ProtocolServer, SessionHandle } from '../server/protocol.js';
import { LocalBackend } from './local/local-maildrop.js';
import { err } from './protocol/responses.js';
import type { MaildropBackend } from './session/maildrop.js';
import { Pop3Session } from './session/session.js';

export function createPop3Server(context: ServerContext, name: string, backend: MaildropBackend, greeting: string): ProtocolServer {
  const { config, throttle } = context;
  return {
    name,
    accept(connection: Connection): SessionHandle {
      return new Pop3Session(connection, {
        backend,
        throttle,
        allowPlaintext: config.auth.allowPlaintext,
        maxBadCommands: config.limits.maxBadCommands,
        loginTimeoutS: config.limits.loginTimeoutS,
        idleTimeoutS: config.limits.idleTimeoutS,
        greeting,
      });
    },
    refuse(socket: Socket, reason: string) {
      socket.end(err(`${reason}, try again later`, 'SYS/TEMP'));
    },
  };
}

/** POP3 over the local store (listeners pop3 and pop3s). */
export function createLocalPop3Server(context: ServerContext, name: string): ProtocolServer {
  const backend = new LocalBackend(context.services, { dele: context.config.pop3.dele, loginDelayS: context.config.pop3.loginDelayS });
  return createPop3Server(context, name, backend, `${context.config.hostname} Mailkeep POP3 ready`);
}
