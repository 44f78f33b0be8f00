/**
 * Reads an account's folders as the format writers want them (src/formats): one folder after
 * another, messages in UID order with their flags, keywords and INTERNALDATE. Messages are
 * fetched in small groups so that an export never holds a mailbox in memory.
 */

import type { ExportFolder, ExportMessage, SystemFlag } from '../formats/index.js';
import { MailError } from '../store/errors.js';
import type { Account, Mailbox } from '../store/types.js';
import type { Services } from './context.js';
import { systemFlagNames } from './flags.js';
import { normalizeMailboxName } from './mailbox-names.js';

const FETCH_GROUP = 100;

export interface ExportSelection {
  /** The folders to export, in order, and the name each gets in the export. */
  folders: { mailbox: Mailbox; exportName: string }[];
  totalMessages: number;
}

/**
 * All selectable folders, or one folder (exported under the name INBOX, i.e. as the root of
 * the file or tree, so that `import --folder` brings it back to where it was).
 */
export async function selectForExport(services: Services, account: Account, folder?: string): Promise<ExportSelection> {
  const all = await services.store.listMailboxes(account.id);
  let folders: { mailbox: Mailbox; exportName: string }[];
  if (folder !== undefined) {
    const name = normalizeMailboxName(folder);
    const mailbox = all.find((m) => m.name === name && m.selectable);
    if (!mailbox) throw new MailError('NONEXISTENT', `mailbox ${folder} does not exist`);
    folders = [{ mailbox, exportName: 'INBOX' }];
  } else {
    folders = all.filter((m) => m.selectable).map((mailbox) => ({ mailbox, exportName: mailbox.name }));
  }
  return { folders, totalMessages: folders.reduce((sum, f) => sum + f.mailbox.messages, 0) };
}

export function exportFolders(services: Services, selection: ExportSelection): ExportFolder[] {
  return selection.folders.map(({ mailbox, exportName }) => ({ folder: exportName, messages: messagesOf(services, mailbox) }));
}

async function* messagesOf(services: Services, mailbox: Mailbox): AsyncGenerator<ExportMessage> {
  const { uids } = await services.store.listEntries(mailbox.id);
  for (let i = 0; i < uids.length; i += FETCH_GROUP) {
    const entries = await services.store.getEntries(mailbox.id, [...uids.subarray(i, i + FETCH_GROUP)]);
    for (const entry of entries) {
      const reader = await services.store.openBlob(entry.blobHash);
      yield {
        bytes: await reader.read(0, reader.size),
        flags: systemFlagNames(entry.flags) as SystemFlag[],
        keywords: entry.keywords,
        internalDate: entry.internalDate,
      };
    }
  }
}
