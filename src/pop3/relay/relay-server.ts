/**
 * The `pop3_relay` listener: POP3 in front of the IMAP server named in [pop3_relay]. Clients
 * get the same POP3 as on Mailkeep's own store (same session code, same STLS and plaintext
 * policy, same throttle); their maildrop is the upstream INBOX (imap-maildrop.ts).
 */

import { readFileSync } from 'node:fs';
import type { ServerContext } from '../../server/context.js';
import type { ProtocolServer } from '../../server/protocol.js';
import { createPop3Server } from '../server.js';
import { ImapBackend } from './imap-maildrop.js';

export function createPop3RelayServer(context: ServerContext): ProtocolServer {
  const relay = context.config.pop3Relay;
  if (relay.host === '') throw new Error('listen.pop3_relay is on, but pop3_relay.host names no upstream IMAP server');
  let ca: Buffer | null = null;
  if (relay.caFile) {
    try {
      ca = readFileSync(relay.caFile);
    } catch (error) {
      throw new Error(`pop3_relay.ca_file: cannot read ${relay.caFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  const backend = new ImapBackend({
    host: relay.host,
    port: relay.port,
    tls: relay.tls,
    verifyCertificate: relay.verifyCertificate,
    ca,
    timeoutMs: relay.timeoutS * 1000,
  });
  return createPop3Server(context, 'pop3_relay', backend, `${context.config.hostname} Mailkeep POP3 relay ready`);
}
