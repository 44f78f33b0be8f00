/** A Mailkeep server as a child process (`mailkeep serve`), for crash and signal tests. */

import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';

export interface ServerProcess {
  child: ChildProcess;
  /** "name listening on host:port" lines, once all listeners are ready. */
  listening: Map<string, number>;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `mailkeep serve ARGS` and resolves when the listeners named in `expect` are ready. */
export function startServerProcess(args: readonly string[], expect: readonly string[]): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    // MAILKEEP_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server of a
    // benchmark or test (Node refuses --cpu-prof in NODE_OPTIONS).
    const nodeArgs = (process.env.MAILKEEP_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const listening = new Map<string, number>();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const match of out.matchAll(/^(\w+) listening on .*:(\d+)$/gm)) listening.set(match[1]!, Number(match[2]));
      if (expect.every((name) => listening.has(name))) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (more: Buffer) => (out += more.toString()));
        resolve({ child, listening, output: () => out, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
}
