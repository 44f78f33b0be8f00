/**
 * Message operations shared by IMAP, POP3, delivery and import: append (with the MIME index
 * computed once, while the bytes stream into the store), copy, move, expunge and flag changes.
 * Each is one store transaction; listeners are poked only after it committed.
 */

import { MailError } from '../store/errors.js';
import type {
  Account,
  AppendOptions,
  AppendResult,
  CopyResult,
  ExpungeResult,
  FlagChange,
  Mailbox,
  MessageSearchData,
  MoveResult,
  StagedBlob,
  StoreFlagsResult,
} from '../store/types.js';
import type { Services } from './context.js';
import { SEARCH_HEADER_KEEP_BYTES } from '../limits.js';
import { searchDataFor } from '../search/fields.js';

export type MessageSource = Buffer | AsyncIterable<Buffer>;

/** A message's bytes, durable in the store but not yet in any mailbox. */
export interface PreparedMessage {
  blob: StagedBlob;
  mimeIndex: Buffer;
  /** What SEARCH tests without opening the message (src/search/fields.ts). */
  search: MessageSearchData;
  /** Throws the bytes away if no append takes them. Harmless after a successful append. */
  discard(): Promise<void>;
}

/**
 * Receives a message's bytes piece by piece (an APPEND literal, a DATA stream), staging them
 * in the store and indexing their MIME structure on the way.
 */
export interface MessageWriter {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<PreparedMessage>;
  discard(): Promise<void>;
}

export function startMessage(services: Services): MessageWriter {
  const staging = services.store.stageBlob();
  const indexer = services.newIndexer();
  // The first bytes are kept for the search data: the header block, when it is not huge.
  const head: Buffer[] = [];
  let headBytes = 0;
  return {
    async write(chunk) {
      indexer.write(chunk);
      if (headBytes < SEARCH_HEADER_KEEP_BYTES) {
        const piece = chunk.subarray(0, SEARCH_HEADER_KEEP_BYTES - headBytes);
        head.push(Buffer.from(piece));
        headBytes += piece.length;
      }
      await staging.write(chunk);
    },
    async finish() {
      const blob = await staging.finish();
      const mimeIndex = indexer.finish();
      return { blob, mimeIndex, search: searchDataFor(mimeIndex, Buffer.concat(head, headBytes)), discard: () => staging.discard() };
    },
    discard: () => staging.discard(),
  };
}

/** Streams a whole message into the store (see startMessage). */
export async function prepareMessage(services: Services, source: MessageSource): Promise<PreparedMessage> {
  const writer = startMessage(services);
  try {
    for await (const chunk of Buffer.isBuffer(source) ? [source] : source) await writer.write(chunk);
    return await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

export interface AppendItem {
  message: PreparedMessage;
  flags: number;
  keywords: readonly string[];
  internalDate: Date;
}

function quotaOptions(services: Services): AppendOptions {
  return { enforceQuota: true, defaultQuota: services.defaultQuota };
}

/** Invariant 5: a session acts only on its own account's mailboxes. */
function assertOwned(account: Account, mailbox: Mailbox): void {
  if (mailbox.accountId !== account.id) throw new MailError('NONEXISTENT', 'no such mailbox');
}

/** Appends one or more messages atomically (MULTIAPPEND: all or none), within quota. */
export async function appendMessages(
  services: Services,
  account: Account,
  mailbox: Mailbox,
  items: readonly AppendItem[],
): Promise<AppendResult> {
  assertOwned(account, mailbox);
  try {
    const result = await services.store.appendMessages(
      mailbox.id,
      items.map((item) => ({
        blob: item.message.blob,
        mimeIndex: item.message.mimeIndex,
        search: item.message.search,
        flags: item.flags,
        keywords: item.keywords,
        internalDate: item.internalDate,
      })),
      quotaOptions(services),
    );
    services.bus.publishMailbox({ type: 'changed', mailboxId: mailbox.id, modseq: result.modseq });
    return result;
  } catch (error) {
    for (const item of items) await item.message.discard();
    throw error;
  }
}

export async function copyMessages(
  services: Services,
  account: Account,
  source: Mailbox,
  uids: readonly number[],
  dest: Mailbox,
): Promise<CopyResult> {
  assertOwned(account, source);
  assertOwned(account, dest);
  const result = await services.store.copyMessages(source.id, uids, dest.id, quotaOptions(services));
  if (result.destUids.length > 0) services.bus.publishMailbox({ type: 'changed', mailboxId: dest.id, modseq: result.modseq });
  return result;
}

export async function moveMessages(
  services: Services,
  account: Account,
  source: Mailbox,
  uids: readonly number[],
  dest: Mailbox,
): Promise<MoveResult> {
  assertOwned(account, source);
  assertOwned(account, dest);
  const result = await services.store.moveMessages(source.id, uids, dest.id, quotaOptions(services));
  if (result.destUids.length > 0) {
    services.bus.publishMailbox({ type: 'changed', mailboxId: dest.id, modseq: result.modseq });
    services.bus.publishMailbox({ type: 'changed', mailboxId: source.id, modseq: result.sourceModseq });
  }
  return result;
}

export async function expungeMessages(
  services: Services,
  account: Account,
  mailbox: Mailbox,
  uids: readonly number[],
): Promise<ExpungeResult> {
  assertOwned(account, mailbox);
  const result = await services.store.expungeMessages(mailbox.id, uids);
  if (result.uids.length > 0) services.bus.publishMailbox({ type: 'changed', mailboxId: mailbox.id, modseq: result.modseq });
  return result;
}

export async function storeFlags(
  services: Services,
  account: Account,
  mailbox: Mailbox,
  uids: readonly number[],
  change: FlagChange,
  options: { unchangedSince?: number } = {},
): Promise<StoreFlagsResult> {
  assertOwned(account, mailbox);
  const result = await services.store.storeFlags(mailbox.id, uids, change, options);
  if (result.changed.length > 0) services.bus.publishMailbox({ type: 'changed', mailboxId: mailbox.id, modseq: result.modseq });
  return result;
}

export interface DeliveryTarget {
  account: Account;
  mailbox: Mailbox;
}

/**
 * Files one message for several recipients (LMTP, SMTP, deliver): one blob and one message
 * row, one entry per target; each target succeeds (an AppendResult) or fails (an Error, e.g.
 * OVERQUOTA) on its own. Resolves after the commit: the caller may then acknowledge.
 */
export async function deliverMessage(
  services: Services,
  message: PreparedMessage,
  internalDate: Date,
  targets: readonly DeliveryTarget[],
  options: { atomic?: boolean } = {},
): Promise<(AppendResult | Error)[]> {
  for (const target of targets) assertOwned(target.account, target.mailbox);
  let results: (AppendResult | Error)[];
  try {
    results = await services.store.deliverToMany(
      { blob: message.blob, mimeIndex: message.mimeIndex, search: message.search, internalDate },
      targets.map((t) => ({ mailboxId: t.mailbox.id, flags: 0, keywords: [] })),
      { ...quotaOptions(services), atomic: options.atomic ?? false },
    );
  } catch (error) {
    await message.discard();
    throw error;
  }
  for (const result of results) {
    if (!(result instanceof Error)) services.bus.publishMailbox({ type: 'changed', mailboxId: result.mailboxId, modseq: result.modseq });
  }
  return results;
}
