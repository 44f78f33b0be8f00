/**
 * The POP3-to-IMAP relay in front of Mailkeep's own IMAP server (relay.test.ts runs the same
 * client checks against Dovecot): real POP3 clients through the relay, TOP and \Seen upstream,
 * an expunge behind the relay's back, UIDLs from the upstream's UIDVALIDITY and UIDs.
 */

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { encodeBody } from '../../src/pop3/protocol/body-encoder.js';
import { startTestServer } from '../helpers/server.js';
import { curlCheck, fetchmailDeleteCheck, fetchmailKeepCheck, mpopCheck, poplibCheck, type ClientFixture } from './client-checks.js';
import { Pop3Client } from './client.js';
import { poplibSession, poplibWrongPassword } from './real-clients.js';
import { message } from './setup.js';
import { mailkeepImapUpstream, type ImapUpstream, type UpstreamTls } from './upstreams.js';

interface Fixture extends ClientFixture {
  upstream: ImapUpstream;
}

async function relay(t: TestContext, tls: UpstreamTls): Promise<Fixture> {
  const upstream = await mailkeepImapUpstream(t, tls);
  const ts = await startTestServer(t, ['pop3_relay'], upstream.relaySettings);
  return {
    upstream,
    target: { host: '127.0.0.1', port: ts.port('pop3_relay'), user: upstream.user, password: upstream.password },
    deliver: (messages) => upstream.deliver(messages),
    remaining: () => upstream.remaining(),
  };
}

test('relay to Mailkeep IMAP: Python poplib over implicit TLS', async (t) => poplibCheck(await relay(t, 'implicit')));
test('relay to Mailkeep IMAP: fetchmail download and delete over STARTTLS', async (t) => fetchmailDeleteCheck(t, await relay(t, 'starttls')));
test('relay to Mailkeep IMAP: fetchmail keep + UIDL', async (t) => fetchmailKeepCheck(t, await relay(t, 'implicit')));
test('relay to Mailkeep IMAP: mpop', async (t) => mpopCheck(t, await relay(t, 'starttls')));
test('relay to Mailkeep IMAP: curl pop3://', async (t) => curlCheck(await relay(t, 'implicit')));

test('relay to Mailkeep IMAP: UIDLs, TOP, \\Seen at QUIT, an expunge behind the relay, a wrong password', async (t) => {
  const fixture = await relay(t, 'starttls');
  const long = message('long', Array.from({ length: 400 }, (_, i) => `${i % 10 === 0 ? '.' : ''}line ${i}`));
  await fixture.deliver([message('a'), long, message('c')]);
  const session = await poplibSession(fixture.target);
  assert.match(session.uidl[0]!, /^1 00000001[0-9a-f]{8}$/);
  assert.equal(session.uidl.length, 3);

  const client = await Pop3Client.open(fixture.target.port);
  await client.line();
  assert.equal(await client.command(`USER ${fixture.target.user}`), '+OK');
  assert.match(await client.command(`PASS ${fixture.target.password}`), /^\+OK/);
  client.send('TOP 2 5\r\n');
  assert.equal(await client.line(), '+OK top of message follows');
  assert.equal((await client.rawBody()).toString(), encodeBody(Buffer.from(long), { bodyLines: 5 }).toString());
  client.send('RETR 1\r\n');
  assert.match((await client.line()) ?? '', /^\+OK/);
  await client.rawBody();
  await fixture.upstream.expungeBehindTheRelay(2);
  assert.equal(await client.command('RETR 3'), '-ERR message was deleted by another client');
  assert.equal(await client.command('DELE 2'), '+OK message 2 deleted');
  assert.match(await client.command('QUIT'), /^\+OK Bye/);
  assert.deepEqual(await fixture.remaining(), [message('a')]);
  assert.deepEqual(await fixture.upstream.flags(), [['\\Seen']]);
  assert.equal(await poplibWrongPassword({ ...fixture.target, password: 'wrong' }), '-ERR [AUTH] authentication failed');
});
