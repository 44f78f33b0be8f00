/**
 * FETCH of only UID, FLAGS and MODSEQ has its own fast path (compact listings, text written in
 * bulk). It must answer exactly as the general path does: the same responses, MSNs, \Recent,
 * keywords, MODSEQ, CHANGEDSINCE filtering and EXPUNGEISSUED, for dense and sparse sets. The
 * general path is forced by asking for RFC822.SIZE as well, which is then left out of the
 * comparison.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openClient, type ImapTestClient } from './client.js';
import { fetchItems } from './imap-values.js';
import { message, startImapServer } from './setup.js';

const COUNT = 60;

/** The untagged FETCH responses as comparable text (items sorted, RFC822.SIZE dropped). */
function normalised(untagged: readonly string[], keepRecent: boolean): string[] {
  return untagged.map((line) => {
    const recent = /\\Recent/i.test(line);
    const { seq, items } = fetchItems(line);
    delete items['RFC822.SIZE'];
    const keys = Object.keys(items).sort();
    return `${seq} ${keys.map((k) => `${k}=${JSON.stringify(items[k])}`).join(' ')}${keepRecent && recent ? ' \\Recent' : ''}`;
  });
}

async function compare(client: ImapTestClient, command: string, items: string): Promise<string[]> {
  const fast = await client.command(command.replace('ITEMS', `(${items})`));
  const general = await client.command(command.replace('ITEMS', `(${items} RFC822.SIZE)`));
  assert.equal(fast.status, general.status, `${command}: ${fast.tagged} / ${general.tagged}`);
  // The tagged lines differ only in their tags (and RFC 5530 codes must agree).
  assert.equal(fast.tagged.replace(/^\S+ /, ''), general.tagged.replace(/^\S+ /, ''), command);
  const fastLines = normalised(fast.untagged, true);
  assert.deepEqual(fastLines, normalised(general.untagged, true), `${command} ${items}`);
  return fastLines;
}

test('FETCH (UID FLAGS MODSEQ) answers as the general FETCH path does', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  // Old messages (not \Recent for the session below), some seen, some with keywords.
  await ts.deliver(alice, Array.from({ length: 20 }, (_, i) => message(`old ${i}`)), { flags: ['\\Seen'] });
  await ts.deliver(alice, Array.from({ length: 10 }, (_, i) => message(`tagged ${i}`)), { flags: ['\\Flagged', '$Work', 'Later'] });
  const { client: other } = await openClient(ts.port('imap'));
  await other.login('alice', 'secret');
  await other.ok('SELECT INBOX');
  await ts.deliver(alice, Array.from({ length: COUNT - 30 }, (_, i) => message(`new ${i}`)));

  const { client } = await openClient(ts.port('imap'));
  t.after(() => {
    client.socket.destroy();
    other.socket.destroy();
  });
  await client.login('alice', 'secret');
  await client.ok('SELECT INBOX');
  await client.ok('STORE 25:27 +FLAGS.SILENT (\\Answered $Work)');
  await client.ok('STORE 40 +FLAGS.SILENT (\\Deleted \\Draft)');

  const all = await compare(client, 'UID FETCH 1:* ITEMS', 'UID FLAGS');
  assert.equal(all.length, COUNT);
  assert.match(all[0]!, /^1 FLAGS=\["\\\\Seen"\] UID="1"$/);
  assert.match(all[25]!, /^26 FLAGS=\["\$Work","Later","\\\\Answered","\\\\Flagged"\] UID="26"$/);
  await compare(client, 'FETCH 1:* ITEMS', 'FLAGS');
  await compare(client, 'FETCH 3,17,59 ITEMS', 'FLAGS');
  await compare(client, 'UID FETCH 1,30,60 ITEMS', 'FLAGS');
  await compare(client, 'FETCH 5:9,21:25,50:* ITEMS', 'UID FLAGS');

  await client.ok('ENABLE CONDSTORE');
  const withModseq = await compare(client, 'UID FETCH 1:* ITEMS', 'UID FLAGS MODSEQ');
  assert.equal(withModseq.length, COUNT);
  const modseqOf40 = Number(/MODSEQ=\["(\d+)"\]/.exec(withModseq[39]!)![1]);
  const changed = await compare(client, `UID FETCH 1:* ITEMS (CHANGEDSINCE ${modseqOf40 - 1})`, 'FLAGS');
  assert.deepEqual(
    changed.map((line) => Number(line.split(' ')[0])),
    [40],
  );
  await compare(client, 'FETCH 2:4 ITEMS', 'MODSEQ');

  // Another session expunges messages this one has not been told about: FETCH by MSN must
  // not mention them and says EXPUNGEISSUED (RFC 5530), on both paths.
  await other.ok('STORE 10:12 +FLAGS.SILENT (\\Deleted)');
  await other.ok('EXPUNGE');
  const partial = await client.command('FETCH 8:14 (FLAGS)');
  assert.match(partial.tagged, /OK \[EXPUNGEISSUED\]/);
  await compare(client, 'FETCH 8:14 ITEMS', 'FLAGS');
  await compare(client, 'FETCH 1:* ITEMS', 'UID FLAGS');
});

test('FETCH FLAGS in an IMAP4rev1 session reports \\Recent per message on the fast path', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one'), message('two')], { flags: ['\\Seen'] });
  const { client } = await openClient(ts.port('imap'));
  t.after(() => client.socket.destroy());
  await client.login('alice', 'secret');
  await client.ok('SELECT INBOX');
  await ts.deliver(alice, [message('three')]);
  await client.ok('NOOP');
  const lines = await compare(client, 'FETCH 1:* ITEMS', 'UID FLAGS');
  assert.equal(lines.length, 3);
  assert.ok(lines.every((line) => line.endsWith('\\Recent')), lines.join('\n'));
  await client.ok('CLOSE');
  await client.ok('SELECT INBOX');
  assert.ok((await compare(client, 'FETCH 1:* ITEMS', 'FLAGS')).every((line) => !line.endsWith('\\Recent')));
});
