/**
 * `mailkeep config example|show|check`: the configuration file's reference and the effective
 * settings.
 */

import { exampleConfig } from '../../config/config.js';
import { COMMON_HELP, configFrom, parseCommand, UsageError } from '../args.js';
import type { Command } from '../command.js';

const HELP = `Usage:
  mailkeep config example   print a config file with every setting, its default and its meaning
  mailkeep config show      print the effective settings (defaults + file + command line) as JSON
  mailkeep config check     load the configuration and report the first mistake, if any

${COMMON_HELP}`;

export const configCommand: Command = {
  name: 'config',
  summary: 'show the settings, an example config file, or check one',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, {});
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    switch (positionals[0]) {
      case 'example':
        process.stdout.write(exampleConfig());
        return 0;
      case 'show':
        process.stdout.write(`${JSON.stringify(configFrom(values), null, 2)}\n`);
        return 0;
      case 'check': {
        const config = configFrom(values);
        process.stdout.write(`${config.file ?? 'defaults'}: ok\n`);
        return 0;
      }
      default:
        throw new UsageError('say example, show or check');
    }
  },
};
