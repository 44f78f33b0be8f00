/**
 * The POP3-to-IMAP relay against a real IMAP server. The upstream is a parameter (see
 * upstreams.ts): Dovecot here; relay-mailkeep.test.ts runs the checks against Mailkeep's IMAP.
 * The same real-client checks as for Mailkeep's POP3 run through the relay, plus TOP, the
 * upstream's \Seen and expunges, and every upstream failure: down, hanging, dropping the
 * connection, an untrusted certificate, a wrong password.
 */

import assert from 'node:assert/strict';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { after, test, type TestContext } from 'node:test';
import { encodeBody } from '../../src/pop3/protocol/body-encoder.js';
import { freePort, startTestServer, type TestServer } from '../helpers/server.js';
import { curlCheck, fetchmailDeleteCheck, fetchmailKeepCheck, mpopCheck, poplibCheck, type ClientFixture } from './client-checks.js';
import { Pop3Client } from './client.js';
import { poplibSession, poplibWrongPassword } from './real-clients.js';
import { message } from './setup.js';
import { dovecotUpstream, sharedDovecot, stopSharedDovecot, type ImapUpstream, type UpstreamFactory, type UpstreamTls } from './upstreams.js';

/** The IMAP server behind the relay in this file. */
const UPSTREAM: UpstreamFactory = dovecotUpstream;

after(() => stopSharedDovecot());

interface RelayFixture extends ClientFixture {
  ts: TestServer;
  upstream: ImapUpstream;
}

async function relay(t: TestContext, tls: UpstreamTls = 'implicit', settings: Record<string, string> = {}): Promise<RelayFixture> {
  const upstream = await UPSTREAM(t, tls);
  const ts = await startTestServer(t, ['pop3_relay'], { ...upstream.relaySettings, ...settings });
  return {
    ts,
    upstream,
    target: { host: '127.0.0.1', port: ts.port('pop3_relay'), user: upstream.user, password: upstream.password },
    deliver: (messages) => upstream.deliver(messages),
    remaining: () => upstream.remaining(),
  };
}

async function login(fixture: RelayFixture): Promise<Pop3Client> {
  const client = await Pop3Client.open(fixture.target.port);
  assert.equal(await client.line(), '+OK mail.test Mailkeep POP3 relay ready');
  assert.equal(await client.command(`USER ${fixture.target.user}`), '+OK');
  assert.match(await client.command(`PASS ${fixture.target.password}`), /^\+OK Logged in/);
  return client;
}

test('relay: Python poplib (upstream over implicit TLS, certificate checked against pop3_relay.ca_file)', async (t) => poplibCheck(await relay(t, 'implicit')));
test('relay: fetchmail download and delete (upstream over STARTTLS)', async (t) => fetchmailDeleteCheck(t, await relay(t, 'starttls')));
test('relay: fetchmail keep + UIDL', async (t) => fetchmailKeepCheck(t, await relay(t, 'implicit')));
test('relay: mpop', async (t) => mpopCheck(t, await relay(t, 'starttls')));
test('relay: curl pop3://', async (t) => curlCheck(await relay(t, 'implicit')));

test('relay: UIDLs are those of the upstream UIDVALIDITY and UIDs (Dovecot\'s own POP3 gives the same)', async (t) => {
  const fixture = await relay(t);
  await fixture.deliver([message('u1'), message('u2'), message('u3')]);
  const viaRelay = await poplibSession(fixture.target);
  const dovecot = await sharedDovecot();
  const direct = await new Promise<string[]>((resolve, reject) => {
    void (async () => {
      const client = await Pop3Client.open(dovecot.pop3Port);
      await client.line();
      await client.command(`USER ${fixture.target.user}`);
      await client.command(`PASS ${fixture.target.password}`);
      await client.command('UIDL');
      const lines = await client.lines();
      await client.command('QUIT');
      resolve(lines);
    })().catch(reject);
  });
  assert.deepEqual(viaRelay.uidl, direct);
  assert.match(viaRelay.uidl[0]!, /^1 00000001[0-9a-f]{8}$/);
});

test('relay: TOP cuts header + n lines from bounded upstream fetches; RETR sets \\Seen upstream at QUIT', async (t) => {
  const fixture = await relay(t);
  const long = message('long', Array.from({ length: 3000 }, (_, i) => `${i % 10 === 0 ? '.' : ''}body line ${i + 1} ${'y'.repeat(i % 90)}`));
  const samples = [message('short', ['one', 'two', 'three']), long];
  await fixture.deliver(samples);
  const client = await login(fixture);
  for (const [msg, lines] of [[1, 0], [1, 2], [1, 50], [2, 1], [2, 2500], [2, 100000]] as const) {
    client.send(`TOP ${msg} ${lines}\r\n`);
    assert.equal(await client.line(), '+OK top of message follows');
    const body = await client.rawBody();
    assert.equal(body.toString(), encodeBody(Buffer.from(samples[msg - 1]!), { bodyLines: lines }).toString(), `TOP ${msg} ${lines}`);
  }
  client.send('RETR 2\r\n');
  assert.equal(await client.line(), `+OK ${Buffer.byteLength(long)} octets`);
  assert.ok((await client.rawBody()).equals(encodeBody(Buffer.from(long))));
  assert.deepEqual(await fixture.upstream.flags(), [[], []], 'no \\Seen before QUIT (TOP never sets it)');
  assert.equal(await client.command('QUIT'), '+OK Bye');
  assert.deepEqual(await fixture.upstream.flags(), [[], ['\\Seen']]);
});

test('relay: a message expunged upstream during the session keeps its number and answers -ERR; DELE at QUIT', async (t) => {
  const fixture = await relay(t);
  await fixture.deliver([message('a'), message('b'), message('c')]);
  const client = await login(fixture);
  await fixture.upstream.expungeBehindTheRelay(1);
  await client.script(`
    C: STAT
    S: /^\\+OK 3 \\d+$/
    C: RETR 2
    S: -ERR message was deleted by another client
    C: TOP 2 1
    S: -ERR message was deleted by another client
    C: DELE 2
    S: +OK message 2 deleted
    C: DELE 3
    S: +OK message 3 deleted
    C: QUIT
    S: /^\\+OK Bye/
  `);
  assert.deepEqual(await fixture.remaining(), [message('a')]);
});

test('relay: wrong password gives -ERR [AUTH]', async (t) => {
  const fixture = await relay(t);
  assert.equal(await poplibWrongPassword({ ...fixture.target, password: 'wrong' }), '-ERR [AUTH] authentication failed');
});

test('relay: upstream down gives -ERR [SYS/TEMP]', async (t) => {
  const closedPort = await freePort();
  const fixture = await relay(t, 'implicit', { 'pop3_relay.port': String(closedPort) });
  const client = await Pop3Client.open(fixture.target.port);
  await client.script(`
    S: /^\\+OK/
    C: USER ${fixture.target.user}
    S: +OK
    C: PASS ${fixture.target.password}
    S: /^-ERR \\[SYS\\/TEMP\\] the upstream server is not available \\(ECONNREFUSED/
  `);
});

/** A server that accepts connections and then says nothing (a hung upstream). */
async function silentServer(t: TestContext): Promise<number> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket.on('error', () => undefined)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return (server.address() as { port: number }).port;
}

test('relay: an upstream that never answers gives -ERR [SYS/TEMP] after pop3_relay.timeout_s, not a hang', async (t) => {
  const port = await silentServer(t);
  const fixture = await relay(t, 'starttls', { 'pop3_relay.port': String(port), 'pop3_relay.timeout_s': '1' });
  const client = await Pop3Client.open(fixture.target.port);
  const started = Date.now();
  await client.script(`
    S: /^\\+OK/
    C: USER ${fixture.target.user}
    S: +OK
    C: PASS ${fixture.target.password}
    S: /^-ERR \\[SYS\\/TEMP\\] the upstream server (did not answer|is not available)/
  `);
  assert.ok(Date.now() - started < 5000);
});

test('relay: an untrusted upstream certificate gives -ERR [SYS/TEMP]', async (t) => {
  const fixture = await relay(t, 'implicit', { 'pop3_relay.ca_file': '' });
  const client = await Pop3Client.open(fixture.target.port);
  await client.script(`
    S: /^\\+OK/
    C: USER ${fixture.target.user}
    S: +OK
    C: PASS ${fixture.target.password}
    S: /^-ERR \\[SYS\\/TEMP\\] the upstream server is not available \\(.*(certificate|self.signed)/
  `);
});

/** A TCP proxy to the upstream whose connections the test can cut. */
async function cuttableProxy(t: TestContext, port: number): Promise<{ port: number; cut(): void }> {
  const pairs: Socket[] = [];
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.pipe(upstream).pipe(client);
    pairs.push(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return { port: (server.address() as { port: number }).port, cut: () => pairs.splice(0).forEach((s) => s.destroy()) };
}

test('relay: the upstream connection breaking mid-session gives -ERR [SYS/TEMP] and QUIT reports it', async (t) => {
  const dovecot = await sharedDovecot();
  const proxy = await cuttableProxy(t, dovecot.imapsPort);
  const fixture = await relay(t, 'implicit', { 'pop3_relay.port': String(proxy.port) });
  await fixture.deliver([message('x'), message('y')]);
  const client = await login(fixture);
  assert.equal(await client.command('DELE 1'), '+OK message 1 deleted');
  proxy.cut();
  await new Promise((r) => setTimeout(r, 100));
  await client.script(`
    C: RETR 2
    S: /^-ERR \\[SYS\\/TEMP\\] /
    C: QUIT
    S: /^-ERR \\[SYS\\/TEMP\\] some deleted messages not removed/
    S: <closed>
  `);
  assert.equal((await fixture.remaining()).length, 2);
});
