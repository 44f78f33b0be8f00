/**
 * Real POP3 clients over real sockets: Python's poplib, Debian's fetchmail and mpop, and curl.
 * Each function talks to a `Pop3Target` (Mailkeep's own POP3, or the relay in front of some
 * IMAP server) and returns what the client saw; the tests decide what that must be.
 */

import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Pop3Target {
  host: string;
  /** A cleartext port that offers STLS. */
  port: number;
  user: string;
  password: string;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function command(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(file, [...args], { timeout: 60_000, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

export interface PoplibResult {
  welcome: string;
  capa: Record<string, string[]>;
  stat: [number, number];
  list: string[];
  uidl: string[];
  /** RETR of every message, line by line as poplib gives them (unstuffed, no CRLF). */
  messages: string[][];
  /** The octet count poplib received for each RETR. */
  octets: number[];
  top: string[];
  quit: string;
}

/**
 * poplib: STLS, USER/PASS, CAPA, STAT, LIST, UIDL, RETR of each message, TOP 1 0, DELE of the
 * messages numbered in `dele`, QUIT.
 */
export async function poplibSession(target: Pop3Target, dele: readonly number[] = []): Promise<PoplibResult> {
  const script = `
import json, poplib, ssl, sys
host, port, user, password, dele = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
p = poplib.POP3(host, port, timeout=30)
welcome = p.getwelcome().decode()
p.stls(ssl._create_unverified_context())
p.user(user)
p.pass_(password)
capa = p.capa()
stat = p.stat()
lst = [l.decode() for l in p.list()[1]]
uidl = [l.decode() for l in p.uidl()[1]]
messages, octets = [], []
for i in range(1, stat[0] + 1):
    resp, lines, n = p.retr(i)
    messages.append([l.decode('utf-8', 'replace') for l in lines])
    octets.append(n)
top = [l.decode('utf-8', 'replace') for l in p.top(1, 0)[1]] if stat[0] else []
for n in dele:
    p.dele(n)
quit = p.quit().decode()
print(json.dumps(dict(welcome=welcome, capa=capa, stat=stat, list=lst, uidl=uidl, messages=messages, octets=octets, top=top, quit=quit)))
`;
  const result = await command('python3', ['-c', script, target.host, String(target.port), target.user, target.password, JSON.stringify(dele)]);
  if (result.code !== 0) throw new Error(`poplib failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as PoplibResult;
}

/** poplib with a wrong password: the -ERR line it got. */
export async function poplibWrongPassword(target: Pop3Target): Promise<string> {
  const script = `
import poplib, ssl, sys
p = poplib.POP3(sys.argv[1], int(sys.argv[2]), timeout=60)
p.stls(ssl._create_unverified_context())
p.user(sys.argv[3])
try:
    p.pass_(sys.argv[4])
    print('+OK unexpected')
except poplib.error_proto as e:
    print(e.args[0].decode())
`;
  const result = await command('python3', ['-c', script, target.host, String(target.port), target.user, target.password]);
  if (result.code !== 0) throw new Error(`poplib failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim();
}

export interface FetchmailRun extends CommandResult {
  /** The messages delivered by this run, in order (fetchmail hands them over with LF ends). */
  delivered: string[];
}

/**
 * A fetchmail runner in its own directory (rcfile mode 0600, HOME, idfile): STLS without
 * certificate check (the test servers' certificates are self-signed), each message handed to
 * an MDA that writes it to a file. `keep` leaves mail on the server and relies on UIDL to
 * fetch only new messages next time; without it, fetchmail deletes what it downloaded.
 */
export function fetchmailRunner(dir: string, target: Pop3Target, keep: boolean): () => Promise<FetchmailRun> {
  const inbox = join(dir, 'delivered');
  mkdirSync(inbox, { recursive: true });
  const mda = join(dir, 'mda.sh');
  writeFileSync(mda, `#!/bin/sh\nn=$(ls '${inbox}' | wc -l)\ncat > '${inbox}/'$(printf '%05d' "$n")\n`);
  chmodSync(mda, 0o755);
  const rcfile = join(dir, 'fetchmailrc');
  writeFileSync(
    rcfile,
    [
      'set no syslog',
      'set invisible',
      `set idfile "${join(dir, 'fetchids')}"`,
      `poll ${target.host} service ${target.port} protocol POP3 uidl timeout 60`,
      `  user "${target.user}" there with password "${target.password}" is "root" here`,
      `  sslproto "tls1.2+" no sslcertck`,
      `  mda "${mda}"`,
      keep ? '  keep' : '  no keep fetchall',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  chmodSync(rcfile, 0o600);
  return async () => {
    const before = readdirSync(inbox).length;
    const result = await command('fetchmail', ['--nodetach', '-f', rcfile, '--pidfile', join(dir, 'fetchmail.pid'), '-v'], {
      env: { HOME: dir, FETCHMAILHOME: dir },
    });
    const files = readdirSync(inbox).sort().slice(before);
    return { ...result, delivered: files.map((f) => readFileSync(join(inbox, f), 'utf8')) };
  };
}

/** mpop: STLS (no certificate check), download into a maildir, deleting (or keeping) on the server. */
export async function mpopFetch(dir: string, target: Pop3Target, keep: boolean): Promise<CommandResult & { delivered: string[] }> {
  const maildir = join(dir, 'Maildir');
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  const result = await command(
    'mpop',
    [
      `--host=${target.host}`,
      `--port=${target.port}`,
      `--user=${target.user}`,
      '--passwordeval=cat "$MPOP_PASSWORD_FILE"',
      '--auth=user',
      '--tls=on',
      '--tls-starttls=on',
      '--tls-certcheck=off',
      `--delivery=maildir,${maildir}`,
      `--keep=${keep ? 'on' : 'off'}`,
      `--uidls-file=${join(dir, 'uidls')}`,
      '--timeout=60',
      '--half-quiet',
      '--received-header=off',
    ],
    { env: { HOME: dir, MPOP_PASSWORD_FILE: passwordFile(dir, target.password) } },
  );
  const names = readdirSync(join(maildir, 'new')).sort();
  return { ...result, delivered: names.map((n) => readFileSync(join(maildir, 'new', n), 'utf8')) };
}

function passwordFile(dir: string, password: string): string {
  const file = join(dir, 'password');
  writeFileSync(file, password, { mode: 0o600 });
  return file;
}

/** curl pop3://: `path` "" lists (LIST), "/n" retrieves message n; `request` sends a custom command. */
export async function curlPop3(target: Pop3Target, path: string, options: { request?: string; tls?: boolean } = {}): Promise<CommandResult> {
  const args = ['-sS', '--max-time', '60', '-u', `${target.user}:${target.password}`, `pop3://${target.host}:${target.port}${path}`];
  if (options.tls) args.push('--ssl-reqd', '-k');
  if (options.request) args.push('-X', options.request, '-I');
  return command('curl', args);
}
