/**
 * Dovecot for the side-by-side benchmarks: test/helpers/dovecot.ts with the benchmarks'
 * settings (limits raised for thousands of connections, imap-login in high-performance mode,
 * one imap process per connection as Dovecot's default), plus installing Dovecot when missing
 * and filling Maildirs fast. Dovecot keeps its default fsync behaviour (mail_fsync =
 * optimized). Needs root, as the benchmarks do.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOVECOT_BINARY, startDovecot, type Dovecot, type DovecotUser } from '../../test/helpers/dovecot.js';

export { dovecotVersion, type Dovecot } from '../../test/helpers/dovecot.js';

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

/** Dovecot with the benchmarks' settings, IMAP always, LMTP and POP3 when asked. */
export function startBenchDovecot(users: readonly DovecotUser[], options: { lmtp?: boolean; pop3?: boolean } = {}): Promise<Dovecot> {
  ensureDovecot();
  return startDovecot({ users, ...options, performance: { imapClientLimit: 1 } });
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
