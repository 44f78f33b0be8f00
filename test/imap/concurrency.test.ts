/**
 * Fifty sessions on one mailbox (half in IDLE, half polling with NOOP, FETCH, SEARCH and STORE)
 * while others append (IMAP APPEND and LMTP), change flags and expunge. Each session checks,
 * client side, every number it is told: EXPUNGE and FETCH name only messages it knows of,
 * EXISTS never shrinks, and no EXPUNGE comes while answering a non-UID FETCH, STORE or SEARCH
 * (RFC 9051 7.5.1). At the end every session's view (FETCH 1:* UID FLAGS after a NOOP) equals
 * the store.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineClient } from '../helpers/line-client.js';
import { ImapTestClient } from './client.js';
import { message, startImapServer, type ImapTestServer } from './setup.js';

const OBSERVERS = 50;
const INITIAL = 20;
/** UIDs the expunger leaves alone, so that FETCH 1:* always has something to fetch. */
const PROTECTED = 5;

/** What one session's client knows: a message count, and UIDs and flags where it was told. */
class Observer {
  count = 0;
  uids: (number | null)[] = [];
  flags = new Map<number, string>();
  /** How many of each kind of update this session was told of. */
  told = { exists: 0, expunge: 0, fetch: 0 };
  readonly client: ImapTestClient;
  problems: string[] = [];

  constructor(client: ImapTestClient, readonly name: string) {
    this.client = client;
  }

  fail(text: string): void {
    this.problems.push(`${this.name}: ${text}`);
  }

  /** Applies one untagged response; `allowExpunge` is false while a FETCH/STORE/SEARCH runs. */
  handle(response: string, allowExpunge: boolean): void {
    let m: RegExpExecArray | null;
    if ((m = /^\* (\d+) EXISTS$/.exec(response))) {
      const n = Number(m[1]);
      if (n < this.count) this.fail(`EXISTS ${n} below ${this.count} without EXPUNGE`);
      while (this.uids.length < n) this.uids.push(null);
      this.count = n;
      this.told.exists++;
    } else if ((m = /^\* (\d+) EXPUNGE$/.exec(response))) {
      const n = Number(m[1]);
      if (!allowExpunge) this.fail(`EXPUNGE ${n} while answering a FETCH, STORE or SEARCH`);
      if (n < 1 || n > this.count) this.fail(`EXPUNGE ${n} with ${this.count} messages`);
      this.uids.splice(n - 1, 1);
      this.count--;
      this.told.expunge++;
    } else if ((m = /^\* (\d+) FETCH \((.*)\)$/s.exec(response))) {
      const n = Number(m[1]);
      if (n < 1 || n > this.count) return this.fail(`FETCH ${n} with ${this.count} messages`);
      this.told.fetch++;
      const uid = /UID (\d+)/.exec(m[2]!);
      if (uid) {
        const u = Number(uid[1]);
        const known = this.uids[n - 1];
        if (known !== null && known !== u) this.fail(`FETCH ${n} says UID ${u}, the client had ${known}`);
        this.uids[n - 1] = u;
        const flags = /FLAGS \(([^)]*)\)/.exec(m[2]!);
        if (flags) this.flags.set(u, normalizeFlags(flags[1]!));
      }
    } else if ((m = /^\* SEARCH(.*)$/.exec(response))) {
      for (const n of m[1]!.trim().split(' ').filter(Boolean).map(Number)) {
        if (n < 1 || n > this.count) this.fail(`SEARCH result ${n} with ${this.count} messages`);
      }
    }
  }

  async command(text: string, allowExpunge: boolean): Promise<string> {
    const result = await this.client.command(text, { onUntagged: (r) => this.handle(r, allowExpunge), timeoutMs: 30_000 });
    if (result.status !== 'OK') this.fail(`${text} -> ${result.tagged}`);
    return result.tagged;
  }
}

function normalizeFlags(text: string): string {
  return text
    .split(' ')
    .filter((f) => f !== '' && f !== '\\Recent')
    .sort()
    .join(' ');
}

async function connect(ts: ImapTestServer, name: string): Promise<Observer> {
  const client = await ImapTestClient.open(ts.port('imap'));
  await client.line();
  const observer = new Observer(client, name);
  await observer.command('LOGIN alice secret', true);
  await observer.command('SELECT INBOX', true);
  return observer;
}

const random = (() => {
  let seed = 12345;
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
})();

async function poller(o: Observer, done: () => boolean): Promise<void> {
  while (!done()) {
    switch (random(6)) {
      case 0:
      case 1:
        await o.command('NOOP', true);
        break;
      case 2:
        if (o.count > 0) await o.command(`FETCH 1:${o.count} (FLAGS)`, false);
        break;
      case 3:
        await o.command('SEARCH UNDELETED', false);
        break;
      case 4:
        if (o.count > 0) await o.command(`STORE ${1 + random(o.count)} +FLAGS.SILENT ($Seen${random(3)})`, false);
        break;
      case 5:
        await o.command('UID FETCH 1:* (FLAGS)', true);
        break;
    }
  }
}

async function idler(o: Observer, done: Promise<void>): Promise<void> {
  o.client.send('idle IDLE\r\n');
  const first = await o.client.response(30_000);
  if (!first?.text.startsWith('+')) o.fail(`IDLE answered ${first?.text}`);
  let stop = false;
  void done.then(() => {
    stop = true;
    o.client.send('DONE\r\n');
  });
  for (;;) {
    const response = await o.client.response(60_000);
    if (response === null) return o.fail('connection closed in IDLE');
    if (response.text.startsWith('idle ')) {
      if (!stop || !response.text.startsWith('idle OK')) o.fail(`IDLE ended with ${response.text}`);
      return;
    }
    o.handle(response.text, true);
  }
}

async function lmtpDeliver(port: number, count: number): Promise<void> {
  const lmtp = await LineClient.open(port);
  await lmtp.reply();
  lmtp.send('LHLO test\r\n');
  await lmtp.reply();
  for (let i = 0; i < count; i++) {
    lmtp.send('MAIL FROM:<bob@example.org>\r\n');
    assert.match((await lmtp.reply())[0]!, /^250/);
    lmtp.send('RCPT TO:<alice>\r\n');
    assert.match((await lmtp.reply())[0]!, /^250/);
    lmtp.send('DATA\r\n');
    assert.match((await lmtp.reply())[0]!, /^354/);
    lmtp.send(`${message(`lmtp ${i}`)}.\r\n`);
    assert.match((await lmtp.reply())[0]!, /^250/);
  }
  lmtp.close();
}

test('50 sessions on one mailbox stay consistent while others append, flag and expunge', async (t) => {
  const ts = await startImapServer(t, {}, ['imap', 'lmtp']);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, Array.from({ length: INITIAL }, (_, i) => message(`initial ${i}`)));

  const observers: Observer[] = [];
  for (let i = 0; i < OBSERVERS; i++) observers.push(await connect(ts, `session ${i}`));
  for (const o of observers) await o.command('FETCH 1:* (UID FLAGS)', true);

  let finished = false;
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const watchers = observers.map((o, i) => (i % 2 === 0 ? idler(o, allDone) : poller(o, () => finished)));

  // The writers.
  const appender = await connect(ts, 'appender');
  const flagger = await connect(ts, 'flagger');
  const expunger = await connect(ts, 'expunger');
  const known = async (o: Observer) => {
    await o.command('UID FETCH 1:* (UID)', true);
    return o.uids.filter((u): u is number => u !== null);
  };
  const writers = [
    (async () => {
      for (let i = 0; i < 60; i++) {
        const body = message(`append ${i}`);
        await appender.command(`APPEND INBOX ${i % 3 === 0 ? '(\\Seen) ' : ''}{${Buffer.byteLength(body)}+}\r\n${body}`, true);
      }
    })(),
    lmtpDeliver(ts.port('lmtp'), 40),
    (async () => {
      for (let i = 0; i < 150; i++) {
        const uids = await known(flagger);
        const uid = uids[random(uids.length)]!;
        await flagger.command(`UID STORE ${uid} ${random(2) ? '+' : '-'}FLAGS (\\Flagged $Tag${random(4)})`, true);
      }
    })(),
    (async () => {
      for (let i = 0; i < 50; i++) {
        const uids = (await known(expunger)).filter((u) => u > PROTECTED);
        if (uids.length === 0) continue;
        const uid = uids[random(uids.length)]!;
        await expunger.command(`UID STORE ${uid} +FLAGS.SILENT (\\Deleted)`, true);
        await expunger.command(`UID EXPUNGE ${uid}`, true);
      }
    })(),
  ];
  await Promise.all(writers);
  finished = true;
  finish();
  await Promise.all(watchers);
  // Every watcher was told of appends, expunges and flag changes while they happened.
  for (const o of observers) assert.ok(o.told.exists > 0 && o.told.expunge > 0 && o.told.fetch > 0, `${o.name}: ${JSON.stringify(o.told)}`);

  // The store's truth.
  const store = ts.server.context.services.store;
  const inbox = await ts.mailbox(alice);
  const entries = await store.getFlags(inbox.id, [...(await store.listUids(inbox.id))]);
  const flagNames = (e: (typeof entries)[number]) =>
    normalizeFlags(
      [
        ...(['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'] as const).filter((_, bit) => (e.flags & (1 << bit)) !== 0),
        ...e.keywords,
      ].join(' '),
    );
  const truth = entries.map((e) => `${e.uid} ${flagNames(e)}`);
  assert.ok(truth.length > INITIAL, `only ${truth.length} messages left`);

  for (const o of [...observers, appender, flagger, expunger]) {
    await o.command('NOOP', true);
    o.flags.clear();
    await o.command('FETCH 1:* (UID FLAGS)', false);
    assert.equal(o.count, truth.length, `${o.name} counts ${o.count}`);
    const view = o.uids.map((uid) => `${uid} ${o.flags.get(uid!)}`);
    assert.deepEqual(view, truth, `${o.name}'s view differs from the store`);
    o.client.close();
  }
  const problems = [...observers, appender, flagger, expunger].flatMap((o) => o.problems);
  assert.deepEqual(problems, []);
});
