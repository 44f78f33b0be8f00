/**
 * POP3 transcripts (RFC 1939, RFC 2449): every command in its states, with the errors for the
 * wrong state, bad message numbers, deleted messages, bad syntax and the input limits.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pop3Client } from './client.js';
import { message, startPop3Server } from './setup.js';

const GREETING = 'S: +OK mail.test Mailkeep POP3 ready';

test('a whole session: STAT, LIST, UIDL, RETR with stuffing, TOP, DELE, RSET, NOOP, QUIT', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  const first = message('first', ['Hello.', '.a line with a dot', 'Bye.']);
  const second = message('second', ['one', 'two', 'three']);
  const third = message('third');
  await ts.deliver(alice, [first, second, third]);
  const inbox = await ts.inbox(alice);
  const uidl = (uid: number) => `${uid.toString(16).padStart(8, '0')}${inbox.uidValidity.toString(16).padStart(8, '0')}`;
  const total = first.length + second.length + third.length;
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    ${GREETING}
    C: USER alice
    S: +OK
    C: PASS secret
    S: +OK Logged in, maildrop has 3 messages (${total} octets)
    C: STAT
    S: +OK 3 ${total}
    C: LIST
    S: +OK 3 messages (${total} octets)
    S: 1 ${first.length}
    S: 2 ${second.length}
    S: 3 ${third.length}
    S: .
    C: LIST 2
    S: +OK 2 ${second.length}
    C: UIDL
    S: +OK
    S: 1 ${uidl(1)}
    S: 2 ${uidl(2)}
    S: 3 ${uidl(3)}
    S: .
    C: UIDL 3
    S: +OK 3 ${uidl(3)}
    C: RETR 1
    S: +OK ${first.length} octets
    S: From: Alice <alice@example.org>
    S: To: Bob <bob@example.org>
    S: Subject: first
    S: Message-ID: <first@example.org>
    S:
    S: Hello.
    S: ..a line with a dot
    S: Bye.
    S: .
    C: TOP 2 1
    S: +OK top of message follows
    S: From: Alice <alice@example.org>
    S: To: Bob <bob@example.org>
    S: Subject: second
    S: Message-ID: <second@example.org>
    S:
    S: one
    S: .
    C: DELE 1
    S: +OK message 1 deleted
    C: STAT
    S: +OK 2 ${second.length + third.length}
    C: LIST
    S: +OK 2 messages (${second.length + third.length} octets)
    S: 2 ${second.length}
    S: 3 ${third.length}
    S: .
    C: RSET
    S: +OK maildrop has 3 messages (${total} octets)
    C: STAT
    S: +OK 3 ${total}
    C: DELE 3
    S: +OK message 3 deleted
    C: NOOP
    S: +OK
    C: QUIT
    S: +OK Bye, 1 message deleted
    S: <closed>
  `);
  const again = await Pop3Client.open(ts.port('pop3'));
  await again.script(`
    ${GREETING}
    C: USER alice
    S: +OK
    C: PASS secret
    S: +OK Logged in, maildrop has 2 messages (${first.length + second.length} octets)
    C: UIDL
    S: +OK
    S: 1 ${uidl(1)}
    S: 2 ${uidl(2)}
    S: .
    C: QUIT
    S: +OK Bye
  `);
});

test('errors: bad message numbers, deleted messages, wrong states, PASS without USER', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one'), message('two')]);
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    ${GREETING}
    C: STAT
    S: -ERR STAT is not allowed before login
    C: RETR 1
    S: -ERR RETR is not allowed before login
    C: LIST
    S: -ERR LIST is not allowed before login
    C: NOOP
    S: -ERR NOOP is not allowed before login
    C: PASS secret
    S: -ERR USER first
    C: USER alice
    S: +OK
    C: PASS wrong
    S: -ERR [AUTH] authentication failed
    C: PASS secret
    S: -ERR USER first
    C: USER alice
    S: +OK
    C: PASS secret
    S: +OK Logged in, maildrop has 2 messages (${message('one').length + message('two').length} octets)
    C: USER alice
    S: -ERR USER is only allowed before login
    C: PASS secret
    S: -ERR PASS is only allowed before login
    C: AUTH PLAIN
    S: -ERR AUTH is only allowed before login
    C: STLS
    S: -ERR STLS is only allowed before login
    C: UTF8
    S: -ERR UTF8 is only allowed before login
    C: RETR 0
    S: -ERR no such message, only 2 in maildrop
    C: RETR 3
    S: -ERR no such message, only 2 in maildrop
    C: LIST 9
    S: -ERR no such message, only 2 in maildrop
    C: TOP 7 0
    S: -ERR no such message, only 2 in maildrop
    C: RETR one
    S: -ERR invalid message number
    C: TOP 1 x
    S: -ERR invalid number of lines
    C: TOP 1
    S: -ERR TOP needs a message number and a number of lines
    C: DELE
    S: -ERR DELE needs one message number
    C: DELE 2
    S: +OK message 2 deleted
    C: DELE 2
    S: -ERR message 2 already deleted
    C: RETR 2
    S: -ERR message 2 already deleted
    C: TOP 2 0
    S: -ERR message 2 already deleted
    C: LIST 2
    S: -ERR message 2 already deleted
    C: UIDL 2
    S: -ERR message 2 already deleted
    C: STAT
    S: +OK 1 ${message('one').length}
    C: XTND XMIT
    S: -ERR unknown command
    C: APOP alice 0123456789abcdef0123456789abcdef
    S: -ERR unknown command
    C: RSET
    S: /^\\+OK maildrop has 2 messages/
    C: QUIT
    S: +OK Bye
  `);
});

test('AUTHORIZATION QUIT, an empty maildrop, CAPA in both states', async (t) => {
  const ts = await startPop3Server(t);
  await ts.addAccount('empty', 'secret');
  const bye = await Pop3Client.open(ts.port('pop3'));
  await bye.script(`
    ${GREETING}
    C: QUIT
    S: +OK Bye
    S: <closed>
  `);
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    ${GREETING}
    C: CAPA
    S: +OK Capability list follows
    S: CAPA
    S: TOP
    S: UIDL
    S: RESP-CODES
    S: AUTH-RESP-CODE
    S: PIPELINING
    S: USER
    S: SASL PLAIN LOGIN
    S: STLS
    S: EXPIRE NEVER
    S: UTF8 USER
    S: IMPLEMENTATION Mailkeep
    S: .
    C: USER empty
    S: +OK
    C: PASS secret
    S: +OK Logged in, maildrop has 0 messages (0 octets)
    C: CAPA
    S: +OK Capability list follows
    S: CAPA
    S: TOP
    S: UIDL
    S: RESP-CODES
    S: AUTH-RESP-CODE
    S: PIPELINING
    S: USER
    S: SASL PLAIN LOGIN
    S: EXPIRE NEVER
    S: UTF8 USER
    S: IMPLEMENTATION Mailkeep
    S: .
    C: STAT
    S: +OK 0 0
    C: LIST
    S: +OK 0 messages (0 octets)
    S: .
    C: UIDL
    S: +OK
    S: .
    C: RETR 1
    S: -ERR no such message, only 0 in maildrop
    C: QUIT
    S: +OK Bye
  `);
});

test('PIPELINING: many commands in one packet are answered in order', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('p1'), message('p2')]);
  const client = await Pop3Client.open(ts.port('pop3'));
  assert.match((await client.line())!, /^\+OK/);
  client.send('USER alice\r\nPASS secret\r\nSTAT\r\nTOP 1 0\r\nDELE 1\r\nLIST 1\r\nNOOP\r\nBOGUS\r\nQUIT\r\n');
  assert.equal(await client.line(), '+OK');
  assert.match((await client.line())!, /^\+OK Logged in, maildrop has 2 messages/);
  assert.match((await client.line())!, /^\+OK 2 \d+$/);
  assert.equal(await client.line(), '+OK top of message follows');
  assert.deepEqual((await client.lines()).at(-1), '');
  assert.equal(await client.line(), '+OK message 1 deleted');
  assert.equal(await client.line(), '-ERR message 1 already deleted');
  assert.equal(await client.line(), '+OK');
  assert.equal(await client.line(), '-ERR unknown command');
  assert.equal(await client.line(), '+OK Bye, 1 message deleted');
  assert.equal(await client.line(), null);
});

test('limits: an over-long line is refused and skipped; too many bad commands close the connection', async (t) => {
  const ts = await startPop3Server(t, { 'limits.max_bad_commands': '3' });
  await ts.addAccount('alice', 'secret');
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    ${GREETING}
    C: NOOP ${'x'.repeat(5000)}
    S: -ERR line too long
    C: USER alice
    S: +OK
    C: FOO
    S: -ERR unknown command
    C: CAPA
    S: +OK Capability list follows
  `);
  await client.lines();
  // CAPA succeeded: the count starts again.
  await client.script(`
    C: BAR
    S: -ERR unknown command
    C: STAT
    S: -ERR STAT is not allowed before login
    C: BAZ
    S: -ERR too many bad commands, closing connection
    S: <closed>
  `);
});
