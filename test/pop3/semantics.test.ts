/**
 * What a POP3 session does to the store: the snapshot at login, one session per maildrop
 * ([IN-USE]), LOGIN-DELAY, deletions only at QUIT and atomically, Trash mode, \Seen after RETR,
 * an IMAP client's expunge while POP3 lists the message, bare LFs, large messages, shutdown.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expungeMessages } from '../../src/services/messages.js';
import { encodeBody } from '../../src/pop3/protocol/body-encoder.js';
import { FLAG_SEEN } from '../../src/store/types.js';
import { storedMessages } from '../helpers/store.js';
import { Pop3Client } from './client.js';
import { message, startPop3Server, type Pop3TestServer } from './setup.js';

async function login(ts: Pop3TestServer, user = 'alice', password = 'secret', port = ts.port('pop3')): Promise<Pop3Client> {
  const client = await Pop3Client.open(port);
  assert.match((await client.line())!, /^\+OK/);
  assert.equal(await client.command(`USER ${user}`), '+OK');
  assert.match(await client.command(`PASS ${password}`), /^\+OK Logged in/);
  return client;
}

test('one POP3 session per maildrop: the second gets [IN-USE]; free again after QUIT or a drop', async (t) => {
  const ts = await startPop3Server(t);
  await ts.addAccount('alice', 'secret');
  await ts.addAccount('bob', 'secret');
  const first = await login(ts);
  const second = await Pop3Client.open(ts.port('pop3'));
  await second.script(`
    S: /^\\+OK/
    C: USER alice
    S: +OK
    C: PASS secret
    S: -ERR [IN-USE] maildrop is locked by another POP3 session
    C: USER alice
    S: +OK
    C: PASS wrong
    S: -ERR [AUTH] authentication failed
  `);
  // Another account is not affected.
  const bob = await login(ts, 'bob');
  assert.equal(await bob.command('QUIT'), '+OK Bye');
  assert.equal(await first.command('QUIT'), '+OK Bye');
  const third = await login(ts);
  third.close(); // dropped without QUIT
  for (let i = 0; ; i++) {
    const again = await Pop3Client.open(ts.port('pop3'));
    await again.line();
    await again.command('USER alice');
    const reply = await again.command('PASS secret');
    again.close();
    if (reply.startsWith('+OK')) break;
    assert.match(reply, /^-ERR \[IN-USE\]/);
    assert.ok(i < 50, 'the lock of a dropped connection is released');
    await new Promise((r) => setTimeout(r, 20));
  }
});

test('LOGIN-DELAY: advertised, and a second login too soon is refused with [LOGIN-DELAY]', async (t) => {
  const ts = await startPop3Server(t, { 'pop3.login_delay_s': '60' });
  await ts.addAccount('alice', 'secret');
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    S: /^\\+OK/
    C: CAPA
    S: +OK Capability list follows
  `);
  assert.ok((await client.lines()).includes('LOGIN-DELAY 60'));
  await client.script(`
    C: USER alice
    S: +OK
    C: PASS secret
    S: /^\\+OK Logged in/
    C: QUIT
    S: +OK Bye
  `);
  const again = await Pop3Client.open(ts.port('pop3'));
  await again.script(`
    S: /^\\+OK/
    C: USER alice
    S: +OK
    C: PASS secret
    S: /^-ERR \\[LOGIN-DELAY\\] minimum time between logins not reached, try again in (59|60) seconds$/
    C: USER alice
    S: +OK
    C: PASS wrong
    S: -ERR [AUTH] authentication failed
  `);
});

test('QUIT expunges the marked messages in one atomic expunge; IMAP sessions are poked; the store stays consistent', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  const uids = await ts.deliver(alice, ['m1', 'm2', 'm3', 'm4', 'm5'].map((s) => message(s)));
  const inbox = await ts.inbox(alice);
  const { store, bus } = ts.server.context.services;
  const pokes: number[] = [];
  bus.onMailbox(inbox.id, (event) => event.type === 'changed' && pokes.push(event.modseq));
  const client = await login(ts);
  for (const n of [2, 4, 5]) assert.equal(await client.command(`DELE ${n}`), `+OK message ${n} deleted`);
  assert.deepEqual(pokes, [], 'DELE only marks');
  assert.equal(await client.command('QUIT'), '+OK Bye, 3 messages deleted');
  const { uids: left } = await store.listEntries(inbox.id);
  assert.deepEqual([...left], [uids[0], uids[2]]);
  const journal = (await store.readJournal(inbox.id, 0, 100)).filter((row) => row.kind === 'expunged');
  assert.deepEqual(journal.map((r) => r.uid).sort(), [uids[1], uids[3], uids[4]].sort());
  assert.equal(new Set(journal.map((r) => r.modseq)).size, 1, 'one transaction, one MODSEQ');
  assert.equal(pokes.length, 1);
  const report = await store.check({ repair: false });
  assert.deepEqual(report.problems, []);
});

test('a dropped connection deletes nothing and sets no flags', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b')]);
  const client = await login(ts);
  assert.match(await client.command('RETR 1'), /^\+OK/);
  await client.lines();
  assert.equal(await client.command('DELE 1'), '+OK message 1 deleted');
  assert.equal(await client.command('DELE 2'), '+OK message 2 deleted');
  client.close();
  await new Promise((r) => setTimeout(r, 100));
  const inbox = await ts.inbox(alice);
  const entries = await ts.server.context.services.store.listEntries(inbox.id);
  assert.equal(entries.uids.length, 2);
  assert.deepEqual([...entries.flags], [0, 0]);
});

test('RETR (not TOP) sets \\Seen at QUIT, in one change', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b'), message('c')]);
  const client = await login(ts);
  for (const command of ['RETR 1', 'TOP 2 5', 'RETR 3']) {
    assert.match(await client.command(command), /^\+OK/);
    await client.lines();
  }
  assert.equal(await client.command('QUIT'), '+OK Bye');
  const inbox = await ts.inbox(alice);
  const entries = await ts.server.context.services.store.listEntries(inbox.id);
  assert.deepEqual([...entries.flags].map((f) => (f & FLAG_SEEN) !== 0), [true, false, true]);
  assert.equal(new Set([entries.modseqs[0], entries.modseqs[2]]).size, 1);
});

test('pop3.dele = trash: QUIT moves the marked messages to \\Trash (read ones arrive \\Seen)', async (t) => {
  const ts = await startPop3Server(t, { 'pop3.dele': 'trash' });
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('keep'), message('read and deleted'), message('deleted unread')]);
  const client = await login(ts);
  assert.match(await client.command('RETR 2'), /^\+OK/);
  await client.lines();
  assert.equal(await client.command('DELE 2'), '+OK message 2 deleted');
  assert.equal(await client.command('DELE 3'), '+OK message 3 deleted');
  assert.equal(await client.command('QUIT'), '+OK Bye, 2 messages deleted');
  const store = ts.server.context.services.store;
  const inbox = (await storedMessages(store, 'alice')).map((m) => m.toString());
  const trash = (await storedMessages(store, 'alice', 'Trash')).map((m) => m.toString());
  assert.deepEqual(inbox, [message('keep')]);
  assert.deepEqual(trash, [message('read and deleted'), message('deleted unread')]);
  const trashBox = (await store.findMailbox(alice.id, 'Trash'))!;
  const flags = (await store.listEntries(trashBox.id)).flags;
  assert.deepEqual([...flags].map((f) => (f & FLAG_SEEN) !== 0), [true, false]);
});

test('an IMAP client expunges a message POP3 still lists: numbers stay, RETR/TOP say so, DELE is harmless', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  const uids = await ts.deliver(alice, [message('one'), message('two'), message('three')]);
  const client = await login(ts);
  // What an IMAP client's EXPUNGE does, through the same service.
  const services = ts.server.context.services;
  const inbox = await ts.inbox(alice);
  await expungeMessages(services, alice, inbox, [uids[1]!]);
  // A new message arrives too: not part of this session's snapshot.
  await ts.deliver(alice, [message('four')]);
  const sizes = ['one', 'two', 'three'].map((s) => message(s).length);
  await client.script(`
    C: STAT
    S: +OK 3 ${sizes[0]! + sizes[1]! + sizes[2]!}
    C: LIST
    S: +OK 3 messages (${sizes[0]! + sizes[1]! + sizes[2]!} octets)
    S: 1 ${sizes[0]}
    S: 2 ${sizes[1]}
    S: 3 ${sizes[2]}
    S: .
    C: RETR 2
    S: -ERR message was deleted by another client
    C: TOP 2 0
    S: -ERR message was deleted by another client
    C: RETR 3
    S: +OK ${sizes[2]} octets
  `);
  await client.lines();
  await client.script(`
    C: DELE 2
    S: +OK message 2 deleted
    C: DELE 3
    S: +OK message 3 deleted
    C: QUIT
    S: +OK Bye, 1 message deleted
  `);
  const left = (await storedMessages(services.store, 'alice')).map((m) => m.toString());
  assert.deepEqual(left, [message('one'), message('four')]);
  assert.deepEqual((await services.store.check({ repair: false })).problems, []);
});

test('bare LFs go out as CRLF, and the announced size is exact from the first session', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  const stored = 'Subject: unix\n\nline one\n.dot line\nlast';
  await ts.deliver(alice, [stored]);
  const sent = 'Subject: unix\r\n\r\nline one\r\n..dot line\r\nlast\r\n.\r\n';
  const client = await login(ts);
  // RFC 1939 11: the exact size is what RETR sends before stuffing (and without the CRLF a
  // message lacking a final line end gets): the store counted the 4 bare LFs at delivery.
  assert.equal(await client.command('LIST 1'), `+OK 1 ${stored.length + 4}`);
  assert.equal(await client.command('STAT'), `+OK 1 ${stored.length + 4}`);
  assert.match(await client.command('RETR 1'), /^\+OK/);
  assert.equal((await client.rawBody()).toString(), sent);
  assert.equal(await client.command('QUIT'), '+OK Bye');
});

test('a 6 MB message streams exactly, also to a client that reads slowly', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  let body = '';
  for (let i = 0; body.length < 6 * 1024 * 1024; i++) body += i % 7 === 0 ? `.line ${i} starts with a dot\r\n` : `line ${i} ${'x'.repeat(i % 120)}\r\n`;
  const big = Buffer.from(`Subject: big\r\n\r\n${body}`);
  await ts.deliver(alice, [big]);
  const client = await login(ts);
  client.send('RETR 1\r\n');
  assert.equal(await client.line(), `+OK ${big.length} octets`);
  await new Promise((r) => setTimeout(r, 300)); // not reading: the server must wait, not buffer
  const received = await client.rawBody(30_000);
  assert.ok(received.equals(encodeBody(big)), 'exact, stuffed bytes');
  assert.equal(await client.command('NOOP'), '+OK');
});

test('shutdown: the session is told -ERR [SYS/TEMP] and nothing is expunged', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('stays')]);
  const client = await login(ts);
  assert.equal(await client.command('DELE 1'), '+OK message 1 deleted');
  const services = ts.server.context.services;
  const stopping = ts.server.stop('server shutting down');
  assert.equal(await client.line(), '-ERR [SYS/TEMP] server shutting down');
  assert.equal(await client.line(), null);
  await stopping;
  // The store is closed now; look at it through a fresh one.
  const { SqliteStore } = await import('../../src/store/sqlite/sqlite-store.js');
  const reopened = new SqliteStore({ dataDir: ts.dataDir });
  t.after(() => reopened.close());
  assert.equal((await storedMessages(reopened, 'alice')).length, 1);
  assert.ok(services);
});
