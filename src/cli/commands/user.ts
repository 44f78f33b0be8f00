/**
 * `mailkeep user add|passwd|del|list|quota`: account administration.
 */

import { createAccount, deleteAccount, requireAccount, setPassword, setQuota } from '../../services/accounts.js';
import { openServices } from '../../services/open.js';
import { COMMON_HELP, configFrom, countOption, parseCommand, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { readNewPassword } from '../password-input.js';

const HELP = `Usage:
  mailkeep user add NAME [--password-stdin] [--quota-bytes N] [--quota-messages N]
  mailkeep user passwd NAME [--password-stdin]
  mailkeep user del NAME
  mailkeep user list [--json]
  mailkeep user quota NAME [--quota-bytes N] [--quota-messages N]   (0 removes a limit)

NAME is a plain name (alice) or an address (alice@example.org). Without --password-stdin the
password is asked for at the terminal; it is never taken from the command line.

${COMMON_HELP}`;

const OPTIONS = {
  'password-stdin': { type: 'boolean' },
  'quota-bytes': { type: 'string' },
  'quota-messages': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const userCommand: Command = {
  name: 'user',
  summary: 'add, change, remove and list accounts',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, OPTIONS);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [action, name, ...rest] = positionals;
    if (!action) throw new UsageError('say what to do: add, passwd, del, list or quota');
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const needsName = action !== 'list';
    if (needsName && !name) throw new UsageError(`user ${action} needs the account NAME`);
    const config = configFrom(values);
    const { store, services } = openServices(config);
    const quota = () => {
      const bytes = countOption(values, 'quota-bytes');
      const messages = countOption(values, 'quota-messages');
      return { bytes, messages };
    };
    try {
      switch (action) {
        case 'add': {
          const password = await readNewPassword(values['password-stdin'] === true);
          const { bytes, messages } = quota();
          const account = await createAccount(services, name!, password, {
            maxBytes: bytes || null,
            maxMessages: messages || null,
          });
          process.stdout.write(`added ${account.name}\n`);
          return 0;
        }
        case 'passwd': {
          await requireAccount(services, name!);
          await setPassword(services, name!, await readNewPassword(values['password-stdin'] === true));
          process.stdout.write(`password changed for ${name}\n`);
          return 0;
        }
        case 'del':
          await deleteAccount(services, name!);
          process.stdout.write(`deleted ${name}\n`);
          return 0;
        case 'quota': {
          const account = await requireAccount(services, name!);
          const { bytes, messages } = quota();
          if (bytes === undefined && messages === undefined) throw new UsageError('give --quota-bytes and/or --quota-messages');
          await setQuota(services, name!, {
            maxBytes: bytes === undefined ? account.quotaBytes : bytes || null,
            maxMessages: messages === undefined ? account.quotaMessages : messages || null,
          });
          process.stdout.write(`quota set for ${name}\n`);
          return 0;
        }
        case 'list': {
          const accounts = await store.listAccounts();
          const rows = await Promise.all(
            accounts.map(async (a) => ({ name: a.name, ...(await store.accountUsage(a.id)), quotaBytes: a.quotaBytes, quotaMessages: a.quotaMessages })),
          );
          if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          else for (const r of rows) process.stdout.write(`${r.name}\t${r.messages} messages\t${r.bytes} bytes${r.quotaBytes ? `\tquota ${r.quotaBytes} bytes` : ''}${r.quotaMessages ? `\tquota ${r.quotaMessages} messages` : ''}\n`);
          return 0;
        }
        default:
          throw new UsageError(`unknown action "${action}": use add, passwd, del, list or quota`);
      }
    } finally {
      await store.close();
    }
  },
};
