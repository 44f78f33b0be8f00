/**
 * Loads the configuration: defaults, then the config file (TOML), then command-line settings.
 * A mistake in the file is reported with the file, the key and what is wrong; unknown keys are
 * errors too, so a typo never silently leaves a default in place.
 */

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { SETTINGS, SETTINGS_BY_KEY, type Setting, type SettingValue } from './settings.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type ListenerName = 'imap' | 'imaps' | 'pop3' | 'pop3s' | 'lmtp' | 'smtp' | 'pop3_relay';
export const LISTENERS: readonly ListenerName[] = ['imap', 'imaps', 'pop3', 'pop3s', 'lmtp', 'smtp', 'pop3_relay'];

export interface Config {
  /** The file the settings came from, if any. */
  file: string | null;
  dataDir: string;
  hostname: string;
  listen: { addresses: string[]; ports: Record<ListenerName, number | null>; lmtpSocket: string | null };
  tls: { cert: string | null; key: string | null };
  auth: { allowPlaintext: boolean; failureDelayMs: number; maxFailures: number; failureWindowS: number };
  limits: {
    maxMessageBytes: number;
    maxConnections: number;
    maxConnectionsPerIp: number;
    idleTimeoutS: number;
    loginTimeoutS: number;
    maxBadCommands: number;
  };
  quota: { defaultBytes: number | null; defaultMessages: number | null };
  delivery: { domains: string[]; aliases: Record<string, string[]>; recipientDelimiter: string; maxRecipients: number; timeoutS: number };
  pop3: { dele: 'expunge' | 'trash'; loginDelayS: number };
  pop3Relay: { host: string; port: number; tls: 'implicit' | 'starttls' | 'none'; verifyCertificate: boolean; caFile: string | null; timeoutS: number };
  logLevel: string;
}

/** Where a value came from, for error messages. */
interface Origin {
  describe(key: string): string;
}

/**
 * Builds the configuration. `file` is read when given; `overrides` are KEY=VALUE settings from
 * the command line (they win over the file); paths in the file are relative to the file,
 * paths from the command line relative to the working directory.
 */
export function loadConfig(options: { file?: string | null; overrides?: readonly [string, string][] } = {}): Config {
  const values = new Map<string, SettingValue>(SETTINGS.map((s) => [s.key, s.default]));
  const file = options.file ? resolve(options.file) : null;
  if (file) {
    const fileOrigin: Origin = { describe: (key) => `${file}: key "${key}"` };
    for (const [key, raw] of flatten(readToml(file))) {
      const setting = SETTINGS_BY_KEY.get(key);
      if (!setting) throw new ConfigError(`${file}: unknown key "${key}"${suggest(key)}`);
      values.set(key, resolvePath(setting, checkValue(setting, raw, fileOrigin), dirname(file)));
    }
  }
  const cliOrigin: Origin = { describe: (key) => `command line: setting "${key}"` };
  for (const [key, text] of options.overrides ?? []) {
    const setting = SETTINGS_BY_KEY.get(key);
    if (!setting) throw new ConfigError(`command line: unknown setting "${key}"${suggest(key)}`);
    values.set(key, resolvePath(setting, checkValue(setting, fromText(setting, text), cliOrigin), process.cwd()));
  }
  return build(file, values);
}

function readToml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ConfigError(`${file}: line ${error.line}, column ${error.column}: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
}

/** `{ listen: { imap: 143 } }` -> [["listen.imap", 143]]; the alias table stays whole. */
function flatten(table: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [name, value] of Object.entries(table)) {
    const key = prefix + name;
    const isTable = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
    if (isTable && SETTINGS_BY_KEY.get(key)?.kind.type !== 'aliases') out.push(...flatten(value as Record<string, unknown>, `${key}.`));
    else out.push([key, value]);
  }
  return out;
}

/** Turns a command-line string into the value the file would hold. */
function fromText(setting: Setting, text: string): unknown {
  switch (setting.kind.type) {
    case 'int':
      return /^-?\d+$/.test(text.trim()) ? Number(text) : text;
    case 'port':
      return /^\d+$/.test(text.trim()) ? Number(text) : text;
    case 'bool':
      return text === 'true' || text === 'yes' || text === 'on' ? true : text === 'false' || text === 'no' || text === 'off' ? false : text;
    case 'strings':
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    case 'aliases': {
      const out: Record<string, string[]> = {};
      for (const pair of text.split(';').filter(Boolean)) {
        const [name, targets] = pair.split('=');
        if (!name || targets === undefined) return text;
        out[name.trim()] = targets.split(',').map((s) => s.trim());
      }
      return out;
    }
    default:
      return text;
  }
}

function checkValue(setting: Setting, raw: unknown, origin: Origin): SettingValue {
  const fail = (expected: string): never => {
    throw new ConfigError(`${origin.describe(setting.key)}: expected ${expected}, got ${JSON.stringify(raw)}`);
  };
  const kind = setting.kind;
  switch (kind.type) {
    case 'string':
    case 'path':
      return typeof raw === 'string' ? raw : fail('a string');
    case 'bool':
      return typeof raw === 'boolean' ? raw : fail('true or false');
    case 'int':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) return fail(`a whole number from ${kind.min} to ${kind.max}`);
      return raw >= kind.min && raw <= kind.max ? raw : fail(`a whole number from ${kind.min} to ${kind.max}`);
    case 'port':
      if (raw === 'off') return null;
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 65535 ? raw : fail('a port number (0-65535) or "off"');
    case 'enum':
      return typeof raw === 'string' && kind.values.includes(raw) ? raw : fail(`one of ${kind.values.map((v) => `"${v}"`).join(', ')}`);
    case 'strings':
      if (typeof raw === 'string') return [raw];
      return Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? (raw as string[]) : fail('a list of strings');
    case 'aliases': {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail('a table of alias = "account" or ["account", ...]');
      const out: Record<string, string[]> = {};
      for (const [name, target] of Object.entries(raw)) {
        if (typeof target === 'string') out[name.toLowerCase()] = [target];
        else if (Array.isArray(target) && target.length > 0 && target.every((t) => typeof t === 'string')) out[name.toLowerCase()] = target as string[];
        else fail(`alias "${name}" to name an account or a list of accounts`);
      }
      return out;
    }
  }
}

function resolvePath(setting: Setting, value: SettingValue, base: string): SettingValue {
  if (setting.kind.type !== 'path' || typeof value !== 'string' || value === '' || isAbsolute(value)) return value;
  return resolve(base, value);
}

function suggest(key: string): string {
  let best: { key: string; distance: number } | null = null;
  for (const setting of SETTINGS) {
    const distance = editDistance(key, setting.key);
    if (distance <= 3 && (!best || distance < best.distance)) best = { key: setting.key, distance };
  }
  return best ? ` (did you mean "${best.key}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function build(file: string | null, v: Map<string, SettingValue>): Config {
  const str = (key: string) => v.get(key) as string;
  const num = (key: string) => v.get(key) as number;
  const optionalPath = (key: string) => (str(key) === '' ? null : resolve(str(key)));
  const ports = Object.fromEntries(LISTENERS.map((name) => [name, v.get(`listen.${name}`) as number | null])) as Record<ListenerName, number | null>;
  return {
    file,
    dataDir: resolve(str('data_dir')),
    hostname: str('hostname'),
    listen: { addresses: v.get('listen.address') as string[], ports, lmtpSocket: optionalPath('listen.lmtp_socket') },
    tls: { cert: optionalPath('tls.cert'), key: optionalPath('tls.key') },
    auth: {
      allowPlaintext: v.get('auth.allow_plaintext') as boolean,
      failureDelayMs: num('auth.failure_delay_ms'),
      maxFailures: num('auth.max_failures'),
      failureWindowS: num('auth.failure_window_s'),
    },
    limits: {
      maxMessageBytes: num('limits.max_message_bytes'),
      maxConnections: num('limits.max_connections'),
      maxConnectionsPerIp: num('limits.max_connections_per_ip'),
      idleTimeoutS: num('limits.idle_timeout_s'),
      loginTimeoutS: num('limits.login_timeout_s'),
      maxBadCommands: num('limits.max_bad_commands'),
    },
    quota: {
      defaultBytes: num('quota.default_bytes') || null,
      defaultMessages: num('quota.default_messages') || null,
    },
    delivery: {
      domains: (v.get('delivery.domains') as string[]).map((d) => d.toLowerCase()),
      aliases: v.get('delivery.aliases') as Record<string, string[]>,
      recipientDelimiter: str('delivery.recipient_delimiter'),
      maxRecipients: num('delivery.max_recipients'),
      timeoutS: num('delivery.timeout_s'),
    },
    pop3: { dele: str('pop3.dele') as 'expunge' | 'trash', loginDelayS: num('pop3.login_delay_s') },
    pop3Relay: {
      host: str('pop3_relay.host'),
      port: num('pop3_relay.port'),
      tls: str('pop3_relay.tls') as 'implicit' | 'starttls' | 'none',
      verifyCertificate: v.get('pop3_relay.verify_certificate') as boolean,
      caFile: optionalPath('pop3_relay.ca_file'),
      timeoutS: num('pop3_relay.timeout_s'),
    },
    logLevel: str('log.level'),
  };
}

/** A commented config file with every setting at its default (`mailkeep config example`). */
export function exampleConfig(): string {
  const lines = ['# Mailkeep configuration. Every setting is shown with its default; remove the # to change one.', ''];
  let section = '';
  for (const setting of SETTINGS) {
    const dot = setting.key.indexOf('.');
    const name = dot < 0 ? setting.key : setting.key.slice(dot + 1);
    const here = dot < 0 ? '' : setting.key.slice(0, dot);
    if (here !== section) {
      section = here;
      lines.push('', `[${section}]`);
    }
    lines.push(`# ${setting.doc}`);
    lines.push(`# ${name} = ${tomlValue(setting)}`);
  }
  return `${lines.join('\n')}\n`;
}

function tomlValue(setting: Setting): string {
  const value = setting.key === 'hostname' ? 'mail.example.org' : setting.default;
  if (value === null) return '"off"';
  if (typeof value === 'object' && !Array.isArray(value)) {
    return setting.key === 'delivery.aliases' ? '{ postmaster = "alice" }' : '{}';
  }
  return JSON.stringify(value);
}
