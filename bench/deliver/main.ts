/**
 * LMTP delivery benchmark, Mailkeep beside Dovecot's LMTP (dovecot-lmtpd) in the same run:
 * messages/s with 1 and 4 connections for 4 KB and 200 KB messages, and the server's CPU time
 * per message. Each connection says LHLO once, then runs transactions of one recipient
 * (MAIL, RCPT and DATA pipelined) and waits for the 250 after the data before the next one, so
 * every counted message is durable by the server's own rules (Mailkeep: SQLite WAL with
 * synchronous=FULL, the 250 after the commit; Dovecot: mail_fsync = optimized, its default).
 *
 *   npx tsc -p tsconfig.json && node dist/bench/deliver/main.js
 *       [--messages 4000] [--connections 1,4] [--only small,large] [--dovecot off]
 *
 * --messages is the number of 4 KB messages per run; 200 KB runs deliver a tenth as many.
 * Prints figures; asserts nothing.
 */

import { cpus } from 'node:os';
import { BenchArgs } from '../lib/args.js';
import { dovecotVersion, startBenchDovecot, type Dovecot } from '../lib/dovecot.js';
import { ImapClient } from '../lib/imap-client.js';
import { LmtpClient } from '../lib/lmtp-client.js';
import { loadMailkeep, mailkeepDataDir, startMailkeep, type MailkeepServer } from '../lib/mailkeep.js';
import { benchMessage, dataStuffed, LARGE_BYTES, SMALL_BYTES } from '../lib/messages.js';
import { cpuMs } from '../lib/proc.js';
import { loadAverage, printTable, since, type Row } from '../lib/table.js';

const PASSWORD = 'bench-password';
const SENDER = 'sender@bench.example';
const WARMUP_PER_CONNECTION = 5;

interface Target {
  name: 'Mailkeep' | 'Dovecot';
  lmtpPort: number;
  imapPort: number;
  cpu(): number;
}

interface Scenario {
  key: string;
  label: string;
  size: number;
  count: number;
  connections: number;
  account: string;
}

interface RunResult {
  seconds: number;
  cpuMs: number;
  delivered: number;
  failures: number;
  firstFailure: string | null;
  stored: number | null;
}

async function deliverAll(target: Target, scenario: Scenario, messages: readonly Buffer[], warmup: Buffer): Promise<RunResult> {
  const clients = await Promise.all(Array.from({ length: scenario.connections }, () => LmtpClient.open(target.lmtpPort)));
  for (const client of clients) await client.lhlo('bench.example');
  // Untimed warm-up on every connection (process start-up, JIT, caches), into another account.
  await Promise.all(
    clients.map(async (client) => {
      for (let k = 0; k < WARMUP_PER_CONNECTION; k++) await client.deliver(SENDER, 'warm@example.org', warmup);
    }),
  );
  let next = 0;
  let delivered = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const cpuBefore = target.cpu();
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < messages.length) {
        const message = messages[next++]!;
        try {
          const reply = await client.deliver(SENDER, `${scenario.account}@example.org`, message);
          if (reply.code === 250) delivered++;
          else {
            failures++;
            firstFailure ??= `${reply.code} ${reply.lines.join(' ')}`;
          }
        } catch (error) {
          failures++;
          firstFailure ??= (error as Error).message;
          return;
        }
      }
    }),
  );
  const seconds = since(started) / 1000;
  const cpu = target.cpu() - cpuBefore;
  await Promise.all(clients.map((client) => client.quit()));
  // Check what the server says it stored (IMAP STATUS), so that a fast wrong answer shows.
  let stored: number | null = null;
  try {
    const imap = await ImapClient.open(target.imapPort);
    await imap.login(scenario.account, PASSWORD);
    const status = await imap.ok('STATUS INBOX (MESSAGES)', { collect: true });
    const match = /MESSAGES (\d+)/i.exec(status.lines.join(' '));
    stored = match ? Number(match[1]) : null;
    await imap.logout();
  } catch (error) {
    firstFailure ??= `STATUS after delivery: ${(error as Error).message}`;
  }
  return { seconds, cpuMs: cpu, delivered, failures, firstFailure, stored };
}

async function main(): Promise<void> {
  const args = new BenchArgs();
  const stray = args.unknown(['messages', 'connections', 'only', 'dovecot']);
  // Not an error: bench/run.ts gives every benchmark the same options.
  if (stray.length > 0) console.log(`(ignoring options this benchmark does not know: ${stray.map((o) => `--${o}`).join(' ')})`);
  const smallCount = args.number('messages', 4000);
  const largeCount = Math.max(10, Math.round(smallCount / 10));
  const connectionCounts = args.string('connections', '1,4').split(',').map(Number);
  const parts = args.only(['small', 'large']);
  const withDovecot = args.flag('dovecot', true);
  const benchStart = performance.now();

  const scenarios: Scenario[] = [];
  for (const [key, size, count] of [['small', SMALL_BYTES, smallCount], ['large', LARGE_BYTES, largeCount]] as const) {
    if (!parts.has(key)) continue;
    for (const connections of connectionCounts) {
      scenarios.push({
        key,
        label: `${size === SMALL_BYTES ? '4 KB' : '200 KB'}, ${connections} connection${connections === 1 ? '' : 's'}`,
        size,
        count,
        connections,
        account: `${key}${connections}`,
      });
    }
  }
  const accounts = ['warm', ...scenarios.map((s) => s.account)];

  console.log('LMTP delivery benchmark: Mailkeep beside Dovecot');
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}${withDovecot ? `, Dovecot ${dovecotVersion()}` : ''}, load average ${loadAverage()}`);
  console.log(
    `each connection: LHLO once, then MAIL+RCPT+DATA pipelined, one recipient, the next message after the 250; ` +
      `${WARMUP_PER_CONNECTION} untimed warm-up messages per connection; server CPU = utime+stime of the server's processes`,
  );

  let mailkeep: MailkeepServer | null = null;
  let dovecot: Dovecot | null = null;
  const targets: Target[] = [];
  try {
    const dataDir = mailkeepDataDir();
    await loadMailkeep(dataDir, accounts.map((name) => ({ name, password: PASSWORD })));
    mailkeep = await startMailkeep(dataDir, { lmtp: true, imap: true });
    const mk = mailkeep;
    targets.push({ name: 'Mailkeep', lmtpPort: mk.lmtpPort, imapPort: mk.imapPort, cpu: () => cpuMs(mk.pid) });
    if (withDovecot) {
      dovecot = await startBenchDovecot(accounts.map((name) => ({ name, password: PASSWORD })), { lmtp: true });
      const dc = dovecot;
      targets.push({ name: 'Dovecot', lmtpPort: dc.lmtpPort, imapPort: dc.imapPort, cpu: () => cpuMs(dc.masterPid) });
      console.log(`Dovecot: maildir:~/Maildir, mail_fsync = optimized (default), one lmtp process per connection; config ${dc.dir}/dovecot.conf`);
    }

    const warmup = dataStuffed(benchMessage(0, SMALL_BYTES));
    const rows: Row[] = [];
    const problems: string[] = [];
    const generated = new Map<number, Buffer[]>();
    for (const scenario of scenarios) {
      const messages =
        generated.get(scenario.size) ??
        Array.from({ length: scenario.count }, (_, i) => dataStuffed(benchMessage(i, scenario.size)));
      generated.set(scenario.size, messages);
      const results = new Map<string, RunResult>();
      for (const target of targets) {
        const result = await deliverAll(target, scenario, messages, warmup);
        results.set(target.name, result);
        const rate = result.delivered / result.seconds;
        console.log(
          `  ${target.name.padEnd(8)} ${scenario.label.padEnd(22)} ${result.delivered}/${scenario.count} delivered in ${result.seconds.toFixed(2)} s ` +
            `= ${rate.toFixed(0)} msgs/s, server CPU ${(result.cpuMs / Math.max(1, result.delivered)).toFixed(2)} ms/msg, STATUS says ${result.stored ?? '?'}`,
        );
        if (result.failures > 0 || result.stored !== result.delivered) {
          problems.push(
            `${target.name}, ${scenario.label}: ${result.failures} failed deliveries (first: ${result.firstFailure ?? 'none'}); ` +
              `${result.delivered} got 250, STATUS INBOX reports ${result.stored ?? 'nothing'}`,
          );
        }
      }
      const mk = results.get('Mailkeep');
      const dc = results.get('Dovecot');
      const isTarget = scenario.size === SMALL_BYTES && scenario.connections === 4;
      rows.push({
        label: `${scenario.label}: messages/s`,
        unit: 'msgs/s',
        mailkeep: mk ? mk.delivered / mk.seconds : null,
        dovecot: dc ? dc.delivered / dc.seconds : null,
        better: 'higher',
        ...(isTarget ? { target: '>= 1,000/s', met: (m: number) => m >= 1000 } : {}),
      });
      rows.push({
        label: `${scenario.label}: server CPU/msg`,
        unit: 'ms',
        mailkeep: mk && mk.delivered > 0 ? mk.cpuMs / mk.delivered : null,
        dovecot: dc && dc.delivered > 0 ? dc.cpuMs / dc.delivered : null,
        better: 'lower',
        target: '<= 1/3 Dovecot',
        met: (m: number, d: number | null) => (d === null ? null : m <= d / 3),
      });
    }
    printTable(`LMTP delivery (${smallCount} x 4 KB, ${largeCount} x 200 KB per run)`, rows);
    if (problems.length > 0) console.log(`\nProblems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    if (dovecot) {
      const errors = dovecot.log().split('\n').filter((l) => /(Error|Fatal|Panic):/.test(l));
      if (errors.length > 0) console.log(`\nDovecot log errors (${errors.length}):\n${errors.slice(0, 5).map((l) => `  ${l}`).join('\n')}`);
    }
    const warnings = mailkeep.process.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    if (warnings.length > 0) console.log(`\nMailkeep warning/error log lines (${warnings.length}):\n${warnings.slice(0, 5).map((l) => `  ${l}`).join('\n')}`);
  } finally {
    await mailkeep?.stop();
    await dovecot?.stop();
  }
  // Other work on the machine during the run skews the figures: the load average tells.
  console.log(`\ndeliver benchmark took ${(since(benchStart) / 1000).toFixed(0)} s; load average at the end ${loadAverage()}`);
}

await main();
