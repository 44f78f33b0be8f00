/**
 * `mailkeep export mbox|maildir PATH --user NAME [--folder NAME]`.
 */

import { exportMaildirTree, exportMboxTree, MboxWriter } from '../../formats/index.js';
import { requireAccount } from '../../services/accounts.js';
import { openServices } from '../../services/open.js';
import { exportFolders, selectForExport } from '../../services/export.js';
import { COMMON_HELP, configFrom, parseCommand, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { createProgress } from '../progress.js';

const HELP = `Usage: mailkeep export mbox|maildir PATH --user NAME [--folder NAME] [--force]

Writes an account's messages with their flags, keywords and dates.
  mbox     with --folder: that folder into the mbox file PATH; without: every folder into the
           directory PATH in Thunderbird's layout (Work, Work.sbd/Projects, ...). mboxrd
           quoting; flags in Status/X-Status/X-Keywords headers.
  maildir  a Maildir++ tree at PATH (INBOX at the root, .Sub.Folder for Sub/Folder), flags in
           the :2, suffix, keywords in dovecot-keywords, subscriptions in "subscriptions";
           with --folder: that folder alone as the Maildir's root.
  --force  write into an existing PATH (files of the same names are replaced)

${COMMON_HELP}`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'export an account (or one folder) to mbox or Maildir',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, {
      user: { type: 'string', short: 'u' },
      folder: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [format, path, ...rest] = positionals;
    if (format !== 'mbox' && format !== 'maildir') throw new UsageError('say mbox or maildir');
    if (!path) throw new UsageError('export needs the PATH to write');
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const user = stringOption(values, 'user');
    if (!user) throw new UsageError('export needs --user NAME');
    const folder = stringOption(values, 'folder');
    const overwrite = values.force === true;

    const { store, services } = openServices(configFrom(values));
    try {
      const account = await requireAccount(services, user);
      const selection = await selectForExport(services, account, folder);
      const progress = createProgress(`export ${path}`, selection.totalMessages);
      let done = 0;
      const onMessage = () => progress.update(++done);
      const folders = exportFolders(services, selection);
      if (format === 'mbox' && folder !== undefined) {
        const writer = await MboxWriter.create(path, { overwrite });
        for await (const message of folders[0]!.messages) {
          await writer.write(message);
          onMessage();
        }
        await writer.close();
      } else if (format === 'mbox') {
        await exportMboxTree(path, folders, { overwrite, onMessage });
      } else {
        const subscriptions = folder === undefined ? await store.listSubscriptions(account.id) : [];
        const written = await exportMaildirTree(path, folders, { subscriptions, durable: true, onMessage });
        for (const f of written) {
          for (const [keyword, count] of f.droppedKeywords) {
            process.stderr.write(`warning: folder ${f.folder}: keyword ${keyword} on ${count} message(s) not written (a Maildir holds 26 keywords per folder)\n`);
          }
        }
      }
      progress.finish(`${done} messages from ${selection.folders.length} folder(s)`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
