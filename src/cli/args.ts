/**
 * Command-line parsing shared by every `mailkeep` command: the common options (--config,
 * --data, --set KEY=VALUE, --help), strict checking of the rest, and the configuration they
 * select.
 */

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  config: { type: 'string' },
  data: { type: 'string' },
  set: { type: 'string', short: 'o', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const COMMON_HELP = `Common options:
  --config FILE        read settings from FILE (TOML; see \`mailkeep config example\`);
                       MAILKEEP_CONFIG names one too
  --data DIR           the data directory (setting data_dir; default ./data)
  -o, --set KEY=VALUE  any setting, e.g. -o listen.imap=1143 -o auth.allow_plaintext=true
  -h, --help           this help`;

export interface Parsed<O extends Options> {
  values: { [K in keyof (O & typeof COMMON_OPTIONS)]?: unknown };
  positionals: string[];
}

/** Parses `argv` against the command's options plus the common ones. */
export function parseCommand<O extends Options>(argv: readonly string[], options: O): Parsed<O> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed<O>['values'], positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The configuration selected by the common options (and extra overrides from named flags). */
export function configFrom(values: Record<string, unknown>, extra: [string, string][] = []): Config {
  const overrides: [string, string][] = [];
  for (const pair of (values.set as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--set needs KEY=VALUE, got "${pair}"`);
    overrides.push([pair.slice(0, at), pair.slice(at + 1)]);
  }
  if (typeof values.data === 'string') overrides.push(['data_dir', values.data]);
  overrides.push(...extra);
  const file = typeof values.config === 'string' ? values.config : (process.env.MAILKEEP_CONFIG ?? null);
  return loadConfig({ file, overrides });
}

export function stringOption(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A non-negative whole number from an option, or a usage error naming it. */
export function countOption(values: Record<string, unknown>, name: string): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} needs a whole number, got "${text}"`);
  return Number(text);
}
