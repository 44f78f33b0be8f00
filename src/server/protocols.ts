/**
 * The table of protocols `mailkeep serve` can run: listener name -> how to build its server
 * and whether its port speaks TLS from the first byte.
 */

import type { ListenerName } from '../config/config.js';
import { createDeliveryServer } from '../delivery/smtp-protocol.js';
import { createImapServer } from '../imap/server.js';
import { createPop3RelayServer } from '../pop3/relay/relay-server.js';
import { createLocalPop3Server } from '../pop3/server.js';
import type { ServerContext } from './context.js';
import type { ProtocolServer } from './protocol.js';

export interface ProtocolEntry {
  implicitTls: boolean;
  create(context: ServerContext): ProtocolServer;
}

export const PROTOCOLS: Partial<Record<ListenerName, ProtocolEntry>> = {
  imap: { implicitTls: false, create: (context) => createImapServer(context, false) },
  imaps: { implicitTls: true, create: (context) => createImapServer(context, true) },
  lmtp: { implicitTls: false, create: (context) => createDeliveryServer(context, 'lmtp') },
  smtp: { implicitTls: false, create: (context) => createDeliveryServer(context, 'smtp') },
  pop3: { implicitTls: false, create: (context) => createLocalPop3Server(context, 'pop3') },
  pop3s: { implicitTls: true, create: (context) => createLocalPop3Server(context, 'pop3s') },
  pop3_relay: { implicitTls: false, create: (context) => createPop3RelayServer(context) },
};
