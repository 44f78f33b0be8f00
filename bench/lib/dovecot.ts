/**
 * Dovecot (Debian's dovecot-imapd, dovecot-lmtpd, dovecot-pop3d) for side-by-side benchmarks:
 * a throwaway configuration under a temp dir, listeners on free loopback ports, no TLS, users in
 * a passwd-file with {PLAIN} passwords, mail in Maildir (maildir:~/Maildir, owned by the Debian
 * `mail` user), Dovecot's default fsync behaviour (mail_fsync = optimized), logs in the temp
 * dir. Needs root: the master runs as root and drops to `mail` for mail access, to `dovecot` and
 * `dovenull` for its internal and login processes.
 *
 * Process model: one imap process per IMAP connection (Dovecot's default, client_limit = 1),
 * imap-login in "high-performance" mode (service_count = 0, process_min_avail = 2), client and
 * process limits raised so that thousands of connections work.
 */

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../test/helpers/server.js';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

/** Installs the Debian packages when /usr/sbin/dovecot is missing (root only, non-interactive). */
export function ensureDovecot(): void {
  if (existsSync(DOVECOT_BINARY)) return;
  if (process.getuid?.() !== 0) throw new Error(`${DOVECOT_BINARY} is missing and installing it needs root`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-q', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'dovecot-imapd', 'dovecot-lmtpd', 'dovecot-pop3d'], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  console.log('Installing dovecot-imapd dovecot-lmtpd dovecot-pop3d ...');
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update', '-q'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    install();
  }
  // The package starts a system-wide instance on the standard ports; ours does not need it.
  try {
    execFileSync('sh', ['-c', 'command -v systemctl >/dev/null && systemctl stop dovecot || service dovecot stop || true'], { stdio: 'ignore' });
  } catch {
    // No service manager: nothing was started.
  }
}

/** Dovecot's version line ("2.3.19.1 (9b53102964)"). */
export function dovecotVersion(): string {
  try {
    return execFileSync(DOVECOT_BINARY, ['--version']).toString().trim();
  } catch {
    return 'unknown';
  }
}

function userIds(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function userExists(name: string): boolean {
  return userIds(name) !== null;
}

export interface DovecotUser {
  name: string;
  password: string;
}

export interface DovecotOptions {
  users: readonly DovecotUser[];
  imap?: boolean;
  lmtp?: boolean;
  pop3?: boolean;
  /** IMAP connections per imap process (Dovecot's default 1: one process per connection). */
  imapClientLimit?: number;
  /** Extra configuration appended at the end. */
  extra?: string;
}

export interface DovecotServer {
  dir: string;
  masterPid: number;
  imapPort: number;
  lmtpPort: number;
  pop3Port: number;
  /** The Maildir of `user` (maildir:~/Maildir). */
  maildir(user: string): string;
  /** The numeric owner of mail files. */
  mailOwner: { uid: number; gid: number };
  logPath: string;
  /** Dovecot's log so far. */
  log(): string;
  /** Stops the master (SIGTERM, SIGKILL after 10 s) and removes the temp dir unless `remove` is false. */
  stop(remove?: boolean): Promise<void>;
}

/**
 * Writes the configuration and the users' homes, so that Maildirs can be filled before
 * start(). Returns the pieces start() needs.
 */
export async function prepareDovecot(options: DovecotOptions): Promise<PreparedDovecot> {
  ensureDovecot();
  // Short path: UNIX socket paths under base_dir must stay below 108 bytes.
  const dir = mkdtempSync('/tmp/mkdc-');
  chmodSync(dir, 0o755);
  const owner = userIds('mail') ?? { uid: 8, gid: 8 };
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  for (const user of options.users) {
    mkdirSync(join(home, user.name), { recursive: true });
    chownSync(join(home, user.name), owner.uid, owner.gid);
  }
  chownSync(home, owner.uid, owner.gid);
  writeFileSync(
    join(dir, 'users'),
    options.users.map((u) => `${u.name}:{PLAIN}${u.password}:${owner.uid}:${owner.gid}::${join(home, u.name)}::\n`).join(''),
    { mode: 0o644 },
  );
  const ports = {
    imap: options.imap ? await freePort() : 0,
    lmtp: options.lmtp ? await freePort() : 0,
    pop3: options.pop3 ? await freePort() : 0,
  };
  const protocols = [options.imap ? 'imap' : '', options.lmtp ? 'lmtp' : '', options.pop3 ? 'pop3' : ''].filter(Boolean).join(' ');
  const internalUser = userExists('dovecot') ? 'dovecot' : 'nobody';
  const loginUser = userExists('dovenull') ? 'dovenull' : 'nobody';
  const conf = `# Throwaway benchmark configuration (generated by bench/lib/dovecot.ts).
protocols = ${protocols}
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Ln
default_internal_user = ${internalUser}
default_login_user = ${loginUser}
first_valid_uid = ${Math.min(owner.uid, 500)}
first_valid_gid = ${Math.min(owner.gid, 500)}
mail_location = maildir:~/Maildir
# Every connection of the benchmarks comes from 127.0.0.1, often for one user.
mail_max_userip_connections = 100000
default_client_limit = 10000
default_process_limit = 5000
default_vsz_limit = 1G
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap || 0}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
  service_count = 0
  process_min_avail = 2
}
service imap {
  client_limit = ${options.imapClientLimit ?? 1}
  process_limit = 5000
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${ports.pop3 || 0}
  }
  inet_listener pop3s {
    port = 0
  }
  chroot =
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${ports.lmtp || 0}
  }
  unix_listener lmtp {
    mode = 0600
  }
}
service anvil {
  chroot =
}
protocol lmtp {
  postmaster_address = postmaster@example.org
}
${options.extra ?? ''}
`;
  const confPath = join(dir, 'dovecot.conf');
  writeFileSync(confPath, conf);
  return { dir, confPath, ports, owner, home };
}

export interface PreparedDovecot {
  dir: string;
  confPath: string;
  ports: { imap: number; lmtp: number; pop3: number };
  owner: { uid: number; gid: number };
  home: string;
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `dovecot -F -c <config>` and resolves when its listeners accept connections. */
export async function startDovecot(prepared: PreparedDovecot): Promise<DovecotServer> {
  const { dir, confPath, ports, owner, home } = prepared;
  const logPath = join(dir, 'dovecot.log');
  // Mail files written by the benchmark belong to the mail user, like those Dovecot writes.
  execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, home]);
  const child: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
  const deadline = Date.now() + 20_000;
  for (const port of [ports.imap, ports.lmtp, ports.pop3].filter((p) => p > 0)) {
    while (!(await tryConnect(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`dovecot did not start (${dir}):\n${output}\n${log()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (child.pid === undefined) throw new Error('dovecot has no pid');
  return {
    dir,
    masterPid: child.pid,
    imapPort: ports.imap,
    lmtpPort: ports.lmtp,
    pop3Port: ports.pop3,
    maildir: (user) => join(home, user, 'Maildir'),
    mailOwner: owner,
    logPath,
    log,
    async stop(remove = true) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (remove) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes `count` messages straight into a Maildir folder's cur/ ("INBOX" or a folder name, kept
 * as Maildir++ ".name"), with names Dovecot sorts in the order written (so UIDs are 1..count,
 * as in Mailkeep's bulk load) and S=/W= sizes so that it never has to stat or read a file to
 * learn its size. Dovecot indexes them on the first SELECT.
 */
export function fillMaildir(
  maildir: string,
  folder: string,
  count: number,
  message: (i: number) => Buffer,
  seen?: (i: number) => boolean,
): void {
  const base = folder === 'INBOX' ? maildir : join(maildir, `.${folder}`);
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(base, sub), { recursive: true });
  if (folder !== 'INBOX') writeFileSync(join(base, 'maildirfolder'), '');
  const epoch = 1_600_000_000;
  for (let i = 0; i < count; i++) {
    const bytes = message(i);
    // Messages are CRLF already, so the virtual (CRLF) size W equals the file size S.
    const name = `${epoch + i}.M${i}P1.bench,S=${bytes.length},W=${bytes.length}:2,${seen?.(i) ? 'S' : ''}`;
    writeFileSync(join(base, 'cur', name), bytes);
  }
}

/** Creates an empty Maildir folder (so SELECT/COPY find it). */
export function createMaildirFolder(maildir: string, folder: string): void {
  fillMaildir(maildir, folder, 0, () => Buffer.alloc(0));
}
