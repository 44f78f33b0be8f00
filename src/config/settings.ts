/**
 * Every configuration setting: its key in the config file (TOML, `section.key`), its kind, its
 * default and what it does. The loader, `--set KEY=VALUE`, `mailkeep config example` and
 * docs/mailkeep.example.toml all come from this one table.
 */

import { hostname } from 'node:os';
import {
  MAX_CONNECTIONS,
  MAX_CONNECTIONS_PER_IP,
  MAX_MESSAGE_BYTES,
} from '../limits.js';

export type SettingKind =
  | { type: 'string' }
  | { type: 'path' }
  | { type: 'bool' }
  | { type: 'int'; min: number; max: number }
  /** A TCP port 0-65535 (0: any free port), or "off". */
  | { type: 'port' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'strings' }
  /** A table of name = account or [accounts]. */
  | { type: 'aliases' };

export type SettingValue = string | number | boolean | null | string[] | Record<string, string[]>;

export interface Setting {
  key: string;
  kind: SettingKind;
  default: SettingValue;
  doc: string;
}

const port: SettingKind = { type: 'port' };
const seconds = (max: number): SettingKind => ({ type: 'int', min: 0, max });

export const SETTINGS: readonly Setting[] = [
  { key: 'data_dir', kind: { type: 'path' }, default: './data', doc: 'Where the database and message files live. Relative paths in a config file are relative to that file.' },
  { key: 'hostname', kind: { type: 'string' }, default: hostname(), doc: 'This server\'s name in greetings and Received headers.' },

  { key: 'listen.address', kind: { type: 'strings' }, default: ['0.0.0.0'], doc: 'Addresses every listener binds to ("::" for IPv6 too).' },
  { key: 'listen.imap', kind: port, default: 143, doc: 'IMAP with STARTTLS.' },
  { key: 'listen.imaps', kind: port, default: 993, doc: 'IMAP over implicit TLS.' },
  { key: 'listen.pop3', kind: port, default: 110, doc: 'POP3 with STLS.' },
  { key: 'listen.pop3s', kind: port, default: 995, doc: 'POP3 over implicit TLS.' },
  { key: 'listen.lmtp', kind: port, default: 24, doc: 'LMTP for delivery from an MTA. Bind it to a local address in production.' },
  { key: 'listen.lmtp_socket', kind: { type: 'path' }, default: '', doc: 'Also serve LMTP on this UNIX socket ("" for none).' },
  { key: 'listen.smtp', kind: port, default: 25, doc: 'Inbound SMTP as the final MX for the served domains (never relays).' },
  { key: 'listen.pop3_relay', kind: port, default: null, doc: 'The POP3 front for a remote IMAP server (see [pop3_relay]); "off" by default.' },

  { key: 'tls.cert', kind: { type: 'path' }, default: '', doc: 'PEM certificate chain. Empty: a self-signed pair is made on first start under data_dir/tls.' },
  { key: 'tls.key', kind: { type: 'path' }, default: '', doc: 'PEM private key for tls.cert.' },

  { key: 'auth.allow_plaintext', kind: { type: 'bool' }, default: false, doc: 'Allow password logins on unencrypted connections from other hosts (loopback is always allowed).' },
  { key: 'auth.failure_delay_ms', kind: { type: 'int', min: 0, max: 60_000 }, default: 2000, doc: 'Delay before answering a failed login.' },
  { key: 'auth.max_failures', kind: { type: 'int', min: 1, max: 1_000_000 }, default: 10, doc: 'Failed logins per client address within auth.failure_window_s before further attempts are refused.' },
  { key: 'auth.failure_window_s', kind: seconds(86_400), default: 300, doc: 'The window for auth.max_failures.' },

  { key: 'limits.max_message_bytes', kind: { type: 'int', min: 1024, max: 2 ** 31 }, default: MAX_MESSAGE_BYTES, doc: 'Largest message accepted (APPENDLIMIT, SMTP SIZE).' },
  { key: 'limits.max_connections', kind: { type: 'int', min: 1, max: 1_000_000 }, default: MAX_CONNECTIONS, doc: 'Simultaneous connections per listener.' },
  { key: 'limits.max_connections_per_ip', kind: { type: 'int', min: 1, max: 1_000_000 }, default: MAX_CONNECTIONS_PER_IP, doc: 'Simultaneous connections from one client address.' },
  { key: 'limits.idle_timeout_s', kind: seconds(86_400), default: 1800, doc: 'An authenticated session with no command for this long is closed (RFC 9051 5.4: at least 30 minutes).' },
  { key: 'limits.login_timeout_s', kind: seconds(3600), default: 60, doc: 'A connection that has not logged in within this long is closed.' },
  { key: 'limits.max_bad_commands', kind: { type: 'int', min: 1, max: 10_000 }, default: 20, doc: 'Bad commands in a row before a client is disconnected.' },

  { key: 'quota.default_bytes', kind: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER }, default: 0, doc: 'Storage quota for accounts without their own (0: none).' },
  { key: 'quota.default_messages', kind: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER }, default: 0, doc: 'Message-count quota for accounts without their own (0: none).' },

  { key: 'delivery.domains', kind: { type: 'strings' }, default: [], doc: 'Domains this server receives mail for. Empty: any domain, for local accounts only.' },
  { key: 'delivery.aliases', kind: { type: 'aliases' }, default: {}, doc: 'Recipient aliases: "postmaster" = "alice" or "team@example.org" = ["alice", "bob"].' },
  { key: 'delivery.recipient_delimiter', kind: { type: 'string' }, default: '+', doc: 'user+detail@domain files into folder "detail" when it exists ("" to turn off).' },
  { key: 'delivery.timeout_s', kind: { type: 'int', min: 1, max: 3600 }, default: 300, doc: 'An SMTP/LMTP client silent this long (also in the middle of DATA) is disconnected; a half-received message is not stored (RFC 5321 4.5.3.2: 5 minutes).' },
  { key: 'delivery.max_recipients', kind: { type: 'int', min: 1, max: 100_000 }, default: 100, doc: 'Recipients per SMTP/LMTP transaction.' },

  { key: 'pop3.dele', kind: { type: 'enum', values: ['expunge', 'trash'] }, default: 'expunge', doc: 'What DELE does at QUIT: expunge the message, or move it to the \\Trash mailbox.' },
  { key: 'pop3.login_delay_s', kind: seconds(86_400), default: 0, doc: 'Minimum time between two POP3 logins of one account (RFC 2449 LOGIN-DELAY).' },

  { key: 'pop3_relay.host', kind: { type: 'string' }, default: '', doc: 'The upstream IMAP server the POP3 relay logs in to.' },
  { key: 'pop3_relay.port', kind: { type: 'int', min: 1, max: 65535 }, default: 993, doc: 'Its port.' },
  { key: 'pop3_relay.tls', kind: { type: 'enum', values: ['implicit', 'starttls', 'none'] }, default: 'implicit', doc: 'How to secure the upstream connection.' },
  { key: 'pop3_relay.verify_certificate', kind: { type: 'bool' }, default: true, doc: 'Check the upstream certificate (turn off only for testing).' },
  { key: 'pop3_relay.ca_file', kind: { type: 'path' }, default: '', doc: 'Extra PEM CA certificates to trust for the upstream.' },
  { key: 'pop3_relay.timeout_s', kind: { type: 'int', min: 1, max: 3600 }, default: 30, doc: 'An upstream that does not connect or answer within this long fails the POP3 command with -ERR [SYS/TEMP].' },

  { key: 'log.level', kind: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }, default: 'info', doc: 'How much the server logs (JSON lines on stdout).' },
];

export const SETTINGS_BY_KEY: ReadonlyMap<string, Setting> = new Map(SETTINGS.map((s) => [s.key, s]));
