/**
 * Real clients over real sockets against Mailkeep's POP3: Python poplib, fetchmail, mpop, curl
 * (the checks are in client-checks.ts; relay.test.ts runs them through the relay).
 */

import { test, type TestContext } from 'node:test';
import { curlCheck, fetchmailDeleteCheck, fetchmailKeepCheck, mpopCheck, poplibCheck, type ClientFixture } from './client-checks.js';
import { startPop3Server } from './setup.js';

async function mailkeepFixture(t: TestContext): Promise<ClientFixture> {
  const ts = await startPop3Server(t);
  const alice = await ts.addAccount('alice', 'secret');
  const { store } = ts.server.context.services;
  return {
    target: { host: '127.0.0.1', port: ts.port('pop3'), user: 'alice', password: 'secret' },
    deliver: async (messages) => void (await ts.deliver(alice, messages)),
    async remaining() {
      const inbox = await ts.inbox(alice);
      const { uids } = await store.listEntries(inbox.id);
      const out: string[] = [];
      for (const entry of await store.getEntries(inbox.id, [...uids])) {
        const reader = await store.openBlob(entry.blobHash);
        out.push((await reader.read(0, reader.size)).toString('utf8'));
      }
      return out;
    },
  };
}

test('Python poplib', async (t) => poplibCheck(await mailkeepFixture(t)));
test('fetchmail: download and delete', async (t) => fetchmailDeleteCheck(t, await mailkeepFixture(t)));
test('fetchmail: keep on the server, UIDL makes the next run fetch only new mail', async (t) => fetchmailKeepCheck(t, await mailkeepFixture(t)));
test('mpop', async (t) => mpopCheck(t, await mailkeepFixture(t)));
test('curl pop3://', async (t) => curlCheck(await mailkeepFixture(t)));
