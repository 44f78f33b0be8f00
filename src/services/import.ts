/**
 * Files messages read from mbox or Maildir (src/formats) into an account: folders are created
 * as they are announced, messages are appended in batches (one transaction each), and every
 * bad message is reported with its position. Nothing good is dropped because of a bad one.
 */

import type { ImportItem, ImportedMessage } from '../formats/index.js';
import { isMailError } from '../store/errors.js';
import type { Account, Mailbox } from '../store/types.js';
import type { Services } from './context.js';
import { parseFlags } from './flags.js';
import { createMailbox, findMailbox, setSubscribed } from './mailboxes.js';
import { normalizeMailboxName } from './mailbox-names.js';
import { appendMessages, prepareMessage, type AppendItem } from './messages.js';

/** Messages per append transaction, and their byte budget: large batches share a commit, but a
 *  batch is also memory held until it commits. */
const BATCH_MESSAGES = 200;
const BATCH_BYTES = 16 * 1024 * 1024;

export interface ImportStats {
  messages: number;
  bytes: number;
  folders: string[];
  problems: { position: string; reason: string }[];
}

export interface ImportOptions {
  /** Files everything under this folder: the source's INBOX becomes the folder itself. */
  underFolder?: string;
  /** Subscribe the folders the import creates. */
  subscribeNew?: boolean;
  onProblem?: (problem: { position: string; reason: string }) => void;
  onMessage?: (stats: ImportStats) => void;
}

export async function importItems(
  services: Services,
  account: Account,
  items: AsyncIterable<ImportItem>,
  options: ImportOptions = {},
): Promise<ImportStats> {
  const stats: ImportStats = { messages: 0, bytes: 0, folders: [], problems: [] };
  const mailboxes = new Map<string, Mailbox>();
  const problem = (position: string, reason: string) => {
    stats.problems.push({ position, reason });
    options.onProblem?.({ position, reason });
  };
  const target = (folder: string): string => {
    if (!options.underFolder) return normalizeMailboxName(folder);
    return normalizeMailboxName(folder === 'INBOX' ? options.underFolder : `${options.underFolder}/${folder}`);
  };
  const mailboxFor = async (folder: string): Promise<Mailbox> => {
    const name = target(folder);
    let mailbox = mailboxes.get(name);
    if (mailbox) return mailbox;
    mailbox = (await findMailbox(services, account, name)) ?? undefined;
    if (!mailbox || !mailbox.selectable) {
      mailbox = await createMailbox(services, account, name);
      if (options.subscribeNew) await setSubscribed(services, account, name, true);
    }
    mailboxes.set(name, mailbox);
    stats.folders.push(name);
    return mailbox;
  };

  let batch: { mailbox: Mailbox; items: { source: ImportedMessage; append: AppendItem }[]; bytes: number } | null = null;
  const flush = async () => {
    if (!batch || batch.items.length === 0) return;
    const { mailbox, items: pending } = batch;
    batch = null;
    try {
      await appendMessages(services, account, mailbox, pending.map((p) => p.append));
      for (const p of pending) {
        stats.messages++;
        stats.bytes += p.source.bytes.length;
      }
    } catch (error) {
      if (!isMailError(error)) throw error;
      // One message broke the batch (quota, a bad keyword): file them one by one so that only
      // the culprits are reported. The failed batch discarded the staged bytes, so stage again.
      for (const p of pending) await appendOne(p.source, mailbox);
    }
    options.onMessage?.(stats);
  };
  const toAppend = async (message: ImportedMessage): Promise<AppendItem> => {
    const { flags, keywords } = parseFlags([...message.flags, ...message.keywords]);
    return { message: await prepareMessage(services, message.bytes), flags, keywords, internalDate: message.internalDate ?? new Date() };
  };
  const appendOne = async (message: ImportedMessage, mailbox: Mailbox) => {
    try {
      await appendMessages(services, account, mailbox, [await toAppend(message)]);
      stats.messages++;
      stats.bytes += message.bytes.length;
    } catch (error) {
      if (!isMailError(error)) throw error;
      problem(message.position, error.message);
    }
  };

  for await (const item of items) {
    switch (item.kind) {
      case 'problem':
        problem(item.position, item.reason);
        break;
      case 'folder':
        try {
          await mailboxFor(item.folder);
        } catch (error) {
          if (!isMailError(error)) throw error;
          problem(item.position, `folder "${item.folder}": ${error.message}`);
        }
        break;
      case 'message': {
        let mailbox: Mailbox;
        try {
          mailbox = await mailboxFor(item.folder);
        } catch (error) {
          if (!isMailError(error)) throw error;
          problem(item.position, `folder "${item.folder}": ${error.message}`);
          break;
        }
        if (batch && (batch.mailbox.id !== mailbox.id || batch.items.length >= BATCH_MESSAGES || batch.bytes >= BATCH_BYTES)) await flush();
        let append: AppendItem;
        try {
          append = await toAppend(item);
        } catch (error) {
          if (!isMailError(error)) throw error;
          problem(item.position, error.message);
          break;
        }
        batch ??= { mailbox, items: [], bytes: 0 };
        batch.items.push({ source: item, append });
        batch.bytes += item.bytes.length;
        break;
      }
    }
  }
  await flush();
  return stats;
}
