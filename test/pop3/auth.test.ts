/**
 * Logging in: AUTH PLAIN and LOGIN (RFC 5034) with and without initial responses, STLS
 * (RFC 2595) and what CAPA says before and after it, implicit TLS, the plaintext policy on
 * connections from other hosts, the failure throttle, UTF8 (RFC 6856) and the login and idle
 * timeouts.
 */

import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { Connection } from '../../src/server/connection.js';
import { createLocalPop3Server } from '../../src/pop3/server.js';
import type { SessionHandle } from '../../src/server/protocol.js';
import { Pop3Client } from './client.js';
import { message, startPop3Server, type Pop3TestServer } from './setup.js';

const GREETING = 'S: +OK mail.test Mailkeep POP3 ready';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

test('AUTH PLAIN with and without an initial response, cancel, bad base64, another authzid', async (t) => {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('m')]);
  const size = message('m').length;
  const c1 = await Pop3Client.open(ts.port('pop3'));
  await c1.script(`
    ${GREETING}
    C: AUTH
    S: +OK
    S: PLAIN
    S: LOGIN
    S: .
    C: AUTH CRAM-MD5
    S: -ERR unsupported authentication mechanism CRAM-MD5
    C: AUTH PLAIN
    S: /^\\+ $/
    C: *
    S: -ERR authentication cancelled
    C: AUTH PLAIN
    S: /^\\+ $/
    C: not!base64
    S: -ERR invalid base64 in authentication
    C: AUTH PLAIN ${b64('bob\0alice\0secret')}
    S: -ERR [AUTH] logging in as another user is not allowed
    C: AUTH PLAIN ${b64('\0alice\0wrong')}
    S: -ERR [AUTH] authentication failed
    C: AUTH PLAIN ${b64('\0alice\0secret')}
    S: +OK Logged in, maildrop has 1 message (${size} octets)
    C: QUIT
    S: +OK Bye
  `);
  const c2 = await Pop3Client.open(ts.port('pop3'));
  await c2.script(`
    ${GREETING}
    C: AUTH PLAIN
    S: /^\\+ $/
    C: ${b64('alice\0alice\0secret')}
    S: +OK Logged in, maildrop has 1 message (${size} octets)
    C: QUIT
    S: +OK Bye
  `);
});

test('AUTH LOGIN with and without an initial response', async (t) => {
  const ts = await startPop3Server(t);
  await ts.addAccount('alice', 'secret');
  const c1 = await Pop3Client.open(ts.port('pop3'));
  await c1.script(`
    ${GREETING}
    C: AUTH LOGIN
    S: + VXNlcm5hbWU6
    C: ${b64('alice')}
    S: + UGFzc3dvcmQ6
    C: ${b64('secret')}
    S: +OK Logged in, maildrop has 0 messages (0 octets)
    C: QUIT
    S: +OK Bye
  `);
  const c2 = await Pop3Client.open(ts.port('pop3'));
  await c2.script(`
    ${GREETING}
    C: AUTH LOGIN ${b64('alice')}
    S: + UGFzc3dvcmQ6
    C: ${b64('nope')}
    S: -ERR [AUTH] authentication failed
    C: AUTH LOGIN ${b64('alice')}
    S: + UGFzc3dvcmQ6
    C: *
    S: -ERR authentication cancelled
    C: AUTH LOGIN ${b64('alice')}
    S: + UGFzc3dvcmQ6
    C: ${b64('secret')}
    S: /^\\+OK Logged in/
  `);
});

test('STLS: CAPA before and after, pipelined input after STLS dropped, login over TLS', async (t) => {
  const ts = await startPop3Server(t);
  await ts.addAccount('alice', 'secret');
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    ${GREETING}
    C: CAPA
    S: +OK Capability list follows
  `);
  assert.ok((await client.lines()).includes('STLS'));
  // Anything sent behind STLS before the handshake must not count (RFC 2595 4).
  client.send('STLS\r\nUSER injected\r\n');
  assert.equal(await client.line(), '+OK Begin TLS negotiation now');
  await client.upgrade();
  assert.ok(client.tlsSocket?.encrypted);
  await client.script(`
    C: PASS secret
    S: -ERR USER first
    C: CAPA
    S: +OK Capability list follows
  `);
  const after = await client.lines();
  assert.ok(!after.includes('STLS'), 'no STLS once TLS is on');
  assert.ok(after.includes('USER') && after.includes('SASL PLAIN LOGIN'));
  await client.script(`
    C: STLS
    S: -ERR TLS is already active
    C: USER alice
    S: +OK
    C: PASS secret
    S: /^\\+OK Logged in/
    C: QUIT
    S: +OK Bye
  `);
});

test('pop3s: implicit TLS from the first byte, no STLS offered, login', async (t) => {
  const ts = await startPop3Server(t);
  await ts.addAccount('alice', 'secret');
  const implicit = await Pop3Client.open(ts.port('pop3s'), { tls: true });
  await implicit.script(`
    ${GREETING}
    C: CAPA
    S: +OK Capability list follows
  `);
  assert.ok(!(await implicit.lines()).includes('STLS'));
  await implicit.script(`
    C: STLS
    S: -ERR TLS is already active
    C: AUTH PLAIN ${b64('\0alice\0secret')}
    S: /^\\+OK Logged in/
  `);
});

/**
 * A POP3 server whose connections look as if they came from another host: the listener is on
 * loopback, but the Connection says otherwise, as a client on the network would.
 */
async function remoteLookingServer(t: TestContext, ts: Pop3TestServer): Promise<number> {
  const context = ts.server.context;
  const protocol = createLocalPop3Server(context, 'pop3');
  const sessions: SessionHandle[] = [];
  class RemoteConnection extends Connection {
    override get loopback(): boolean {
      return false;
    }
  }
  const server: Server = createServer((socket: Socket) => {
    socket.on('error', () => undefined);
    sessions.push(protocol.accept(new RemoteConnection(socket, 'pop3', context.certificate.context, context.log)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    for (const session of sessions) session.shutdown('test over');
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as { port: number }).port;
}

test('cleartext from another host: no USER or SASL until STLS, refusals as Dovecot words them', async (t) => {
  const ts = await startPop3Server(t);
  await ts.addAccount('alice', 'secret');
  const port = await remoteLookingServer(t, ts);
  const client = await Pop3Client.open(port);
  await client.script(`
    ${GREETING}
    C: CAPA
    S: +OK Capability list follows
  `);
  const before = await client.lines();
  assert.ok(!before.includes('USER') && !before.some((l) => l.startsWith('SASL')), before.join(','));
  assert.ok(before.includes('STLS'));
  await client.script(`
    C: USER alice
    S: -ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.
    C: PASS secret
    S: -ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.
    C: AUTH PLAIN ${b64('\0alice\0secret')}
    S: -ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.
    C: AUTH
    S: +OK
    S: .
    C: STLS
    S: +OK Begin TLS negotiation now
  `);
  await client.upgrade();
  await client.script(`
    C: CAPA
    S: +OK Capability list follows
  `);
  assert.ok((await client.lines()).includes('USER'));
  await client.script(`
    C: USER alice
    S: +OK
    C: PASS secret
    S: /^\\+OK Logged in/
    C: QUIT
    S: +OK Bye
  `);
});

test('auth.allow_plaintext lets other hosts log in without TLS', async (t) => {
  const ts = await startPop3Server(t, { 'auth.allow_plaintext': 'true' });
  await ts.addAccount('alice', 'secret');
  const client = await Pop3Client.open(await remoteLookingServer(t, ts));
  await client.script(`
    ${GREETING}
    C: USER alice
    S: +OK
    C: PASS secret
    S: /^\\+OK Logged in/
  `);
});

test('failed logins go through the throttle: after auth.max_failures the address is refused', async (t) => {
  const ts = await startPop3Server(t, { 'auth.max_failures': '2', 'auth.failure_delay_ms': '200' });
  await ts.addAccount('alice', 'secret');
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    ${GREETING}
    C: USER alice
    S: +OK
  `);
  const started = Date.now();
  await client.script(`
    C: PASS wrong1
    S: -ERR [AUTH] authentication failed
  `);
  assert.ok(Date.now() - started >= 190, 'a failure is answered after the failure delay');
  await client.script(`
    C: AUTH PLAIN ${b64('\0nobody\0wrong2')}
    S: -ERR [AUTH] authentication failed
    C: AUTH PLAIN ${b64('\0alice\0secret')}
    S: -ERR [SYS/TEMP] too many failed logins, try again later
  `);
});

test('UTF8: advertised with USER, enabled before login, STLS refused after it, UTF-8 user names', async (t) => {
  const ts = await startPop3Server(t);
  const jorg = await ts.addAccount('jörg', 'pässwörd');
  const subject = 'Grüße';
  await ts.deliver(jorg, [message(subject, ['Schöne Grüße aus Köln'])]);
  const client = await Pop3Client.open(ts.port('pop3'));
  await client.script(`
    ${GREETING}
    C: UTF8
    S: +OK UTF8 enabled
    C: STLS
    S: -ERR STLS is not allowed after UTF8
    C: CAPA
    S: +OK Capability list follows
  `);
  const capabilities = await client.lines();
  assert.ok(capabilities.includes('UTF8 USER') && !capabilities.includes('STLS'));
  await client.script(`
    C: USER jörg
    S: +OK
    C: PASS pässwörd
    S: /^\\+OK Logged in, maildrop has 1 message/
    C: TOP 1 1
    S: +OK top of message follows
  `);
  const lines = await client.lines();
  assert.ok(lines.includes(`Subject: ${subject}`) && lines.includes('Schöne Grüße aus Köln'));
});

test('login timeout and idle timeout end the session with -ERR', async (t) => {
  const ts = await startPop3Server(t, { 'limits.login_timeout_s': '1', 'limits.idle_timeout_s': '1' });
  await ts.addAccount('alice', 'secret');
  const idle = await Pop3Client.open(ts.port('pop3'));
  await idle.script(`
    ${GREETING}
    C: USER alice
    S: +OK
    C: PASS secret
    S: /^\\+OK Logged in/
  `);
  const slow = await Pop3Client.open(ts.port('pop3'));
  await slow.script(`
    ${GREETING}
    S: -ERR login timeout, closing connection
    S: <closed>
  `);
  await idle.script(`
    S: -ERR disconnected for inactivity
    S: <closed>
  `);
});
