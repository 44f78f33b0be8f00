/**
 * IMAP benchmark: the same workload against Mailkeep and Dovecot (dovecot-imapd) in one run,
 * each figure side by side with the ratio.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/imap/main.js
 *       [--messages 100000] [--only select,flags,envelope,search,bulk,concurrent,idle]
 *       [--idle 2000] [--clients 20] [--seconds 10] [--dovecot off]
 *
 * Parts (--only):
 *   select      SELECT INBOX on the big mailbox (after one untimed warm-up SELECT, which is
 *               when Dovecot builds its index of the Maildir), median of 5 new sessions
 *   flags       UID FETCH 1:* (UID FLAGS), median of 5 after one untimed run (which warms up
 *               this benchmark's own client as much as the server: it would otherwise count
 *               against whichever server is measured first)
 *   envelope    FETCH of ENVELOPE and BODYSTRUCTURE for the last 1,000 messages: the first
 *               time (Dovecot reads the files and fills its cache) and repeated (median of 11)
 *   search      UID SEARCH HEADER Subject "needle" and UID SEARCH FROM "someone" over the
 *               big mailbox (5 and 4 matches in 100,000), first time and repeated
 *   bulk        UID STORE +FLAGS.SILENT, UID COPY, then STORE \Deleted and EXPUNGE of 10,000
 *   concurrent  20 clients, each on its own 1,000-message INBOX, looping SELECT /
 *               FETCH 1:50 (ENVELOPE FLAGS) / STORE / SEARCH UNSEEN for --seconds: operations/s
 *   idle        2,000 sessions that log in, SELECT INBOX and IDLE: server memory per connection
 *               (RSS and PSS growth / 2,000), then the time until every one of them has seen
 *               "* n EXISTS" after an APPEND from another connection (median of 3 APPENDs)
 *
 * Server warm-up: before the timed parts, each server answers the same commands (SELECT, UID
 * FETCH 1:* (UID FLAGS), 1,000 ENVELOPE+BODYSTRUCTURE, the two SEARCHes) five times on another
 * account's 5,000-message mailbox. A server in service has run its code before: Mailkeep's
 * JIT compiler has then optimised it. The big mailbox itself stays cold (its first SELECT,
 * FETCH and SEARCH are reported as such); Dovecot starts one process per connection, so the
 * warm-up leaves it the operating system's file cache of its binaries and little else.
 *
 * Loading: Mailkeep's store is filled in-process (bulk appends of 500) and closed before
 * `mailkeep serve` starts as a child process; Dovecot's Maildirs are written as files in cur/.
 * Prints figures; asserts nothing.
 */

import { cpus } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { BenchArgs } from '../lib/args.js';
import { createMaildirFolder, dovecotVersion, fillMaildir, startBenchDovecot, type Dovecot } from '../lib/dovecot.js';
import { ImapClient, inParallel, searchResult, type ImapReply } from '../lib/imap-client.js';
import { loadMailkeep, mailkeepDataDir, startMailkeep, type AccountLoad, type MailkeepServer } from '../lib/mailkeep.js';
import { benchMessage, expectedUids, initiallySeen, isNeedle, isRareSender } from '../lib/messages.js';
import { cpuMs, memory, type Memory } from '../lib/proc.js';
import { loadAverage, median, printTable, since, sleep, type Row } from '../lib/table.js';

const PARTS = ['select', 'flags', 'envelope', 'search', 'bulk', 'concurrent', 'idle'] as const;
type Part = (typeof PARTS)[number];
type ServerName = 'Mailkeep' | 'Dovecot';

const PASSWORD = 'bench-password';
const IDLE_MESSAGES = 10;
const CLIENT_MESSAGES = 1000;
const WARM_MESSAGES = 5000;
const BIG_TIMEOUT = 600_000;

interface Target {
  name: ServerName;
  imapPort: number;
  cpu(): number;
  memory(): Memory;
  /** Stops the server and starts it again on the same data (fresh process, same ports or new). */
  restart(): Promise<void>;
  /** Whether the big mailbox has been selected once (the untimed warm-up). */
  bigWarm: boolean;
}

/** Figures by key, for each server. */
const figures = new Map<string, Partial<Record<ServerName, number>>>();
const notes = new Map<string, string>();
const failures: string[] = [];

function record(key: string, server: ServerName, value: number): void {
  const entry = figures.get(key) ?? {};
  entry[server] = value;
  figures.set(key, entry);
}

function log(server: ServerName, text: string): void {
  console.log(`  ${server.padEnd(8)} ${text}`);
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
}

async function session(target: Target, user: string): Promise<ImapClient> {
  const client = await ImapClient.open(target.imapPort);
  await client.login(user, PASSWORD);
  return client;
}

async function timed(client: ImapClient, command: string, options: { collect?: boolean } = {}): Promise<{ ms: number; reply: ImapReply }> {
  const started = performance.now();
  const reply = await client.command(command, { collect: options.collect ?? false, timeoutMs: BIG_TIMEOUT });
  const elapsed = since(started);
  if (reply.status !== 'OK') throw new Error(`${command}: ${reply.tagged}`);
  return { ms: elapsed, reply };
}

/** A session on the big mailbox, selected; the first one ever is the untimed warm-up SELECT. */
async function bigSession(target: Target): Promise<ImapClient> {
  const client = await session(target, 'big');
  const { ms: elapsed } = await timed(client, 'SELECT INBOX');
  if (!target.bigWarm) {
    target.bigWarm = true;
    record('select-first', target.name, elapsed);
    log(target.name, `first SELECT of the big mailbox after start (warm-up, not a timed figure): ${ms(elapsed)}`);
  }
  return client;
}

/** The timed commands, five times over on another account's mailbox (see the header). */
async function warmUp(target: Target): Promise<void> {
  const started = performance.now();
  const client = await session(target, 'warm');
  for (let round = 0; round < 5; round++) {
    await timed(client, 'SELECT INBOX');
    await timed(client, 'UID FETCH 1:* (UID FLAGS)');
    await timed(client, `FETCH ${WARM_MESSAGES - 999}:${WARM_MESSAGES} (ENVELOPE BODYSTRUCTURE)`);
    await timed(client, 'UID SEARCH HEADER Subject "needle"');
    await timed(client, 'UID SEARCH FROM "someone"');
  }
  await client.logout();
  log(target.name, `5 rounds of the timed commands on a ${WARM_MESSAGES.toLocaleString('en-US')}-message mailbox of another account: ${ms(since(started))}`);
}

async function runSelect(target: Target, total: number): Promise<void> {
  (await bigSession(target)).close();
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const client = await session(target, 'big');
    const { ms: elapsed, reply } = await timed(client, 'SELECT INBOX', { collect: true });
    const exists = reply.lines.find((l) => / EXISTS$/i.test(l));
    if (exists !== `* ${total} EXISTS`) throw new Error(`SELECT INBOX said ${exists ?? 'no EXISTS'}, expected ${total}`);
    times.push(elapsed);
    await client.logout();
  }
  record('select', target.name, median(times));
  log(target.name, `SELECT INBOX in new sessions: ${times.map(ms).join(', ')}`);
}

async function runFlags(target: Target, total: number): Promise<void> {
  const client = await bigSession(target);
  const times: number[] = [];
  for (let k = 0; k < 6; k++) {
    const { ms: elapsed, reply } = await timed(client, 'UID FETCH 1:* (UID FLAGS)');
    if (reply.untagged !== total) throw new Error(`UID FETCH 1:* (UID FLAGS) gave ${reply.untagged} responses, expected ${total}`);
    times.push(elapsed);
  }
  const [warmUp, ...timedRuns] = times;
  record('flags', target.name, median(timedRuns));
  log(target.name, `UID FETCH 1:* (UID FLAGS): untimed first run ${ms(warmUp!)}, then ${timedRuns.map(ms).join(', ')}`);
  await client.logout();
}

async function runEnvelope(target: Target, total: number): Promise<void> {
  const client = await bigSession(target);
  const count = Math.min(1000, total);
  const command = `FETCH ${total - count + 1}:${total} (ENVELOPE BODYSTRUCTURE)`;
  const times: number[] = [];
  // 1 + 11 runs: a run takes about 10 ms, and on this VM single runs vary by 2x or more.
  for (let k = 0; k < 12; k++) {
    const { ms: elapsed, reply } = await timed(client, command);
    if (reply.untagged !== count) throw new Error(`${command} gave ${reply.untagged} responses, expected ${count}`);
    times.push(elapsed);
  }
  record('envelope-first', target.name, times[0]!);
  record('envelope', target.name, median(times.slice(1)));
  log(target.name, `${command}: ${times.map(ms).join(', ')}`);
  await client.logout();
}

async function runSearch(target: Target, total: number): Promise<void> {
  const client = await bigSession(target);
  const searches: [string, string, (i: number) => boolean][] = [
    ['search-subject', 'UID SEARCH HEADER Subject "needle"', isNeedle],
    ['search-from', 'UID SEARCH FROM "someone"', isRareSender],
  ];
  for (const [key, command, predicate] of searches) {
    const expected = expectedUids(total, predicate).join(' ');
    const times: number[] = [];
    for (let k = 0; k < 2; k++) {
      const { ms: elapsed, reply } = await timed(client, command, { collect: true });
      const got = searchResult(reply).join(' ');
      if (got !== expected) throw new Error(`${command} answered [${got}], expected [${expected}]`);
      times.push(elapsed);
    }
    record(`${key}-first`, target.name, times[0]!);
    record(key, target.name, times[1]!);
    log(target.name, `${command} -> ${expected.split(' ').length} UIDs: first ${ms(times[0]!)}, repeated ${ms(times[1]!)}`);
  }
  await client.logout();
}

async function runBulk(target: Target, total: number): Promise<void> {
  const count = Math.min(10_000, total);
  const client = await bigSession(target);
  const store = await timed(client, `UID STORE 1:${count} +FLAGS.SILENT (\\Flagged)`);
  record('bulk-store', target.name, store.ms);
  const copy = await timed(client, `UID COPY 1:${count} Archive`);
  record('bulk-copy', target.name, copy.ms);
  const select = await timed(client, 'SELECT Archive', { collect: true });
  const exists = select.reply.lines.find((l) => / EXISTS$/i.test(l));
  if (exists !== `* ${count} EXISTS`) throw new Error(`SELECT Archive after COPY said ${exists ?? 'no EXISTS'}, expected ${count}`);
  record('bulk-select', target.name, select.ms);
  const deleted = await timed(client, `STORE 1:${count} +FLAGS.SILENT (\\Deleted)`);
  record('bulk-delete', target.name, deleted.ms);
  const expunge = await timed(client, 'EXPUNGE');
  if (expunge.reply.untagged < count) throw new Error(`EXPUNGE gave ${expunge.reply.untagged} responses, expected ${count} EXPUNGEs`);
  record('bulk-expunge', target.name, expunge.ms);
  log(
    target.name,
    `${count} messages: UID STORE ${ms(store.ms)}, UID COPY ${ms(copy.ms)}, SELECT Archive ${ms(select.ms)}, STORE \\Deleted ${ms(deleted.ms)}, EXPUNGE ${ms(expunge.ms)}`,
  );
  await client.logout();
}

async function runConcurrent(target: Target, clients: number, seconds: number): Promise<void> {
  const names = Array.from({ length: clients }, (_, k) => clientName(k));
  const sessions = await Promise.all(names.map((name) => session(target, name)));
  const counts = { select: 0, fetch: 0, store: 0, search: 0 };
  const latency = { select: 0, fetch: 0, store: 0, search: 0 };
  let running = false;
  let deadline = 0;
  const loop = async (client: ImapClient, k: number, once: boolean) => {
    let round = 0;
    do {
      const steps: [keyof typeof counts, string][] = [
        ['select', 'SELECT INBOX'],
        ['fetch', 'FETCH 1:50 (ENVELOPE FLAGS)'],
        ['store', `STORE ${((round * 37 + k * 101) % CLIENT_MESSAGES) + 1} ${round % 2 === 0 ? '+' : '-'}FLAGS (\\Seen)`],
        ['search', 'SEARCH UNSEEN'],
      ];
      for (const [kind, command] of steps) {
        const started = performance.now();
        const reply = await client.command(command, { timeoutMs: 60_000 });
        if (reply.status !== 'OK') throw new Error(`${command}: ${reply.tagged}`);
        if (kind === 'fetch' && reply.untagged < 50) throw new Error(`${command} gave ${reply.untagged} responses`);
        if (running && performance.now() <= deadline) {
          counts[kind]++;
          latency[kind] += since(started);
        }
      }
      round++;
    } while (!once && performance.now() < deadline);
  };
  // One untimed round each (Dovecot indexes each Maildir on its first SELECT).
  await Promise.all(sessions.map((client, k) => loop(client, k, true)));
  const cpuBefore = target.cpu();
  running = true;
  const started = performance.now();
  deadline = started + seconds * 1000;
  await Promise.all(sessions.map((client, k) => loop(client, k, false)));
  const elapsed = Math.min(since(started), seconds * 1000) / 1000;
  const cpu = target.cpu() - cpuBefore;
  const ops = counts.select + counts.fetch + counts.store + counts.search;
  record('concurrent', target.name, ops / elapsed);
  record('concurrent-cpu', target.name, cpu / ops);
  const avg = (kind: keyof typeof counts) => `${kind} ${ms(latency[kind] / Math.max(1, counts[kind]))}`;
  log(
    target.name,
    `${clients} clients, ${elapsed.toFixed(1)} s: ${ops} operations = ${(ops / elapsed).toFixed(0)}/s; mean latency ${(['select', 'fetch', 'store', 'search'] as const).map(avg).join(', ')}; server CPU ${(cpu / ops).toFixed(2)} ms/op`,
  );
  await Promise.all(sessions.map((client) => client.logout()));
}

function clientName(k: number): string {
  return `c${String(k + 1).padStart(2, '0')}`;
}

/** One IDLE session: logged in as `idle`, INBOX selected, idling; notes when it sees EXISTS. */
interface IdleSession {
  client: ImapClient;
  exists: number;
  seenAt: number;
}

async function openIdleSession(target: Target): Promise<IdleSession> {
  const client = await session(target, 'idle');
  const select = await client.ok('SELECT INBOX', { collect: true });
  const line = select.lines.find((l) => / EXISTS$/i.test(l));
  const state: IdleSession = { client, exists: line ? Number(line.split(' ')[1]) : 0, seenAt: 0 };
  client.onUntagged = (text) => {
    if (text.endsWith(' EXISTS')) {
      const n = Number(text.split(' ')[1]);
      if (n > state.exists) {
        state.exists = n;
        state.seenAt = performance.now();
      }
    }
  };
  await client.idle();
  return state;
}

async function runIdle(target: Target, connections: number, inotifyNote: string | null): Promise<void> {
  // Warm-up: a few sessions through the same path, then back to idle.
  const warm = await inParallel(Array.from({ length: 20 }), 10, () => openIdleSession(target));
  for (const s of warm) {
    await s.client.done();
    await s.client.logout();
  }
  await sleep(2000);
  const before = target.memory();
  const opening = performance.now();
  const sessions: IdleSession[] = [];
  let failed = 0;
  let firstError = '';
  await inParallel(Array.from({ length: connections }), 50, async () => {
    try {
      sessions.push(await openIdleSession(target));
    } catch (error) {
      failed++;
      firstError ||= (error as Error).message;
    }
  });
  const openSeconds = since(opening) / 1000;
  if (failed > 0) failures.push(`${target.name} idle: ${failed} of ${connections} sessions failed to log in, SELECT or IDLE (first: ${firstError})`);
  await sleep(2000);
  const after = target.memory();
  const n = sessions.length;
  record('idle-rss', target.name, (after.rssKb - before.rssKb) / n);
  record('idle-pss', target.name, (after.pssKb - before.pssKb) / n);
  log(
    target.name,
    `${n} IDLE sessions opened in ${openSeconds.toFixed(1)} s; server RSS ${(before.rssKb / 1024).toFixed(0)} -> ${(after.rssKb / 1024).toFixed(0)} MB, ` +
      `PSS ${(before.pssKb / 1024).toFixed(0)} -> ${(after.pssKb / 1024).toFixed(0)} MB, ${before.processes} -> ${after.processes} processes`,
  );

  // New message, delivered by APPEND from another connection; how long until the last IDLE session hears of it.
  const appender = await session(target, 'idle');
  const lastTimes: number[] = [];
  const medianTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    const expected = Math.max(...sessions.map((s) => s.exists)) + 1;
    const started = performance.now();
    const append = await appender.append('INBOX', benchMessage(1_000_000 + round));
    const appended = since(started);
    if (append.status !== 'OK') throw new Error(`APPEND: ${append.tagged}`);
    const deadline = started + 30_000;
    while (sessions.some((s) => s.exists < expected) && performance.now() < deadline) await sleep(1);
    const told = sessions.filter((s) => s.exists >= expected);
    const times = told.map((s) => s.seenAt - started).sort((a, b) => a - b);
    const last = told.length === n ? times[times.length - 1]! : Number.POSITIVE_INFINITY;
    lastTimes.push(last);
    medianTimes.push(times.length > 0 ? median(times) : Number.POSITIVE_INFINITY);
    log(
      target.name,
      `APPEND ${round + 1}: tagged OK after ${ms(appended)}; ${told.length}/${n} sessions told, first after ${times.length ? ms(times[0]!) : '-'}, ` +
        `median ${times.length ? ms(median(times)) : '-'}, last ${told.length === n ? ms(last) : `not within 30 s`}`,
    );
    if (told.length < n) failures.push(`${target.name} idle: after APPEND ${round + 1}, only ${told.length} of ${n} IDLE sessions got "* ${expected} EXISTS" within 30 s`);
    await sleep(500);
  }
  await appender.logout();
  const allTold = lastTimes.filter(Number.isFinite);
  if (allTold.length > 0) record('idle-notify', target.name, median(allTold));
  record('idle-notify-median', target.name, median(medianTimes));
  if (target.name === 'Dovecot' && inotifyNote) notes.set('idle-notify', inotifyNote);
  for (const s of sessions) s.client.close();
  await sleep(2000);
}

/**
 * Dovecot's IDLE uses one inotify instance per imap process, all running as the same user; the
 * kernel's default of 128 instances per user would make all but the first 128 sessions poll
 * every 30 s. Raised for the run when needed, restored afterwards.
 */
function raiseInotifyInstances(needed: number): { restore: () => void; note: string | null } {
  const path = '/proc/sys/fs/inotify/max_user_instances';
  try {
    const current = Number(readFileSync(path, 'utf8').trim());
    if (current >= needed) return { restore: () => undefined, note: null };
    writeFileSync(path, String(needed));
    console.log(`(fs.inotify.max_user_instances raised from ${current} to ${needed} for Dovecot's IDLE sessions; restored at the end)`);
    return {
      restore: () => {
        try {
          writeFileSync(path, String(current));
        } catch {
          // Best effort.
        }
      },
      note: null,
    };
  } catch {
    const note = `could not raise ${path}: Dovecot sessions past its limit fall back to polling (mailbox_idle_check_interval, 30 s)`;
    console.log(`(warning: ${note})`);
    return { restore: () => undefined, note };
  }
}

async function main(): Promise<void> {
  const args = new BenchArgs();
  const stray = args.unknown(['messages', 'only', 'idle', 'clients', 'seconds', 'dovecot']);
  // Not an error: bench/run.ts gives every benchmark the same options.
  if (stray.length > 0) console.log(`(ignoring options this benchmark does not know: ${stray.map((o) => `--${o}`).join(' ')})`);
  const total = args.number('messages', 100_000);
  const parts = args.only(PARTS) as Set<Part>;
  const idleConnections = args.number('idle', 2000);
  const clientCount = args.number('clients', 20);
  const seconds = args.number('seconds', 10);
  const withDovecot = args.flag('dovecot', true);
  const benchStart = performance.now();
  const needsBig = ['select', 'flags', 'envelope', 'search', 'bulk'].some((p) => parts.has(p as Part));

  console.log('IMAP benchmark: Mailkeep beside Dovecot, same workload, same messages');
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}${withDovecot ? `, Dovecot ${dovecotVersion()}` : ''}, load average ${loadAverage()}`);
  console.log(
    `big mailbox: ${total.toLocaleString('en-US')} messages of 4 KB (4 MIME shapes, 2 in 3 \\Seen); ` +
      `parts: ${[...parts].join(', ')}`,
  );

  // What each part needs in the stores.
  const bigMessages: Buffer[] = [];
  const bigMessage = (i: number): Buffer => (bigMessages[i] ??= benchMessage(i));
  const accounts: AccountLoad[] = [];
  if (needsBig) accounts.push({ name: 'big', password: PASSWORD, mailboxes: [{ mailbox: 'INBOX', count: total, message: bigMessage, seen: initiallySeen }] });
  if (needsBig) accounts.push({ name: 'warm', password: PASSWORD, mailboxes: [{ mailbox: 'INBOX', count: WARM_MESSAGES, message: (i) => benchMessage(i), seen: initiallySeen }] });
  if (parts.has('idle')) accounts.push({ name: 'idle', password: PASSWORD, mailboxes: [{ mailbox: 'INBOX', count: IDLE_MESSAGES, message: (i) => benchMessage(i) }] });
  if (parts.has('concurrent')) {
    for (let k = 0; k < clientCount; k++) {
      accounts.push({ name: clientName(k), password: PASSWORD, mailboxes: [{ mailbox: 'INBOX', count: CLIENT_MESSAGES, message: (i) => benchMessage(i), seen: initiallySeen }] });
    }
  }

  let mailkeep: MailkeepServer | null = null;
  let dovecot: Dovecot | null = null;
  let inotify: { restore: () => void; note: string | null } = { restore: () => undefined, note: null };
  const cleanup = async () => {
    await mailkeep?.stop();
    await dovecot?.stop();
    inotify.restore();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  const targets: Target[] = [];
  try {
    let started = performance.now();
    const dataDir = mailkeepDataDir();
    let lastShown = 0;
    await loadMailkeep(dataDir, accounts, (done) => {
      if (process.stdout.isTTY && done - lastShown >= 20_000) {
        lastShown = done;
        process.stdout.write(`  loading Mailkeep: ${done} messages, ${(since(started) / 1000).toFixed(0)} s\r`);
      }
    });
    const loadedMessages = accounts.reduce((sum, a) => sum + (a.mailboxes ?? []).reduce((s, m) => s + m.count, 0), 0);
    console.log(`Mailkeep: ${loadedMessages.toLocaleString('en-US')} messages loaded in-process (bulk appends of 500) in ${(since(started) / 1000).toFixed(1)} s`);
    mailkeep = await startMailkeep(dataDir, { imap: true });
    const mkTarget: Target = {
      name: 'Mailkeep',
      imapPort: mailkeep.imapPort,
      cpu: () => cpuMs(mailkeep!.pid),
      memory: () => memory(mailkeep!.pid),
      async restart() {
        await mailkeep!.stop(false);
        mailkeep = await startMailkeep(dataDir, { imap: true });
        mkTarget.imapPort = mailkeep.imapPort;
      },
      bigWarm: false,
    };
    targets.push(mkTarget);

    if (withDovecot) {
      started = performance.now();
      const dc = await startBenchDovecot(accounts.map((a) => ({ name: a.name, password: PASSWORD })));
      dovecot = dc;
      for (const account of accounts) {
        const maildir = dc.maildir(account.name);
        for (const box of account.mailboxes ?? []) fillMaildir(maildir, box.mailbox, box.count, box.message, box.seen);
        if (account.name === 'big') createMaildirFolder(maildir, 'Archive');
        dc.ownMail(account.name);
      }
      console.log(`Dovecot: ${loadedMessages.toLocaleString('en-US')} messages written as Maildir files in ${(since(started) / 1000).toFixed(1)} s`);
      if (parts.has('idle')) inotify = raiseInotifyInstances(idleConnections + 200);
      // Dovecot indexes the files at its first SELECT (measured separately as a warm-up).
      await dc.restart();
      const dcTarget: Target = {
        name: 'Dovecot',
        imapPort: dc.imapPort,
        cpu: () => cpuMs(dc.masterPid),
        memory: () => memory(dc.masterPid),
        async restart() {
          await dc.restart();
        },
        bigWarm: false,
      };
      targets.push(dcTarget);
      console.log(
        `Dovecot config: maildir:~/Maildir, default fsync (optimized), one imap process per connection (client_limit = 1), ` +
          `imap-login service_count = 0, process_min_avail = 2; ${dc.dir}/dovecot.conf`,
      );
    }
    bigMessages.length = 0;

    const runs: [Part, (t: Target) => Promise<void>][] = [
      ['select', (t) => runSelect(t, total)],
      ['flags', (t) => runFlags(t, total)],
      ['envelope', (t) => runEnvelope(t, total)],
      ['search', (t) => runSearch(t, total)],
      ['bulk', (t) => runBulk(t, total)],
      ['concurrent', (t) => runConcurrent(t, clientCount, seconds)],
      ['idle', (t) => runIdle(t, idleConnections, inotify.note)],
    ];
    if (needsBig) {
      console.log('\n[warm-up]');
      for (const target of targets) await warmUp(target);
    }
    let ranBefore = false;
    for (const [part, run] of runs) {
      if (!parts.has(part)) continue;
      console.log(`\n[${part}]`);
      for (const target of targets) {
        const partStart = performance.now();
        try {
          if (part === 'idle' && ranBefore) {
            // A fresh process, so that memory freed by the earlier parts cannot hide the growth.
            await target.restart();
            log(target.name, 'restarted before the idle part (fresh process for the memory figure)');
          }
          await run(target);
        } catch (error) {
          failures.push(`${target.name} ${part}: ${(error as Error).message}`);
          log(target.name, `FAILED: ${(error as Error).message}`);
        }
        log(target.name, `(${part} took ${(since(partStart) / 1000).toFixed(1)} s)`);
      }
      ranBefore = true;
    }

    const n = total.toLocaleString('en-US');
    const bulk = Math.min(10_000, total).toLocaleString('en-US');
    const env = Math.min(1000, total).toLocaleString('en-US');
    const atMostDovecot = { target: '<= Dovecot', met: (m: number, d: number | null) => (d === null ? null : m <= d) };
    const definitions: [string, string, string, Row['better'], Partial<Row>?][] = [
      ['select-first', `first SELECT after start (untimed warm-up)`, 'ms', 'info'],
      ['select', `SELECT INBOX, ${n} msgs (median of 5 sessions)`, 'ms', 'lower', atMostDovecot],
      ['flags', `UID FETCH 1:* (UID FLAGS), ${n} msgs`, 'ms', 'lower', atMostDovecot],
      ['envelope-first', `FETCH last ${env} (ENVELOPE BODYSTRUCTURE), 1st`, 'ms', 'lower', atMostDovecot],
      ['envelope', `FETCH last ${env} (ENVELOPE BODYSTRUCTURE), again`, 'ms', 'lower', atMostDovecot],
      ['search-subject-first', `UID SEARCH HEADER Subject "needle", 1st`, 'ms', 'lower', atMostDovecot],
      ['search-subject', `UID SEARCH HEADER Subject "needle", again`, 'ms', 'lower', atMostDovecot],
      ['search-from-first', `UID SEARCH FROM "someone", 1st`, 'ms', 'lower', atMostDovecot],
      ['search-from', `UID SEARCH FROM "someone", again`, 'ms', 'lower', atMostDovecot],
      ['bulk-store', `UID STORE 1:${bulk} +FLAGS.SILENT (\\Flagged)`, 'ms', 'lower', atMostDovecot],
      ['bulk-copy', `UID COPY 1:${bulk} Archive`, 'ms', 'lower', atMostDovecot],
      ['bulk-select', `SELECT Archive (${bulk} just copied)`, 'ms', 'info'],
      ['bulk-delete', `STORE 1:${bulk} +FLAGS.SILENT (\\Deleted)`, 'ms', 'lower', atMostDovecot],
      ['bulk-expunge', `EXPUNGE ${bulk} messages`, 'ms', 'lower', atMostDovecot],
      ['concurrent', `${clientCount} clients SELECT/FETCH/STORE/SEARCH`, 'ops/s', 'higher', { target: '>= Dovecot', met: (m, d) => (d === null ? null : m >= d) }],
      ['concurrent-cpu', `  server CPU per operation`, 'ms', 'info'],
      ['idle-rss', `memory per IDLE connection (RSS, ${idleConnections})`, 'KB', 'lower', { target: '<= 50 KB', met: (m) => m <= 50 }],
      ['idle-pss', `memory per IDLE connection (PSS, ${idleConnections})`, 'KB', 'info'],
      ['idle-notify', `all ${idleConnections} IDLE sessions told of APPEND`, 'ms', 'lower', { target: '<= 100 ms', met: (m) => m <= 100 }],
      ['idle-notify-median', `  median IDLE session told after`, 'ms', 'info'],
    ];
    const rows: Row[] = [];
    for (const [key, label, unit, better, extra] of definitions) {
      const entry = figures.get(key);
      if (!entry) continue;
      const note = notes.get(key);
      rows.push({ label, unit, better, mailkeep: entry.Mailkeep ?? null, dovecot: entry.Dovecot ?? null, ...(extra ?? {}), ...(note ? { note } : {}) });
    }
    printTable('IMAP workloads (times: lower is better)', rows);
    if (failures.length > 0) console.log(`\nFailures:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    if (dovecot) {
      const errors = dovecot.log().split('\n').filter((l) => /(Error|Fatal|Panic):/.test(l));
      if (errors.length > 0) console.log(`\nDovecot log errors (${errors.length}):\n${errors.slice(0, 5).map((l) => `  ${l}`).join('\n')}`);
    }
    const warnings = mailkeep.process.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    if (warnings.length > 0) console.log(`\nMailkeep warning/error log lines (${warnings.length}):\n${warnings.slice(0, 5).map((l) => `  ${l.slice(0, 400)}`).join('\n')}`);
    if (mailkeep.process.child.exitCode !== null || mailkeep.process.child.signalCode !== null) {
      console.log(`\nMailkeep exited during the run (${mailkeep.process.child.exitCode ?? mailkeep.process.child.signalCode}):\n${mailkeep.process.output().slice(-2000)}`);
    }
  } finally {
    await cleanup();
  }
  // Other work on the machine during the run skews the figures: the load average tells.
  console.log(`\nimap benchmark took ${(since(benchStart) / 1000).toFixed(0)} s; load average at the end ${loadAverage()}`);
}

await main();
