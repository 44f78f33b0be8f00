#!/usr/bin/env node
/**
 * The `mailkeep` command: dispatches to a subcommand and turns errors into one clear line and
 * an exit status (2 for usage and configuration mistakes, 1 for failures).
 */

import { ConfigError } from '../config/config.js';
import { MailError } from '../store/errors.js';
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { checkCommand } from './commands/check.js';
import { configCommand } from './commands/config.js';
import { deliverCommand } from './commands/deliver.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { serveCommand } from './commands/serve.js';
import { userCommand } from './commands/user.js';

const COMMANDS: readonly Command[] = [serveCommand, userCommand, deliverCommand, importCommand, exportCommand, checkCommand, configCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: mailkeep COMMAND [options]   (mailkeep COMMAND --help for its options)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`mailkeep ${pkg.version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`mailkeep: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`mailkeep ${name}: ${error.message}\n(see mailkeep ${name} --help)\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`mailkeep: configuration error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof MailError) {
      process.stderr.write(`mailkeep ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
