/**
 * `mailkeep import mbox|maildir PATH --user NAME [--folder NAME]`.
 */

import { statSync } from 'node:fs';
import { readMaildir, readMaildirSubscriptions, readMbox, readMboxTree, type ImportItem, type MboxVariant } from '../../formats/index.js';
import { requireAccount } from '../../services/accounts.js';
import { openServices } from '../../services/open.js';
import { importItems } from '../../services/import.js';
import { setSubscribed } from '../../services/mailboxes.js';
import { COMMON_HELP, configFrom, parseCommand, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { createProgress } from '../progress.js';

const HELP = `Usage: mailkeep import mbox|maildir PATH --user NAME [--folder NAME] [--mbox-variant mboxrd|mboxo]

Copies messages into an account, with their flags, keywords and dates.
  mbox     PATH is one mbox file (into --folder, default INBOX) or a directory of mbox files
           in Thunderbird's layout (Work, Work.sbd/Projects, ...), one folder per file.
           Status/X-Status/X-Keywords/X-Mozilla-Status give the flags. --mbox-variant says how
           ">From " lines were quoted (mboxrd, the default, or mboxo).
  maildir  PATH is a Maildir++ tree: its root is INBOX, .Sub.Folder is Sub/Folder; flags come
           from the :2, suffix and dovecot-keywords.
  --folder NAME   file everything under NAME (the source's INBOX becomes NAME itself)

Bad messages (empty, not a message, too large) are skipped and each is reported with its
position; every good one is imported. Exit status 0 when all was imported, 1 when some
messages were reported.

${COMMON_HELP}`;

export const importCommand: Command = {
  name: 'import',
  summary: 'import messages from mbox or Maildir into an account',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, {
      user: { type: 'string', short: 'u' },
      folder: { type: 'string' },
      'mbox-variant': { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [format, path, ...rest] = positionals;
    if (format !== 'mbox' && format !== 'maildir') throw new UsageError('say mbox or maildir');
    if (!path) throw new UsageError('import needs the PATH to read');
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const user = stringOption(values, 'user');
    if (!user) throw new UsageError('import needs --user NAME');
    const variant = (stringOption(values, 'mbox-variant') ?? 'mboxrd') as MboxVariant;
    if (variant !== 'mboxrd' && variant !== 'mboxo') throw new UsageError('--mbox-variant is mboxrd or mboxo');
    const folder = stringOption(values, 'folder');
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`);
    }

    const config = configFrom(values);
    const { store, services } = openServices(config);
    try {
      const account = await requireAccount(services, user);
      const progress = createProgress(`import ${path}`, null);
      let bytesRead = 0;
      let totalBytes: number | null = null;
      const onProgress = (p: { bytesRead: number; totalBytes: number | null }) => {
        bytesRead = p.bytesRead;
        totalBytes = p.totalBytes;
      };
      const maxMessageBytes = config.limits.maxMessageBytes;
      let items: AsyncIterable<ImportItem>;
      if (format === 'maildir') items = readMaildir(path, { maxMessageBytes, progress: onProgress });
      else if (isDirectory) items = readMboxTree(path, { variant, maxMessageBytes, progress: onProgress });
      else items = readMbox(path, { variant, maxMessageBytes, folder: 'INBOX', progress: onProgress });

      const stats = await importItems(services, account, items, {
        ...(folder !== undefined ? { underFolder: folder } : {}),
        subscribeNew: true,
        onProblem: (p) => process.stderr.write(`\nskipped: ${p.position}: ${p.reason}\n`),
        onMessage: (s) => {
          const share = totalBytes ? `${Math.floor((bytesRead / totalBytes) * 100)}% read` : `${bytesRead} bytes read`;
          progress.update(s.messages, share);
        },
      });
      if (format === 'maildir') {
        const subscriptions = await readMaildirSubscriptions(path);
        for (const name of subscriptions ?? []) {
          await setSubscribed(services, account, folder ? (name === 'INBOX' ? folder : `${folder}/${name}`) : name, true).catch(() => undefined);
        }
      }
      progress.finish(
        `${stats.messages} messages (${stats.bytes} bytes) into ${stats.folders.length} folder(s)` +
          (stats.problems.length > 0 ? `, ${stats.problems.length} skipped (listed above)` : ''),
      );
      return stats.problems.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
};
