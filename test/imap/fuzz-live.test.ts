/**
 * Fuzzing the live server: random bytes and mutated valid commands, sent in every state (not
 * authenticated, authenticated, selected, in IDLE, in the middle of an APPEND literal), cut
 * into random pieces. The server must never crash or log an internal failure, must keep
 * serving other sessions while it happens, and its memory must stay bounded.
 * FUZZ_SEED and FUZZ_RUNS (environment) change the inputs and their number for a longer run.
 */

import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import fc from 'fast-check';
import { mutate, mutationOf } from '../helpers/mutations.js';
import { ImapTestClient } from './client.js';
import { message, startImapServer, type ImapTestServer } from './setup.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Valid commands to mutate, meaningful in some state. */
const CORPUS = [
  'a1 LOGIN alice secret\r\n',
  'a2 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n',
  'a3 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n',
  'a4 AUTHENTICATE LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\n',
  'a5 SELECT INBOX (CONDSTORE)\r\n',
  'a6 EXAMINE INBOX (QRESYNC (1 1 1:5 (1:3 1:3)))\r\n',
  'a7 LIST (SUBSCRIBED RECURSIVEMATCH) "" ("INBOX" "%") RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n',
  'a8 STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ APPENDLIMIT SIZE DELETED)\r\n',
  'a9 APPEND INBOX (\\Seen $X) " 7-Feb-2024 21:52:25 -0800" {23+}\r\nSubject: x\r\n\r\nHello!!\r\n\r\n',
  'b1 APPEND INBOX ~{12+}\r\nSubject: \0y\r\n\r\n',
  'b2 UID SEARCH RETURN (MIN COUNT SAVE) CHARSET UTF-8 OR (FROM "x" SINCE 1-Feb-2020) NOT UID 1:5 MODSEQ 5\r\n',
  'b3 UID FETCH 1:*,7 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From "To")]<0.100> BINARY[2] PREVIEW) (CHANGEDSINCE 5 VANISHED)\r\n',
  'b4 FETCH 1:* (ENVELOPE BODYSTRUCTURE RFC822.SIZE INTERNALDATE BODY[TEXT]<0.10>)\r\n',
  'b5 UID STORE 1:3 (UNCHANGEDSINCE 12) +FLAGS.SILENT (\\Deleted $Junk)\r\n',
  'b6 STORE 1 FLAGS (\\Seen)\r\n',
  'b7 UID MOVE 4:* Trash\r\n',
  'b8 COPY 1:2 Archive\r\n',
  'b9 CREATE Fuzz/Box (USE (\\Archive))\r\n',
  'c1 RENAME Fuzz Fuzz2\r\n',
  'c2 DELETE Fuzz2/Box\r\n',
  'c3 ID ("name" "fuzz" "version" NIL)\r\n',
  'c4 ENABLE QRESYNC UTF8=ACCEPT IMAP4rev2\r\n',
  'c5 IDLE\r\nDONE\r\n',
  'c6 SEARCH HEADER {7}\r\nSubject "x\\"y" LARGER 100 (UNSEEN OR DRAFT NEW) SENTBEFORE "1-Jan-2000"\r\n',
  'c7 UID EXPUNGE 1:*\r\n',
  'c8 CLOSE\r\n',
  'c9 UNSELECT\r\n',
  'd1 NAMESPACE\r\n',
  'd2 LSUB "" *\r\n',
  'd3 SUBSCRIBE Fuzz\r\n',
  'd4 CHECK\r\n',
  'd5 NOOP\r\n',
  'd6 UNAUTHENTICATE\r\n',
  'd7 STARTTLS\r\n',
  'd8 SEARCH RETURN (SAVE) ALL\r\nd9 FETCH $ (UID)\r\n',
];

const byte = fc.integer({ min: 0, max: 255 });
/** Bytes that matter to the grammar, more often than chance would pick them. */
const special = fc.constantFrom(...[0x0d, 0x0a, 0x20, 0x28, 0x29, 0x7b, 0x7d, 0x2b, 0x7e, 0x22, 0x5c, 0x2a, 0x25, 0x5b, 0x5d, 0x3c, 0x3e, 0x00, 0xff]);

const mutation = mutationOf(fc.oneof(byte, special));

/** One fuzz input: random bytes, or a few corpus commands mutated; with the cuts to send it in. */
const input = fc.record({
  payload: fc.oneof(
    fc.array(fc.oneof(byte, special, special), { maxLength: 400 }).map((b) => Buffer.from(b)),
    fc
      .tuple(fc.array(fc.constantFrom(...CORPUS), { minLength: 1, maxLength: 4 }), fc.array(mutation, { minLength: 0, maxLength: 4 }))
      .map(([commands, mutations]) => mutate(Buffer.from(commands.join(''), 'latin1'), mutations)),
  ),
  cuts: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 6 }),
  state: fc.constantFrom('not-authenticated', 'authenticated', 'selected', 'idle', 'append'),
});

/** Brings a new connection to the state under test. */
async function open(ts: ImapTestServer, state: string): Promise<ImapTestClient> {
  const client = await ImapTestClient.open(ts.port('imap'));
  await client.line();
  if (state === 'not-authenticated') return client;
  await client.login('alice', 'secret');
  if (state === 'authenticated') return client;
  await client.ok('SELECT INBOX');
  if (state === 'idle') {
    client.send('i IDLE\r\n');
    const line = await client.line();
    assert.ok(line?.toString().startsWith('+'), `IDLE answered ${line?.toString()}`);
  } else if (state === 'append') {
    client.send('p APPEND INBOX {300}\r\n');
    const line = await client.line();
    assert.ok(line?.toString().startsWith('+'), `APPEND answered ${line?.toString()}`);
    client.send('Subject: half\r\n\r\n');
  }
  return client;
}

/** Another session must be served normally while the fuzzing goes on. */
async function healthCheck(ts: ImapTestServer): Promise<void> {
  const client = await ImapTestClient.open(ts.port('imap'));
  try {
    await client.line(5000);
    await client.login('alice', 'secret');
    await client.ok('SELECT INBOX', { timeoutMs: 5000 });
    await client.ok('UID FETCH 1:* (FLAGS)', { timeoutMs: 5000 });
    await client.ok('NOOP', { timeoutMs: 5000 });
    await client.ok('LOGOUT', { timeoutMs: 5000 });
  } finally {
    client.close();
  }
}

async function send(client: ImapTestClient, payload: Buffer, cuts: readonly number[]): Promise<void> {
  let at = 0;
  for (let i = 0; at < payload.length; i++) {
    const size = cuts[i % cuts.length]!;
    client.send(payload.subarray(at, at + size));
    at += size;
    if (i % 3 === 2) await new Promise((resolve) => setImmediate(resolve));
  }
}

test('fuzz: random and mutated input in every state never crashes the server, never blocks others, keeps memory bounded', async (t) => {
  const ts = await startImapServer(
    t,
    { 'limits.max_bad_commands': '50', 'auth.max_failures': '1000000', 'limits.max_message_bytes': '65536', 'limits.login_timeout_s': '5' },
    ['imap'],
    { captureLog: true },
  );
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one'), message('two', 'body'), message('three')]);

  const samples = fc.sample(input, { seed: Number(process.env.FUZZ_SEED ?? 20261127), numRuns: Number(process.env.FUZZ_RUNS ?? 1200) });
  const parallel = 8;
  let baseline = 0;
  for (let round = 0; round * parallel < samples.length; round++) {
    const batch = samples.slice(round * parallel, (round + 1) * parallel);
    await Promise.all(
      batch.map(async (sample) => {
        const client = await open(ts, sample.state);
        await send(client, sample.payload, sample.cuts);
        // Let the server chew on it, reading whatever it says, then drop the connection.
        await new Promise((resolve) => setTimeout(resolve, 5));
        client.close();
      }),
    );
    if (round % 10 === 9) {
      await healthCheck(ts);
      // Keep material to work on: the fuzz moves and expunges messages.
      await ts.deliver(alice, [message('more'), message('multi', 'x'.repeat(300))]);
    }
    if (round === 9) {
      gc();
      baseline = process.memoryUsage().heapUsed;
    }
  }
  await healthCheck(ts);
  // Every session is gone, and none left a mailbox subscription behind.
  const bus = ts.server.context.services.bus;
  for (let i = 0; i < 100 && bus.watchedMailboxes().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(bus.watchedMailboxes(), [], 'mailbox feeds left subscribed');
  gc();
  const grown = process.memoryUsage().heapUsed - baseline;
  // 1,100 more connections went by: what they leave behind must not add up.
  assert.ok(grown < 16 * 1024 * 1024, `heap grew by ${grown} bytes`);
  const internal = ts.problems.filter((p) => p.event === 'session-failed' || p.event === 'command-failed' || (p.level as number) >= 50);
  assert.deepEqual(internal, [], 'internal failures were logged');
});
