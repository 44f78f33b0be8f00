/**
 * LMTP (RFC 2033) and inbound SMTP (RFC 5321) over the store. Framing, PIPELINING, 8BITMIME,
 * SMTPUTF8, SIZE, STARTTLS and ENHANCEDSTATUSCODES come from the smtp-server package; this
 * file decides who may receive, files the message, and answers — per recipient for LMTP, once
 * for SMTP. A 250 is sent only after the message's blob and entries are committed.
 */

import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { prepareMessage, deliverMessage, type DeliveryTarget } from '../services/messages.js';
import { isMailError } from '../store/errors.js';
import type { AppendResult } from '../store/types.js';
import type { Connection } from '../server/connection.js';
import type { ServerContext } from '../server/context.js';
import type { Logger } from '../server/logger.js';
import type { ProtocolServer, SessionHandle } from '../server/protocol.js';
import { acceptBareLmtpRecipients } from './bare-recipients.js';
import { RecipientResolver, type Recipient } from './recipients.js';
import { nextDeliveryId } from './delivery-id.js';
import { traceHeaders } from './trace.js';

type Mode = 'lmtp' | 'smtp';

/** An error whose responseCode smtp-server turns into the reply (with its enhanced code). */
function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** What a failed delivery to one recipient answers (RFC 3463 codes added by smtp-server). */
function replyFor(error: unknown, address: string): Error & { responseCode: number } {
  if (isMailError(error, 'OVERQUOTA')) return reply(452, `<${address}> mailbox is full`); // 4.2.2
  if (isMailError(error, 'LIMIT')) return reply(552, `<${address}> ${error.message}`);
  return reply(451, `<${address}> temporary failure, try again later`); // 4.3.0
}

interface TransactionState {
  /** RCPT address -> the mailboxes it stands for. */
  recipients: Map<string, Recipient[]>;
}

export function createDeliveryServer(context: ServerContext, mode: Mode): ProtocolServer {
  const { config, services, certificate } = context;
  if (mode === 'lmtp') acceptBareLmtpRecipients();
  const resolver = new RecipientResolver(services, config.delivery);
  const connections = new Map<string, Connection>();
  const closers = new Map<string, () => void>();
  const transactions = new WeakMap<SMTPServerSession, TransactionState>();
  const key = (address: string, port: number) => `${address}|${port}`;
  const logFor = (session: SMTPServerSession): Logger =>
    connections.get(key(session.remoteAddress, Number((session as unknown as { remotePort?: number }).remotePort ?? 0)))?.log ?? context.log;

  const server = new SMTPServer({
    lmtp: mode === 'lmtp',
    name: config.hostname,
    banner: 'Mailkeep ready',
    size: config.limits.maxMessageBytes,
    key: certificate.key,
    cert: certificate.cert,
    disabledCommands: ['AUTH'],
    authOptional: true,
    hideENHANCEDSTATUSCODES: false,
    hideDSN: true,
    disableReverseLookup: true,
    socketTimeout: config.delivery.timeoutS * 1000,
    logger: false,

    onClose(session: SMTPServerSession) {
      const id = key(session.remoteAddress, Number((session as unknown as { remotePort?: number }).remotePort ?? 0));
      connections.delete(id);
      closers.get(id)?.();
      closers.delete(id);
    },

    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      transactions.set(session, { recipients: new Map() });
      callback();
    },

    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      void (async () => {
        const state = transactions.get(session) ?? { recipients: new Map<string, Recipient[]>() };
        transactions.set(session, state);
        if (state.recipients.size >= config.delivery.maxRecipients) {
          return callback(reply(452, 'too many recipients')); // RFC 5321 4.5.3.1.10
        }
        const resolution = await resolver.resolve(address.address);
        if (!resolution.ok) {
          logFor(session).info({ event: 'rcpt-refused', rcpt: address.address, reason: resolution.reason });
          return callback(
            reply(550, resolution.reason === 'unknown' ? `<${address.address}> no such user here` : `<${address.address}> not a local domain, relaying denied`),
          );
        }
        if (mode === 'smtp') {
          // SMTP answers DATA once for everyone, so a full mailbox is refused here, before
          // the message, sized by the SIZE parameter when the client gave one.
          const size = Number((address as unknown as { args?: { SIZE?: string } }).args?.SIZE ?? 0) || 0;
          for (const r of resolution.recipients) {
            if (await overQuota(context, r, size)) return callback(reply(452, `<${address.address}> mailbox is full`));
          }
        }
        state.recipients.set(address.address, resolution.recipients);
        callback();
      })().catch((error: unknown) => {
        logFor(session).error({ event: 'rcpt-failed', err: error });
        callback(reply(451, 'temporary failure, try again later'));
      });
    },

    onData(stream: Readable, session: SMTPServerSession, callback: (error?: Error | null, message?: string | (string | Error)[]) => void) {
      const log = logFor(session);
      const state = transactions.get(session);
      const rcpts = session.envelope.rcptTo.map((r) => r.address);
      const id = nextDeliveryId();
      void receive(stream, session, rcpts, state, id, log).then(
        // LMTP: one reply per recipient (RFC 2033 4.2). SMTP delivered to all or none, so a
        // result here means all succeeded.
        (answers) => callback(null, mode === 'lmtp' ? answers : `${id} saved`),
        (error: unknown) => callback(error instanceof Error && 'responseCode' in error ? error : reply(451, 'temporary failure, try again later')),
      );
    },
  });
  server.on('error', (error: Error) => context.log.warn({ event: 'smtp-error', proto: mode, err: error.message }));

  async function receive(
    stream: Readable,
    session: SMTPServerSession,
    rcpts: string[],
    state: TransactionState | undefined,
    id: string,
    log: Logger,
  ): Promise<(string | Error)[]> {
    const trace = traceHeaders({
      sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      helo: session.hostNameAppearsAs ?? null,
      remoteAddress: session.remoteAddress,
      hostname: config.hostname,
      protocol: withProtocol(mode, session.secure),
      id,
      recipient: rcpts.length === 1 ? rcpts[0]! : null,
      date: new Date(),
    });
    let prepared;
    try {
      // destroyOnReturn: false - if we stop reading (message too large), smtp-server must
      // still see the rest of DATA up to the final dot, or it would take the rest for commands.
      prepared = await prepareMessage(services, prefixed(trace, stream.iterator({ destroyOnReturn: false })));
    } catch (error) {
      stream.resume();
      if (isMailError(error, 'LIMIT')) throw reply(552, 'message exceeds the size limit'); // 5.2.2
      throw error; // a client gone mid-DATA: nothing was stored
    }
    // One blob for everyone; a mailbox named by two recipients gets one copy.
    const targets: DeliveryTarget[] = [];
    const targetIndex = new Map<number, number>();
    const perRcpt = rcpts.map((address) =>
      (state?.recipients.get(address) ?? []).map((r) => {
        let index = targetIndex.get(r.mailbox.id);
        if (index === undefined) {
          index = targets.push({ account: r.account, mailbox: r.mailbox }) - 1;
          targetIndex.set(r.mailbox.id, index);
        }
        return index;
      }),
    );
    let results: (AppendResult | Error)[];
    try {
      results = await deliverMessage(services, prepared, new Date(), targets, { atomic: mode === 'smtp' });
    } catch (error) {
      log.warn({ event: 'delivery-failed', id, err: (error as Error).message });
      throw replyFor(error, rcpts.join('>, <'));
    }
    const answers = rcpts.map((address, i) => {
      const failed = perRcpt[i]!.map((t) => results[t]!).find((r): r is Error => r instanceof Error);
      if (failed) {
        log.info({ event: 'delivery-refused', id, rcpt: address, err: failed.message });
        return replyFor(failed, address);
      }
      return `<${address}> ${id} saved`;
    });
    log.info({ event: 'delivered', id, size: prepared.blob.size, rcpts: rcpts.length });
    return answers;
  }

  return {
    name: mode,
    accept(connection: Connection): SessionHandle {
      const id = key(connection.remoteAddress, connection.remotePort);
      connections.set(id, connection);
      // smtp-server reports the end of a session through onClose; after STARTTLS the
      // original socket object no longer emits 'close' (the TLS socket took its handle).
      const closed = new Promise<void>((resolve) => closers.set(id, resolve));
      coalesceReplies(connection.socket);
      server.connect(connection.socket, { remoteAddress: connection.remoteAddress, remotePort: connection.remotePort });
      return {
        closed,
        shutdown(reason: string) {
          for (const smtp of server.connections as Set<{ remoteAddress: string; remotePort: number; send(code: number, text: string): void; close(): void }>) {
            if (smtp.remoteAddress === connection.remoteAddress && smtp.remotePort === connection.remotePort) {
              smtp.send(421, `${config.hostname} ${reason}`);
              smtp.close();
            }
          }
        },
      };
    },
    refuse(socket: Socket, reason: string) {
      socket.end(`421 4.7.0 ${config.hostname} ${reason}, try again later\r\n`);
    },
  };
}

/**
 * A pipelining client (RFC 2920) sends MAIL, RCPT and DATA together; smtp-server answers each
 * with its own write. Corking the socket while one burst of input is handled turns those
 * replies into one segment: one system call and one wake-up of the client instead of three.
 * (Registered before smtp-server's own reader, so the cork is in place when it answers.)
 */
function coalesceReplies(socket: Socket): void {
  let corked = false;
  socket.on('data', () => {
    if (corked) return;
    corked = true;
    socket.cork();
    setImmediate(() => {
      corked = false;
      socket.uncork();
    });
  });
}

/** RFC 3848 "with" values: LMTP / LMTPS, ESMTP / ESMTPS. */
function withProtocol(mode: Mode, secure: boolean): string {
  return `${mode === 'lmtp' ? 'LMTP' : 'ESMTP'}${secure ? 'S' : ''}`;
}

async function* prefixed(head: Buffer, body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  yield* body;
}

async function overQuota(context: ServerContext, recipient: Recipient, incoming: number): Promise<boolean> {
  const { store, defaultQuota } = context.services;
  const maxBytes = recipient.account.quotaBytes ?? defaultQuota.maxBytes;
  const maxMessages = recipient.account.quotaMessages ?? defaultQuota.maxMessages;
  if (maxBytes === null && maxMessages === null) return false;
  const usage = await store.accountUsage(recipient.account.id);
  return (maxBytes !== null && usage.bytes + incoming > maxBytes) || (maxMessages !== null && usage.messages + 1 > maxMessages);
}
