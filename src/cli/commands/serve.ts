/**
 * `mailkeep serve`: runs the server in the foreground.
 */

import { startServer } from '../../server/server.js';
import { COMMON_HELP, configFrom, parseCommand, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';

const PORT_FLAGS = ['imap-port', 'imaps-port', 'pop3-port', 'pop3s-port', 'lmtp-port', 'smtp-port', 'pop3-relay-port'] as const;

const HELP = `Usage: mailkeep serve [--listen ADDR] [--imap-port N] [--imaps-port N] [--pop3-port N]
                      [--pop3s-port N] [--lmtp-port N] [--smtp-port N] [--pop3-relay-port N]

Runs the server in the foreground. When every listener is bound it prints one line per
listener ("imap listening on 0.0.0.0:143"); logs follow as JSON lines. A port of "off"
disables that listener, 0 picks a free port. SIGTERM or SIGINT ends every session politely
(IMAP BYE, POP3 -ERR, SMTP/LMTP 421) and exits.

  --listen ADDR        bind to ADDR (repeat or comma-separate for several; setting listen.address)

${COMMON_HELP}`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the server (IMAP, POP3, LMTP, SMTP) in the foreground',
  help: HELP,
  async run(argv) {
    const options = Object.fromEntries([...PORT_FLAGS.map((f) => [f, { type: 'string' }] as const), ['listen', { type: 'string', multiple: true }] as const]);
    const { values, positionals } = parseCommand(argv, options);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const extra: [string, string][] = [];
    for (const flag of PORT_FLAGS) {
      const value = stringOption(values, flag);
      if (value !== undefined) extra.push([`listen.${flag.replace(/-port$/, '').replace(/-/g, '_')}`, value]);
    }
    const listen = values.listen as string[] | undefined;
    if (listen) extra.push(['listen.address', listen.join(',')]);
    const config = configFrom(values, extra);
    let server;
    try {
      server = await startServer(config);
    } catch (error) {
      process.stderr.write(`mailkeep serve: ${(error as Error).message}\n`);
      return 1;
    }
    for (const l of server.listeners) process.stdout.write(`${l.name} listening on ${l.where}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        process.stderr.write(`mailkeep serve: ${signal}, shutting down\n`);
        void server.stop().then(resolve);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  },
};
