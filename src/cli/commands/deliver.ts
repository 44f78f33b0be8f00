/**
 * `mailkeep deliver -a USER [-m FOLDER] [-f SENDER]`: the local delivery agent. Exit codes are
 * sysexits (0 saved, 67 unknown user, 73 cannot create, 75 temporary failure - retry later).
 */

import { deliverLocally, EX_TEMPFAIL, EX_USAGE } from '../../delivery/local-delivery.js';
import { openServices } from '../../services/open.js';
import { COMMON_HELP, configFrom, parseCommand, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';

const HELP = `Usage: mailkeep deliver -a USER [-m FOLDER] [--autocreate] [-f SENDER] < message

Reads one message on standard input and files it for USER (an MTA's pipe transport, e.g.
Postfix: mailbox_command = mailkeep deliver -a "$USER" -f "$SENDER").
  -a, --address USER    the account (a name or an address)
  -m, --mailbox FOLDER  file into FOLDER; INBOX when it does not exist (unless --autocreate)
      --autocreate      create FOLDER when it does not exist
  -f, --from SENDER     the envelope sender, for the Return-Path header
Exit status (sysexits): 0 saved, 64 usage, 65 bad message (too large), 67 no such user,
73 cannot create the folder, 75 temporary failure or full mailbox (the MTA retries later).

${COMMON_HELP}`;

export const deliverCommand: Command = {
  name: 'deliver',
  summary: 'deliver one message from standard input (local delivery agent)',
  help: HELP,
  async run(argv) {
    let parsed;
    try {
      parsed = parseCommand(argv, {
        address: { type: 'string', short: 'a' },
        mailbox: { type: 'string', short: 'm' },
        from: { type: 'string', short: 'f' },
        autocreate: { type: 'boolean' },
      });
    } catch (error) {
      process.stderr.write(`mailkeep deliver: ${(error as Error).message}\n`);
      return EX_USAGE;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const user = stringOption(values, 'address');
    if (!user || positionals.length > 0) {
      process.stderr.write(`mailkeep deliver: ${user ? `unexpected argument "${positionals[0]}"` : 'needs -a USER'}\n`);
      return EX_USAGE;
    }
    let config;
    try {
      config = configFrom(values);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      process.stderr.write(`mailkeep deliver: ${(error as Error).message}\n`);
      return EX_TEMPFAIL;
    }
    let opened;
    try {
      opened = openServices(config);
    } catch (error) {
      process.stderr.write(`mailkeep deliver: cannot open the store: ${(error as Error).message}\n`);
      return EX_TEMPFAIL;
    }
    try {
      const result = await deliverLocally(opened.services, {
        user,
        folder: stringOption(values, 'mailbox') ?? null,
        autocreate: values.autocreate === true,
        sender: stringOption(values, 'from') ?? null,
        hostname: config.hostname,
        source: process.stdin as AsyncIterable<Buffer>,
      });
      (result.exitCode === 0 ? process.stdout : process.stderr).write(`mailkeep deliver: ${result.message}\n`);
      return result.exitCode;
    } finally {
      await opened.store.close();
    }
  },
};
