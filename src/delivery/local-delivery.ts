/**
 * The local delivery agent behind `mailkeep deliver`: one message from a stream into one
 * account's folder, as an MTA's pipe transport calls it. Failures are classified so that the
 * command can exit with the sysexits code the MTA acts on.
 */

import type { Services } from '../services/context.js';
import { createMailbox } from '../services/mailboxes.js';
import { deliverMessage, prepareMessage } from '../services/messages.js';
import { INBOX, normalizeMailboxName } from '../services/mailbox-names.js';
import { toCrlf } from '../formats/line-ends.js';
import { isMailError } from '../store/errors.js';
import type { Mailbox } from '../store/types.js';
import { nextDeliveryId } from './delivery-id.js';
import { traceHeaders } from './trace.js';

/** sysexits.h codes an MTA understands. */
export const EX_OK = 0;
export const EX_USAGE = 64;
export const EX_DATAERR = 65;
export const EX_NOUSER = 67;
export const EX_SOFTWARE = 70;
export const EX_CANTCREAT = 73;
export const EX_TEMPFAIL = 75;

export interface LocalDeliveryRequest {
  user: string;
  folder: string | null;
  /** Create `folder` when it does not exist (otherwise the message goes to INBOX). */
  autocreate: boolean;
  sender: string | null;
  hostname: string;
  source: AsyncIterable<Buffer>;
}

export interface LocalDeliveryResult {
  exitCode: number;
  message: string;
}

export async function deliverLocally(services: Services, request: LocalDeliveryRequest): Promise<LocalDeliveryResult> {
  const account = await services.store.findAccount(request.user);
  if (!account) return { exitCode: EX_NOUSER, message: `no account named ${request.user}` };
  let mailbox: Mailbox | null = null;
  if (request.folder !== null) {
    let name: string | null = null;
    try {
      name = normalizeMailboxName(request.folder);
    } catch (error) {
      if (request.autocreate) return { exitCode: EX_CANTCREAT, message: `cannot create ${request.folder}: ${(error as Error).message}` };
    }
    mailbox = name === null ? null : await services.store.findMailbox(account.id, name);
    if (name !== null && (!mailbox || !mailbox.selectable) && request.autocreate) {
      try {
        mailbox = await createMailbox(services, account, name);
      } catch (error) {
        return { exitCode: EX_CANTCREAT, message: `cannot create ${name}: ${(error as Error).message}` };
      }
    }
    // Dovecot's LDA behaves the same: an unusable -m folder means INBOX, not a lost message.
    if (mailbox && !mailbox.selectable) mailbox = null;
  }
  mailbox ??= await services.store.findMailbox(account.id, INBOX);
  if (!mailbox) return { exitCode: EX_CANTCREAT, message: `account ${account.name} has no INBOX` };

  const id = nextDeliveryId();
  const trace = traceHeaders({
    sender: request.sender ?? '',
    helo: null,
    remoteAddress: null,
    hostname: request.hostname,
    protocol: 'local',
    id,
    recipient: account.name,
    date: new Date(),
  });
  try {
    const prepared = await prepareMessage(services, withHead(trace, request.source));
    const [result] = await deliverMessage(services, prepared, new Date(), [{ account, mailbox }]);
    if (result instanceof Error) throw result;
    return { exitCode: EX_OK, message: `saved to ${mailbox.name} as UID ${result!.uids[0]}` };
  } catch (error) {
    if (isMailError(error, 'OVERQUOTA')) return { exitCode: EX_TEMPFAIL, message: `${account.name}: mailbox is full` };
    if (isMailError(error, 'LIMIT')) return { exitCode: EX_DATAERR, message: (error as Error).message };
    return { exitCode: EX_TEMPFAIL, message: `temporary failure: ${(error as Error).message}` };
  }
}

async function* withHead(head: Buffer, body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  yield* crlfLines(body);
}

/**
 * An MTA pipes the message with Unix line ends; the store keeps RFC 5322's CRLF (so that sizes
 * and offsets are what IMAP sends). A lone LF becomes CRLF, also across chunk boundaries.
 */
export async function* crlfLines(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let endedWithCr = false;
  for await (const chunk of body) {
    if (chunk.length === 0) continue;
    if (endedWithCr && chunk[0] === 0x0a) {
      yield chunk.subarray(0, 1);
      yield toCrlf(chunk.subarray(1));
    } else {
      yield toCrlf(chunk);
    }
    endedWithCr = chunk[chunk.length - 1] === 0x0d;
  }
}
