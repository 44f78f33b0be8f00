/**
 * The real-client checks, run against any POP3 target: Mailkeep's own POP3 (clients.test.ts)
 * and the relay in front of an IMAP server (relay.test.ts). Python poplib, fetchmail
 * (download-and-delete, and keep-on-server where UIDL makes the second run fetch nothing), mpop
 * and curl.
 */

import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { tempDir } from '../helpers/temp.js';
import { curlPop3, fetchmailRunner, mpopFetch, poplibSession, type Pop3Target } from './real-clients.js';
import { message } from './setup.js';

/** Where the client checks run: a POP3 target over a maildrop the test can fill and read. */
export interface ClientFixture {
  target: Pop3Target;
  /** Puts messages into the maildrop, in order. */
  deliver(messages: readonly string[]): Promise<void>;
  /** The messages left in the maildrop, as stored. */
  remaining(): Promise<string[]>;
}

export const SAMPLES = [
  message('first', ['Hello from the first message.', '.a line that starts with a dot', '..and one with two', 'Bye.']),
  message('second', Array.from({ length: 40 }, (_, i) => `line ${i + 1} of the second message`)),
  message('third', ['Grüße, in UTF-8.'], ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']),
];

const lf = (text: string) => text.replace(/\r\n/g, '\n');

/** poplib: every command; RETR content exact; DELE of one message removes just it. */
export async function poplibCheck(fixture: ClientFixture): Promise<void> {
  await fixture.deliver(SAMPLES);
  const result = await poplibSession(fixture.target, [2]);
  assert.equal(result.stat[0], 3);
  assert.equal(result.stat[1], SAMPLES.reduce((sum, m) => sum + Buffer.byteLength(m), 0));
  assert.deepEqual(result.list, SAMPLES.map((m, i) => `${i + 1} ${Buffer.byteLength(m)}`));
  assert.equal(result.uidl.length, 3);
  assert.equal(new Set(result.uidl.map((l) => l.split(' ')[1])).size, 3, 'UIDLs are unique');
  for (const key of ['TOP', 'UIDL', 'USER', 'RESP-CODES', 'PIPELINING', 'SASL']) assert.ok(key in result.capa, key);
  result.messages.forEach((lines, i) => assert.equal(`${lines.join('\r\n')}\r\n`, SAMPLES[i]));
  assert.deepEqual(result.top.slice(0, 3), ['From: Alice <alice@example.org>', 'To: Bob <bob@example.org>', 'Subject: first']);
  assert.equal(result.top.at(-1), '');
  assert.match(result.quit, /^\+OK/);
  assert.deepEqual(await fixture.remaining(), [SAMPLES[0], SAMPLES[2]]);
  // A second session sees the same UIDLs for the messages that are left.
  const again = await poplibSession(fixture.target);
  assert.deepEqual(
    again.uidl.map((l) => l.split(' ')[1]),
    [result.uidl[0]!.split(' ')[1], result.uidl[2]!.split(' ')[1]],
  );
}

/** fetchmail download-and-delete: everything arrives intact, the maildrop ends empty. */
export async function fetchmailDeleteCheck(t: TestContext, fixture: ClientFixture): Promise<void> {
  await fixture.deliver(SAMPLES);
  const fetch = fetchmailRunner(tempDir(t), fixture.target, false);
  const first = await fetch();
  assert.equal(first.code, 0, first.stderr + first.stdout);
  assert.deepEqual(first.delivered.map(lf), SAMPLES.map(lf));
  assert.deepEqual(await fixture.remaining(), []);
  const second = await fetch();
  assert.equal(second.code, 1, 'exit 1: no mail');
  assert.deepEqual(second.delivered, []);
}

/** fetchmail keep + UIDL: the second run fetches nothing; a new message is the only one fetched. */
export async function fetchmailKeepCheck(t: TestContext, fixture: ClientFixture): Promise<void> {
  await fixture.deliver(SAMPLES.slice(0, 2));
  const fetch = fetchmailRunner(tempDir(t), fixture.target, true);
  const first = await fetch();
  assert.equal(first.code, 0, first.stderr + first.stdout);
  assert.equal(first.delivered.length, 2);
  const second = await fetch();
  assert.equal(second.code, 1, `nothing new: ${second.stdout}${second.stderr}`);
  assert.deepEqual(second.delivered, []);
  await fixture.deliver([SAMPLES[2]!]);
  const third = await fetch();
  assert.equal(third.code, 0, third.stderr + third.stdout);
  assert.deepEqual(third.delivered.map(lf), [lf(SAMPLES[2]!)]);
  assert.equal((await fixture.remaining()).length, 3, 'keep leaves everything on the server');
}

/** mpop: into a maildir, deleting on the server. */
export async function mpopCheck(t: TestContext, fixture: ClientFixture): Promise<void> {
  await fixture.deliver(SAMPLES);
  const result = await mpopFetch(tempDir(t), fixture.target, false);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  assert.deepEqual(result.delivered.map(lf).sort(), SAMPLES.map(lf).sort());
  assert.deepEqual(await fixture.remaining(), []);
}

/** curl pop3://: LIST, RETR by number (also over STLS), DELE via -X. */
export async function curlCheck(fixture: ClientFixture): Promise<void> {
  await fixture.deliver(SAMPLES);
  const list = await curlPop3(fixture.target, '/');
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(list.stdout.trimEnd().split('\r\n'), SAMPLES.map((m, i) => `${i + 1} ${Buffer.byteLength(m)}`));
  const retr = await curlPop3(fixture.target, '/2', { tls: true });
  assert.equal(retr.code, 0, retr.stderr);
  assert.equal(retr.stdout, SAMPLES[1]);
  const dele = await curlPop3(fixture.target, '/', { request: 'DELE 1' });
  assert.equal(dele.code, 0, dele.stderr);
  assert.deepEqual(await fixture.remaining(), SAMPLES.slice(1));
}

