/**
 * A throwaway Dovecot (dovecot-imapd, dovecot-pop3d from Debian) for relay tests and the
 * benchmark: `dovecot -F -c <generated config>` on free loopback ports, everything under one
 * temporary directory (config, TLS pair, passwd-file, maildirs, logs, sockets).
 *
 * Runs as root (CI) or as an ordinary user. As root, mail is accessed as the `dovecot` system
 * user (Dovecot refuses mail access as UID 0), so the mail tree is chowned to it; otherwise as
 * the current user with privilege separation off.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateSelfSigned } from '../../src/server/tls/self-signed.js';
import { freePort } from '../helpers/server.js';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export interface DovecotUser {
  name: string;
  password: string;
}

export interface Dovecot {
  dir: string;
  imapPort: number;
  imapsPort: number;
  pop3Port: number;
  /** PEM certificate the server uses (self-signed, valid for 127.0.0.1 and localhost). */
  certFile: string;
  /** The user's Maildir (created on first use). */
  maildir(user: string): string;
  /**
   * Writes messages into the user's Maildir/new as Dovecot's own delivery would (LF line ends,
   * S= and W= sizes in the name), in order: they get ascending UIDs at the next sync.
   */
  deliver(user: string, messages: readonly (string | Buffer)[]): void;
  /** The messages in the user's Maildir (new and cur) in delivery order, with CRLF line ends. */
  messages(user: string): { name: string; content: string }[];
  log(): string;
  stop(): Promise<void>;
}

/**
 * A self-signed pair that parses. (generateSelfSigned makes a serial number with a redundant
 * leading zero byte about once in 256 runs, which DER forbids; retrying keeps this helper
 * reliable whatever the generator does.)
 */
function validSelfSigned(): { cert: string; key: string } {
  for (let attempt = 0; ; attempt++) {
    const pair = generateSelfSigned('localhost');
    try {
      new X509Certificate(pair.cert);
      return pair;
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
}

interface Owner {
  uid: number;
  gid: number;
}

function mailOwner(): { owner: Owner | null; settings: string[] } {
  if (process.getuid?.() !== 0) {
    const me = userInfo().username;
    return { owner: null, settings: [`default_internal_user = ${me}`, `default_login_user = ${me}`, `mail_uid = ${process.getuid!()}`, `mail_gid = ${process.getgid!()}`] };
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot'], { encoding: 'utf8' }).trim());
  const owner = { uid: id('-u'), gid: id('-g') };
  const loginUser = hasUser('dovenull') ? 'dovenull' : 'dovecot';
  return { owner, settings: ['default_internal_user = dovecot', `default_login_user = ${loginUser}`, `mail_uid = ${owner.uid}`, `mail_gid = ${owner.gid}`] };
}

function hasUser(name: string): boolean {
  try {
    execFileSync('id', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function chownTree(path: string, owner: Owner | null): void {
  if (!owner) return;
  chownSync(path, owner.uid, owner.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, owner);
    else chownSync(child, owner.uid, owner.gid);
  }
}

/** Starts Dovecot with these users; stop() (or the process exit) ends it. */
export async function startDovecot(users: readonly DovecotUser[], options: { extraConfig?: string[] } = {}): Promise<Dovecot> {
  if (!existsSync(DOVECOT_BINARY)) throw new Error(`${DOVECOT_BINARY} is missing: install dovecot-imapd and dovecot-pop3d`);
  const dir = mkdtempSync(join(tmpdir(), 'mailkeep-dovecot-'));
  chmodSync(dir, 0o755); // the mail user must reach the homes below
  const { owner, settings } = mailOwner();
  const pair = validSelfSigned();
  const certFile = join(dir, 'cert.pem');
  writeFileSync(certFile, pair.cert);
  writeFileSync(join(dir, 'key.pem'), pair.key, { mode: 0o600 });
  writeFileSync(join(dir, 'passwd'), users.map((u) => `${u.name}:{PLAIN}${u.password}::::::\n`).join(''), { mode: 0o644 });
  const home = join(dir, 'home');
  mkdirSync(home);
  chownTree(home, owner);
  const [imapPort, imapsPort, pop3Port] = [await freePort(), await freePort(), await freePort()];
  // Login processes chroot by default, which needs root.
  const chroot = owner ? [] : ['  chroot ='];
  const config = [
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `log_path = ${join(dir, 'dovecot.log')}`,
    'protocols = imap pop3',
    'listen = 127.0.0.1',
    'ssl = yes',
    `ssl_cert = <${certFile}`,
    `ssl_key = <${join(dir, 'key.pem')}`,
    'ssl_min_protocol = TLSv1.2',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'auth_failure_delay = 0',
    'first_valid_uid = 1',
    'first_valid_gid = 1',
    'mail_fsync = never',
    'mail_location = maildir:~/Maildir',
    'mail_max_userip_connections = 1000',
    ...settings,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = home=${home}/%u`,
    '}',
    'service imap-login {',
    ...chroot,
    `  inet_listener imap {\n    port = ${imapPort}\n  }`,
    `  inet_listener imaps {\n    port = ${imapsPort}\n    ssl = yes\n  }`,
    '}',
    'service pop3-login {',
    ...chroot,
    `  inet_listener pop3 {\n    port = ${pop3Port}\n  }`,
    '  inet_listener pop3s {\n    port = 0\n  }',
    '}',
    ...(options.extraConfig ?? []),
    '',
  ].join('\n');
  const configFile = join(dir, 'dovecot.conf');
  writeFileSync(configFile, config);
  const child = spawn(DOVECOT_BINARY, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readLog = () => {
    try {
      return output + readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return output;
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await kill(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', () => child.kill('SIGKILL'));
  try {
    await waitForGreeting(imapPort, child, readLog);
    await waitForGreeting(pop3Port, child, readLog);
  } catch (error) {
    await stop();
    throw error;
  }
  let counter = 0;
  const maildir = (user: string) => join(home, user, 'Maildir');
  return {
    dir,
    imapPort,
    imapsPort,
    pop3Port,
    certFile,
    maildir,
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
      chownTree(join(home, user), owner);
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
    log: readLog,
    stop,
  };
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Resolves once the port answers with a greeting; rejects if Dovecot exits or takes too long. */
async function waitForGreeting(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}):\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on port ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
