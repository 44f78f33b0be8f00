/**
 * A throwaway Dovecot (Debian's dovecot-imapd, -pop3d, -lmtpd) for comparisons, as the POP3
 * relay's upstream, and beside Mailkeep in the benchmarks: `dovecot -F -c <generated config>`
 * on free loopback ports, everything under one temporary directory (config, TLS pair,
 * passwd-file, homes with Maildirs, log, sockets), removed by stop().
 *
 * Runs as root (CI) or as an ordinary user. As root, mail is accessed as the `dovecot` system
 * user (Dovecot refuses UID 0 for mail), so homes are chowned to it; otherwise as the current
 * user with privilege separation off. Dovecot runs under a shell that stops it when its stdin
 * closes, so no Dovecot outlives the process that started it, however that process ends.
 */

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { generateSelfSigned } from '../../src/server/tls/self-signed.js';
import { freePort } from './server.js';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export interface DovecotUser {
  name: string;
  password: string;
}

export interface DovecotOptions {
  users?: readonly DovecotUser[];
  /** Listeners to open (plain IMAP is always open: it is how start() knows Dovecot is up). */
  imaps?: boolean;
  pop3?: boolean;
  lmtp?: boolean;
  /** ssl = yes with a self-signed pair for localhost/127.0.0.1 (IMAP STARTTLS, imaps). */
  tls?: boolean;
  /** The special-use mailboxes Mailkeep creates for every account, created here too. */
  specialUse?: boolean;
  /**
   * Benchmark settings: limits raised for thousands of connections, imap-login in Dovecot's
   * "high-performance" mode (service_count = 0, process_min_avail = 2), and this many IMAP
   * connections per imap process (Dovecot's default 1: one process per connection).
   */
  performance?: { imapClientLimit: number };
  /** Configuration appended at the end. */
  extraConfig?: string;
}

export interface Dovecot {
  dir: string;
  /** The dovecot master process (benchmarks read its children's CPU and memory). */
  readonly masterPid: number;
  imapPort: number;
  /** 0 when not asked for. */
  imapsPort: number;
  pop3Port: number;
  lmtpPort: number;
  /** PEM certificate in use with `tls`, else null. */
  certFile: string | null;
  /** The owner of mail files (root runs mail processes as the dovecot user). */
  mailOwner: { uid: number; gid: number };
  addUser(user: DovecotUser): void;
  /** The user's Maildir (maildir:~/Maildir). */
  maildir(user: string): string;
  /**
   * Writes messages into the user's Maildir/new as Dovecot's own delivery would (LF line ends,
   * S= and W= sizes in the name), in order: they get ascending UIDs at the next sync.
   */
  deliver(user: string, messages: readonly (string | Buffer)[]): void;
  /** The messages in the user's Maildir (new and cur) in delivery order, with CRLF line ends. */
  messages(user: string): { name: string; content: string }[];
  /** Gives files written into a home directly (benchmark fills) to the mail owner. */
  ownMail(user: string): void;
  log(): string;
  /** Stops Dovecot and starts it again with the same configuration and ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** True when Dovecot is installed here. */
export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT_BINARY);
}

/** Dovecot's version line ("2.3.19.1 (9b53102964)"). */
export function dovecotVersion(): string {
  try {
    return execFileSync(DOVECOT_BINARY, ['--version']).toString().trim();
  } catch {
    return 'unknown';
  }
}

function idsOf(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Who mail processes run as, and the settings that say so. */
function identity(): { owner: { uid: number; gid: number }; asRoot: boolean; settings: string[] } {
  if (process.getuid?.() !== 0) {
    const me = userInfo();
    return {
      owner: { uid: me.uid, gid: me.gid },
      asRoot: false,
      settings: [`default_internal_user = ${me.username}`, `default_login_user = ${me.username}`],
    };
  }
  const owner = idsOf('dovecot') ?? idsOf('mail') ?? { uid: 8, gid: 8 };
  const login = idsOf('dovenull') ? 'dovenull' : idsOf('dovecot') ? 'dovecot' : 'nobody';
  return { owner, asRoot: true, settings: [`default_internal_user = ${idsOf('dovecot') ? 'dovecot' : 'nobody'}`, `default_login_user = ${login}`] };
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, owner);
    else chownSync(child, owner.uid, owner.gid);
  }
}

const SPECIAL_USE = `namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = create
  }
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
  mailbox Trash {
    special_use = \\Trash
    auto = create
  }
  mailbox Junk {
    special_use = \\Junk
    auto = create
  }
  mailbox Archive {
    special_use = \\Archive
    auto = create
  }
}`;

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  if (!dovecotAvailable()) throw new Error(`${DOVECOT_BINARY} is missing: install dovecot-imapd, dovecot-pop3d, dovecot-lmtpd`);
  // A short path: UNIX sockets under base_dir must stay below 108 bytes.
  const dir = mkdtempSync('/tmp/mkdc-');
  chmodSync(dir, 0o755); // the mail user must reach the homes below
  const { owner, asRoot, settings } = identity();
  const home = join(dir, 'home');
  mkdirSync(home);
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '', { mode: 0o644 });
  const addUser = (user: DovecotUser) => {
    mkdirSync(join(home, user.name), { recursive: true });
    if (asRoot) chownSync(join(home, user.name), owner.uid, owner.gid);
    appendFileSync(passwd, `${user.name}:{PLAIN}${user.password}:${owner.uid}:${owner.gid}::${join(home, user.name)}::\n`);
  };
  for (const user of options.users ?? []) addUser(user);
  if (asRoot) chownSync(home, owner.uid, owner.gid);
  let certFile: string | null = null;
  const tlsSettings: string[] = ['ssl = no'];
  if (options.tls || options.imaps) {
    const pair = generateSelfSigned('localhost');
    certFile = join(dir, 'cert.pem');
    writeFileSync(certFile, pair.cert);
    writeFileSync(join(dir, 'key.pem'), pair.key, { mode: 0o600 });
    tlsSettings.splice(0, 1, 'ssl = yes', `ssl_cert = <${certFile}`, `ssl_key = <${join(dir, 'key.pem')}`, 'ssl_min_protocol = TLSv1.2');
  }
  const ports = {
    imap: await freePort(),
    imaps: options.imaps ? await freePort() : 0,
    pop3: options.pop3 ? await freePort() : 0,
    lmtp: options.lmtp ? await freePort() : 0,
  };
  const protocols = ['imap', options.pop3 ? 'pop3' : '', options.lmtp ? 'lmtp' : ''].filter(Boolean).join(' ');
  const config = [
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `log_path = ${join(dir, 'dovecot.log')}`,
    `protocols = ${protocols}`,
    'listen = 127.0.0.1',
    ...tlsSettings,
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'auth_failure_delay = 0',
    // "user@example.org" and "user" name the same account (as LMTP recipients do).
    'auth_username_format = %Ln',
    'first_valid_uid = 1',
    'first_valid_gid = 1',
    'mail_location = maildir:~/Maildir',
    'mail_max_userip_connections = 100000',
    'imap_hibernate_timeout = 0',
    ...settings,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN ${passwd}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = ${passwd}`,
    '}',
    // Login processes chroot by default, which needs root and a prepared directory.
    ...(options.performance ? ['default_client_limit = 10000', 'default_process_limit = 5000', 'default_vsz_limit = 1G'] : []),
    'service imap-login {',
    '  chroot =',
    ...(options.performance ? ['  service_count = 0', '  process_min_avail = 2'] : []),
    `  inet_listener imap {\n    port = ${ports.imap}\n  }`,
    `  inet_listener imaps {\n    port = ${ports.imaps}\n${ports.imaps ? '    ssl = yes\n' : ''}  }`,
    '}',
    ...(options.performance ? ['service imap {', `  client_limit = ${options.performance.imapClientLimit}`, '  process_limit = 5000', '}'] : []),
    'service pop3-login {',
    '  chroot =',
    `  inet_listener pop3 {\n    port = ${ports.pop3}\n  }`,
    '  inet_listener pop3s {\n    port = 0\n  }',
    '}',
    'service lmtp {',
    `  inet_listener lmtp {\n    address = 127.0.0.1\n    port = ${ports.lmtp}\n  }`,
    '}',
    'service anvil {\n  chroot =\n}',
    'service stats {\n  inet_listener http {\n    port = 0\n  }\n}',
    'protocol lmtp {\n  postmaster_address = postmaster@example.org\n}',
    options.specialUse ? SPECIAL_USE : '',
    options.extraConfig ?? '',
    '',
  ].join('\n');
  const configFile = join(dir, 'dovecot.conf');
  writeFileSync(configFile, config);

  let output = '';
  const log = () => {
    try {
      return output + readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return output;
    }
  };
  const guard = '"$0" -F -c "$1" & pid=$!; trap \'kill $pid 2>/dev/null\' TERM; cat >/dev/null; kill $pid 2>/dev/null; wait $pid';
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async () => {
    child = spawn('sh', ['-c', guard, DOVECOT_BINARY, configFile], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (const port of [ports.imap, ports.imaps, ports.pop3, ports.lmtp].filter((p) => p > 0)) await waitForPort(port, child, log);
  };
  const halt = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (error) {
    await stop();
    throw error;
  }
  const masterPid = () => Number(readFileSync(join(dir, 'run', 'master.pid'), 'utf8').trim());
  const maildir = (user: string) => join(home, user, 'Maildir');
  const ownMail = (user: string) => {
    if (asRoot) chownTree(join(home, user), owner);
  };
  let counter = 0;
  return {
    dir,
    get masterPid() {
      return masterPid();
    },
    imapPort: ports.imap,
    imapsPort: ports.imaps,
    pop3Port: ports.pop3,
    lmtpPort: ports.lmtp,
    certFile,
    mailOwner: owner,
    addUser,
    maildir,
    ownMail,
    deliver(user, messages) {
      const root = maildir(user);
      for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(root, sub), { recursive: true });
      const base = 1_700_000_000;
      for (const message of messages) {
        counter++;
        const lf = Buffer.from(Buffer.from(message).toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
        const lines = lf.filter((b) => b === 0x0a).length;
        const name = `${base + counter}.M${counter}P${process.pid}.mailkeep,S=${lf.length},W=${lf.length + lines}`;
        writeFileSync(join(root, 'tmp', name), lf);
        renameSync(join(root, 'tmp', name), join(root, 'new', name));
      }
      ownMail(user);
    },
    messages(user) {
      const root = maildir(user);
      const files: { name: string; path: string }[] = [];
      for (const sub of ['new', 'cur']) {
        if (!existsSync(join(root, sub))) continue;
        for (const name of readdirSync(join(root, sub))) files.push({ name, path: join(root, sub, name) });
      }
      const key = (name: string) => Number(name.split('.')[0]);
      return files
        .sort((a, b) => key(a.name) - key(b.name))
        .map((f) => ({ name: f.name, content: readFileSync(f.path, 'utf8').replace(/\n/g, '\r\n') }));
    },
    log,
    async restart() {
      await halt();
      await launch();
    },
    stop,
  };
}

/** Resolves once the port accepts connections; rejects if Dovecot exits or takes too long. */
async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}):\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on port ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
