/**
 * Cross-checks the MIME corpus (test/fixtures/mime/*.eml) against Dovecot: starts Debian's
 * dovecot-imapd (test/helpers/dovecot.ts: loopback port, throwaway directory), copies each
 * message byte for byte into its own Maildir folder, FETCHes ENVELOPE, BODYSTRUCTURE and BODY, and compares them as value trees with the
 * expectations in the corpus. Not part of npm test (it needs dovecot installed).
 *
 *   npx tsc -p tsconfig.json && node dist/bench/mime/crosscheck-dovecot.js [--write report.json]
 *
 * Prints one line per case: "match", or "differ" with both sides.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join, basename } from 'node:path';
import { startDovecot } from '../../test/helpers/dovecot.js';
import { canonical, ValueReader, type Parsed } from './imap-response.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const CORPUS = join(ROOT, 'test/fixtures/mime');
/** Reads tagged responses from a socket; resolves with all bytes up to and including the tag. */
class Conn {
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private closed = false;
  constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiter?.();
    });
    sock.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  async until(pred: (b: Buffer) => number): Promise<Buffer> {
    for (;;) {
      const n = pred(this.buf);
      if (n >= 0) {
        const out = this.buf.subarray(0, n);
        this.buf = this.buf.subarray(n);
        return out;
      }
      if (this.closed) throw new Error(`connection closed: ${this.buf.toString('latin1').slice(-300)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 10_000);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  async command(tag: string, cmd: string): Promise<Buffer> {
    this.sock.write(`${tag} ${cmd}\r\n`);
    const marker = Buffer.from(`\r\n${tag} `);
    return this.until((b) => {
      const i = b.subarray(0, tag.length + 1).equals(marker.subarray(2)) ? -2 : b.indexOf(marker);
      if (i === -1) return -1;
      const e = b.indexOf('\r\n', i + marker.length);
      return e < 0 ? -1 : e + 2;
    });
  }
}

interface Fetched {
  envelope: Parsed;
  bodystructure: Parsed;
  body: Parsed;
}

/** Extracts the items of the first FETCH response in bytes. */
function parseFetch(resp: Buffer): Fetched | null {
  const i = resp.indexOf(' FETCH (');
  if (i < 0) return null;
  const r = new ValueReader(resp);
  r.pos = i + 7;
  const list = r.read();
  if (!Array.isArray(list)) return null;
  const out: Partial<Fetched> = {};
  for (let k = 0; k + 1 < list.length; k += 2) {
    const key = list[k];
    const name = key !== null && typeof key === 'object' && !Array.isArray(key) && 'atom' in key ? key.atom.toUpperCase() : '';
    if (name === 'ENVELOPE') out.envelope = list[k + 1]!;
    if (name === 'BODYSTRUCTURE') out.bodystructure = list[k + 1]!;
    if (name === 'BODY') out.body = list[k + 1]!;
  }
  return out as Fetched;
}

interface Expected {
  envelope: string;
  bodystructure: string;
  body: string;
}

function expectedBytes(s: string): Buffer {
  return s.startsWith('base64:') ? Buffer.from(s.slice(7), 'base64') : Buffer.from(s, 'utf8');
}

/** Both sides around the first difference (whole when short). */
function showDiff(ours: string, theirs: string): string {
  let i = 0;
  while (i < ours.length && i < theirs.length && ours[i] === theirs[i]) i++;
  const from = ours.length + theirs.length > 1200 ? Math.max(0, i - 200) : 0;
  const to = ours.length + theirs.length > 1200 ? i + 300 : undefined;
  const cut = (s: string): string => (from > 0 ? '...' : '') + s.slice(from, to) + (to !== undefined && s.length > to ? '...' : '');
  return `  ours:    ${cut(ours)}\n  dovecot: ${cut(theirs)}`;
}

async function main(): Promise<void> {
  const reportPath = process.argv.includes('--write') ? process.argv[process.argv.indexOf('--write') + 1] : undefined;
  const cases = readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
  const dovecot = await startDovecot({ users: [{ name: 'test', password: 'pass' }] });
  // One Maildir++ folder per case, the message copied byte for byte (no APPEND rewriting).
  const maildir = dovecot.maildir('test');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  for (const file of cases) {
    const dir = join(maildir, `.${basename(file, '.eml')}`);
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
    copyFileSync(join(CORPUS, file), join(dir, 'cur', `1000000000.M1P1.mailkeep:2,S`));
  }
  dovecot.ownMail('test');
  try {
    const sock = connect(dovecot.imapPort, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    const conn = new Conn(sock);
    await conn.until((b) => (b.indexOf('\r\n') >= 0 ? b.indexOf('\r\n') + 2 : -1));
    await conn.command('a', 'LOGIN test pass');
    const results: { name: string; status: string; notes: string[] }[] = [];
    let n = 0;
    for (const file of cases) {
      const name = basename(file, '.eml');
      const expPath = join(CORPUS, `${name}.expected.json`);
      const exp: Expected | null = existsSync(expPath) ? (JSON.parse(readFileSync(expPath, 'utf8')) as Expected) : null;
      n++;
      await conn.command(`s${n}`, `SELECT "${name}"`);
      const resp = await conn.command(`f${n}`, 'FETCH 1 (ENVELOPE BODYSTRUCTURE BODY)');
      const got = parseFetch(resp);
      const notes: string[] = [];
      if (got === null || exp === null) {
        results.push({ name, status: 'error', notes: [got === null ? `no FETCH: ${resp.toString('latin1').slice(0, 300)}` : 'no expectations'] });
        continue;
      }
      for (const key of ['envelope', 'bodystructure', 'body'] as const) {
        const ours = canonical(new ValueReader(expectedBytes(exp[key])).read());
        const theirs = canonical(got[key]);
        if (ours !== theirs) notes.push(`${key}:\n${showDiff(ours, theirs)}`);
      }
      results.push({ name, status: notes.length === 0 ? 'match' : 'differ', notes });
    }
    await conn.command('z', 'LOGOUT');
    sock.destroy();
    for (const r of results) {
      console.log(`${r.status.padEnd(6)} ${r.name}`);
      for (const note of r.notes) console.log('  ' + note);
    }
    const count = (s: string): number => results.filter((r) => r.status === s).length;
    console.log(`\n${count('match')} match, ${count('differ')} differ, ${count('error')} error`);
    if (reportPath !== undefined) writeFileSync(reportPath, JSON.stringify(results, null, 2) + '\n');
  } finally {
    await dovecot.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
