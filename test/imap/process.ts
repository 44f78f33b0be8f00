/**
 * `mailkeep serve` in a child process with only IMAP (and optionally LMTP) listening, for tests
 * that watch the server's own memory (/proc/<pid>/status) or send it signals. The child runs
 * under `sh -c 'ulimit -n ...'` so that a thousand connections fit whatever the caller's soft
 * descriptor limit is.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

export interface ImapProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  dataDir: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident memory of the server process, in bytes (VmRSS). */
  rss(): number;
}

/** Node with a raised descriptor limit (as far as the hard limit allows). */
export function spawnNode(args: readonly string[], options: { stdio?: 'pipe' } = {}): ChildProcess {
  return spawn('sh', ['-c', 'ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...args], {
    stdio: options.stdio ?? 'pipe',
  });
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS');
  return Number(match[1]) * 1024;
}

/** Starts the server with an account alice/secret; kills it when the test ends. */
export async function startImapProcess(t: TestContext, settings: Record<string, string> = {}): Promise<ImapProcess> {
  const dataDir = tempDir(t);
  const added = await runCli(['user', 'add', 'alice', '--password-stdin', '--data', dataDir], { input: 'secret\n' });
  if (added.code !== 0) throw new Error(`user add failed: ${added.stderr}`);
  const args = [CLI, 'serve', '--data', dataDir, '--listen', '127.0.0.1', '--imap-port', '0', '--imaps-port', 'off', '--lmtp-port', 'off', '--smtp-port', 'off', '--pop3-port', 'off', '--pop3s-port', 'off', '-o', 'log.level=warn'];
  for (const [key, value] of Object.entries(settings)) args.push('-o', `${key}=${value}`);
  const child = spawnNode(args);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const match = /^imap listening on .*:(\d+)$/m.exec(out);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
  return { child, pid: child.pid!, port, dataDir, output: () => out, exited, rss: () => rssOf(child.pid!) };
}
