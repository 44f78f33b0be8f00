/**
 * POP3 benchmark, Mailkeep beside Dovecot (dovecot-pop3d) in one run, over loopback:
 *   - login + STAT + UIDL on a maildrop of 100,000 messages (the same messages on both),
 *     first login (cold: Dovecot builds its index) and the median of the next ones;
 *   - RETR throughput in MB/s: one session retrieving 40 messages of 2.5 MiB.
 *   node dist/bench/pop3/main.js [--messages N] [--runs R]
 * Mailkeep's store is filled in-process (bulk appends) and closed, then served by `mailkeep
 * serve` as a child process, as Dovecot runs in processes of its own: the benchmark's client
 * never shares a thread with the server it measures. Dovecot's Maildir is written directly, with
 * S= and W= sizes in the file names as its own delivery writes them. Prints figures; asserts
 * nothing.
 */

import { connect, type Socket } from 'node:net';
import { startDovecot } from '../../test/helpers/dovecot.js';
import { loadMailkeep, mailkeepDataDir, startMailkeep } from '../lib/mailkeep.js';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const MESSAGES = option('--messages', 100_000);
const RUNS = option('--runs', 5);
const BIG_COUNT = 40;
const BIG_SIZE = 2.5 * 1024 * 1024;

/** A plausible small message: 1 to 4 KB. */
function smallMessage(i: number): Buffer {
  const head = `From: Sender ${i % 97} <sender${i % 97}@example.org>\r\nTo: bench@example.org\r\nSubject: message number ${i}\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${i}@bench.example.org>\r\n\r\n`;
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  return Buffer.from(head + line.repeat(10 + (i % 40)));
}

function bigMessage(i: number): Buffer {
  const head = `From: big@example.org\r\nTo: bench@example.org\r\nSubject: big ${i}\r\nMessage-ID: <big${i}@bench.example.org>\r\n\r\n`;
  const line = 'The quick brown fox jumps over the lazy dog; 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ.\r\n';
  const body = line.repeat(Math.ceil(BIG_SIZE / line.length));
  return Buffer.from(head + body.slice(0, BIG_SIZE - head.length - 2) + '\r\n');
}

/** A minimal, fast POP3 client: lines, and multi-line bodies scanned for the terminator. */
class Client {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private wake: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new Client(socket)));
      socket.once('error', reject);
    });
  }

  private async more(): Promise<void> {
    if (this.closed) throw new Error('connection closed');
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  async line(): Promise<string> {
    for (;;) {
      const data = this.joined();
      const at = data.indexOf('\r\n');
      if (at >= 0) {
        this.chunks = [data.subarray(at + 2)];
        this.buffered = data.length - at - 2;
        return data.subarray(0, at).toString('latin1');
      }
      await this.more();
    }
  }

  async command(text: string): Promise<string> {
    this.socket.write(`${text}\r\n`);
    const reply = await this.line();
    if (!reply.startsWith('+OK')) throw new Error(`${text.split(' ')[0]}: ${reply}`);
    return reply;
  }

  /** Consumes a multi-line body; returns its length in bytes. */
  async body(): Promise<number> {
    let total = 0;
    let tail: Buffer = Buffer.alloc(0);
    for (;;) {
      while (this.chunks.length > 0) {
        const chunk = this.chunks.shift()!;
        const window = tail.length > 0 ? Buffer.concat([tail, chunk.subarray(0, 4)]) : null;
        let end = -1;
        if (window) {
          const at = window.indexOf('\r\n.\r\n');
          if (at >= 0 && at + 5 > tail.length) end = at + 5 - tail.length;
        }
        if (end < 0) {
          const at = chunk.indexOf('\r\n.\r\n');
          if (at >= 0) end = at + 5;
          else if (total === 0 && chunk.subarray(0, 3).equals(Buffer.from('.\r\n'))) end = 3;
        }
        if (end >= 0) {
          total += end;
          if (end < chunk.length) this.chunks.unshift(chunk.subarray(end));
          this.buffered = this.chunks.reduce((s, c) => s + c.length, 0);
          return total;
        }
        total += chunk.length;
        tail = chunk.length >= 4 ? chunk.subarray(chunk.length - 4) : Buffer.concat([tail, chunk]).subarray(-4);
      }
      this.buffered = 0;
      await this.more();
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Seconds for connect + login + STAT + UIDL (+ QUIT, not timed). */
async function statUidl(port: number, user: string, password: string): Promise<{ seconds: number; stat: string; uidlBytes: number }> {
  const started = process.hrtime.bigint();
  const client = await Client.open(port);
  await client.line();
  await client.command(`USER ${user}`);
  await client.command(`PASS ${password}`);
  const stat = await client.command('STAT');
  await client.command('UIDL');
  const bytes = await client.body();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.command('QUIT');
  client.close();
  return { seconds, stat, uidlBytes: bytes };
}

/** MB/s for RETR of every message in one session. */
async function retrThroughput(port: number, user: string, password: string): Promise<number> {
  const client = await Client.open(port);
  await client.line();
  await client.command(`USER ${user}`);
  await client.command(`PASS ${password}`);
  const count = Number((await client.command('STAT')).split(' ')[1]);
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 1; i <= count; i++) {
    await client.command(`RETR ${i}`);
    bytes += await client.body();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.command('QUIT');
  client.close();
  return bytes / 1e6 / seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  console.log(`POP3 benchmark: ${MESSAGES} messages; RETR of ${BIG_COUNT} x ${BIG_SIZE / 1024 / 1024} MiB; ${RUNS} timed runs each`);
  const dataDir = mailkeepDataDir();
  let started = Date.now();
  await loadMailkeep(dataDir, [
    { name: 'bench', password: 'bench-password', mailboxes: [{ mailbox: 'INBOX', count: MESSAGES, message: smallMessage }] },
    { name: 'big', password: 'big-password', mailboxes: [{ mailbox: 'INBOX', count: BIG_COUNT, message: bigMessage }] },
  ]);
  const server = await startMailkeep(dataDir, { pop3: true });
  const port = server.pop3Port;
  console.log(`  Mailkeep filled in ${((Date.now() - started) / 1000).toFixed(1)} s; \`mailkeep serve\` runs as a child process`);

  started = Date.now();
  const dovecot = await startDovecot({
    users: [
      { name: 'bench', password: 'bench-password' },
      { name: 'big', password: 'big-password' },
    ],
    pop3: true,
  });
  const chunk = 5000;
  for (let start = 0; start < MESSAGES; start += chunk) {
    dovecot.deliver('bench', Array.from({ length: Math.min(chunk, MESSAGES - start) }, (_, k) => smallMessage(start + k)));
  }
  dovecot.deliver('big', Array.from({ length: BIG_COUNT }, (_, i) => bigMessage(i)));
  console.log(`  Dovecot maildir written in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const results: { label: string; mailkeep: number; dovecot: number; unit: string; lowerIsBetter: boolean }[] = [];
  try {
    const mkFirst = await statUidl(port, 'bench', 'bench-password');
    const dvFirst = await statUidl(dovecot.pop3Port, 'bench', 'bench-password');
    if (mkFirst.stat !== dvFirst.stat) console.log(`  note: STAT differs: Mailkeep "${mkFirst.stat}", Dovecot "${dvFirst.stat}"`);
    results.push({ label: `login+STAT+UIDL, ${MESSAGES} msgs, first`, mailkeep: mkFirst.seconds, dovecot: dvFirst.seconds, unit: 's', lowerIsBetter: true });
    const mk: number[] = [];
    const dv: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      mk.push((await statUidl(port, 'bench', 'bench-password')).seconds);
      dv.push((await statUidl(dovecot.pop3Port, 'bench', 'bench-password')).seconds);
    }
    results.push({ label: `login+STAT+UIDL, ${MESSAGES} msgs, median`, mailkeep: median(mk), dovecot: median(dv), unit: 's', lowerIsBetter: true });
    const mkRetr: number[] = [];
    const dvRetr: number[] = [];
    for (let run = 0; run < Math.max(3, Math.ceil(RUNS / 2)); run++) {
      mkRetr.push(await retrThroughput(port, 'big', 'big-password'));
      dvRetr.push(await retrThroughput(dovecot.pop3Port, 'big', 'big-password'));
    }
    results.push({ label: `RETR throughput, ${BIG_COUNT} x 2.5 MiB`, mailkeep: median(mkRetr), dovecot: median(dvRetr), unit: 'MB/s', lowerIsBetter: false });
  } finally {
    await dovecot.stop();
    await server.stop(); // removes dataDir
  }
  console.log('');
  console.log(`${'measure'.padEnd(44)} ${'Mailkeep'.padStart(10)} ${'Dovecot'.padStart(10)}   Mailkeep vs Dovecot`);
  for (const r of results) {
    const digits = r.unit === 's' ? 3 : 0;
    const better = r.lowerIsBetter ? r.dovecot / r.mailkeep : r.mailkeep / r.dovecot;
    console.log(
      `${r.label.padEnd(44)} ${`${r.mailkeep.toFixed(digits)} ${r.unit}`.padStart(10)} ${`${r.dovecot.toFixed(digits)} ${r.unit}`.padStart(10)}   ${better.toFixed(2)}x ${better >= 1 ? 'as good or better' : 'slower'}`,
    );
  }
}

await main();
