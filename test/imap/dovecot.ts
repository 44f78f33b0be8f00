/**
 * A private Dovecot IMAP server for "same answer as Dovecot" tests: `/usr/sbin/dovecot -F` with
 * a generated configuration under a temporary directory, passwd-file users, Maildir storage,
 * loopback ports, plaintext logins allowed. Tests that use it skip when Dovecot is not
 * installed (CI installs dovecot-imapd; see .ci/run), so the suite never depends on it.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort } from '../helpers/server.js';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export interface DovecotServer {
  port: number;
  dir: string;
  addUser(name: string, password: string): void;
  /** The Maildir of a user (created at first login). */
  maildir(user: string): string;
  log(): string;
  stop(): Promise<void>;
}

/** True when the tests can run Dovecot here (installed, and we are root to run it as ours). */
export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT_BINARY) && process.getuid?.() === 0;
}

/** A uid/gid Dovecot accepts for mail processes (it refuses 0): the "dovecot" user's. */
function mailIds(): { uid: number; gid: number } {
  const passwd = readFileSync('/etc/passwd', 'utf8');
  for (const name of ['dovecot', 'dovenull', 'nobody']) {
    const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
    if (line) {
      const [, , uid, gid] = line.split(':');
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  const me = userInfo();
  return { uid: me.uid, gid: me.gid };
}

function waitForPort(port: number, child: ChildProcess, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`dovecot exited with ${child.exitCode}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error('dovecot did not start listening'));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts Dovecot; stops it and removes its directory when the test ends. */
export async function startDovecot(t: TestContext, users: Record<string, string> = {}): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mailkeep-dovecot-'));
  chmodSync(dir, 0o755);
  const { uid, gid } = mailIds();
  for (const sub of ['run', 'state', 'home']) mkdirSync(join(dir, sub));
  chownSync(join(dir, 'home'), uid, gid);
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '');
  const port = await freePort();
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 0
mail_location = maildir:~/Maildir
imap_hibernate_timeout = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${passwd}
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  inet_listener http {
    port = 0
  }
}
namespace inbox {
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
}
`,
  );
  const addUser = (name: string, password: string) => {
    appendFileSync(passwd, `${name}:{PLAIN}${password}:${uid}:${gid}::${dir}/home/${name}::\n`);
  };
  for (const [name, password] of Object.entries(users)) addUser(name, password);
  // Dovecot runs under a shell that stops it when its stdin closes: when this test process ends,
  // however it ends (even killed), the pipe closes and no Dovecot is left running.
  const guard = '"$0" -F -c "$1" & pid=$!; trap \'kill $pid 2>/dev/null\' TERM; cat >/dev/null; kill $pid 2>/dev/null; wait $pid';
  const child = spawn('sh', ['-c', guard, DOVECOT_BINARY, join(dir, 'dovecot.conf')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => {
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
    if (child.exitCode === null) {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  t.after(stop);
  try {
    await waitForPort(port, child, Date.now() + 15_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${log()}`);
  }
  return { port, dir, addUser, maildir: (user) => join(dir, 'home', user, 'Maildir'), log, stop };
}

/** A response as a value tree, so that two servers' answers compare by meaning: quoted and
 *  literal strings are the same value; NIL is null; lists are arrays; atoms are strings
 *  (section names like BODY[HEADER.FIELDS (A B)]<0> stay one atom, upper-cased). */
export type ImapValue = string | null | ImapValue[];

export function parseResponse(raw: Buffer | string): ImapValue[] {
  // Literal lengths count bytes: parse the bytes (as latin1), give strings back as UTF-8.
  const text = (Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')).toString('latin1');
  const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  let at = 0;
  const value = (): ImapValue => {
    const c = text[at];
    if (c === '(') {
      at++;
      const list: ImapValue[] = [];
      for (;;) {
        while (text[at] === ' ') at++;
        if (text[at] === ')') {
          at++;
          return list;
        }
        if (at >= text.length) throw new Error(`unbalanced list in ${text.slice(0, 200)}`);
        const start = at;
        list.push(value());
        if (at === start) throw new Error(`cannot parse at ${at}: ${JSON.stringify(text.slice(0, 300))}`);
      }
    }
    if (c === '"') {
      let out = '';
      at++;
      while (text[at] !== '"') {
        if (text[at] === '\\') at++;
        if (at >= text.length) throw new Error(`unterminated quoted string in ${text.slice(0, 200)}`);
        out += text[at++];
      }
      at++;
      return utf8(out);
    }
    const literal = /^~?\{(\d+)\}\r\n/.exec(text.slice(at, at + 30));
    if (literal) {
      at += literal[0].length;
      const out = text.slice(at, at + Number(literal[1]));
      at += Number(literal[1]);
      return utf8(out);
    }
    let atom = '';
    while (at < text.length && !' ()'.includes(text[at]!)) {
      if (text[at] === '[') {
        const close = text.indexOf(']', at);
        const end = close < 0 ? text.length : close + 1;
        atom += text.slice(at, end).toUpperCase();
        at = end;
      } else atom += text[at++];
    }
    return atom.toUpperCase() === 'NIL' ? null : utf8(atom);
  };
  const out: ImapValue[] = [];
  while (at < text.length) {
    while (text[at] === ' ') at++;
    if (at >= text.length) break;
    const start = at;
    out.push(value());
    if (at === start) throw new Error(`cannot parse at ${at}: ${JSON.stringify(text.slice(0, 300))}`);
  }
  return out;
}

/** `* n FETCH (K V K V ...)` as { K: V } with FLAGS sorted and \Recent dropped. */
export function fetchItems(response: Buffer | string): { seq: number; items: Record<string, ImapValue> } {
  const [, seq, , list] = parseResponse(response) as [string, string, string, ImapValue[]];
  const items: Record<string, ImapValue> = {};
  for (let i = 0; i < list.length; i += 2) {
    const key = (list[i] as string).toUpperCase();
    let val = list[i + 1]!;
    if (key === 'FLAGS' && Array.isArray(val)) val = (val as string[]).filter((f) => f !== '\\Recent').sort();
    items[key] = val;
  }
  return { seq: Number(seq), items };
}
