/**
 * What a protocol (IMAP, POP3, LMTP, SMTP, the POP3 relay) gives the listeners: how to take a
 * new connection, how to turn one away, and a handle to end a session at shutdown.
 */

import type { Socket } from 'node:net';
import type { Connection } from './connection.js';

export interface SessionHandle {
  /** Ends the session politely (IMAP: BYE; POP3: -ERR; SMTP/LMTP: 421) and closes. */
  shutdown(reason: string): void;
  /** Resolves when the connection has closed. */
  readonly closed: Promise<void>;
}

export interface ProtocolServer {
  readonly name: string;
  /** Takes over a connection that passed the connection limits. */
  accept(connection: Connection): SessionHandle;
  /** Answers a connection over the limits with the protocol's "try later" and closes it. */
  refuse(socket: Socket, reason: string): void;
}
