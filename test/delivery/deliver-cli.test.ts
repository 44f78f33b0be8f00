import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMailbox } from '../../src/services/mailboxes.js';
import { runCli } from '../helpers/cli.js';
import { startTestServer } from '../helpers/server.js';
import { splitTrace, storedMessages } from '../helpers/store.js';

test('mailkeep deliver: saves with CRLF line ends and trace headers; sysexits for the MTA; the running server hears of it', async (t) => {
  const ts = await startTestServer(t, ['lmtp']);
  const alice = await ts.addAccount('alice');
  const { services } = ts.server.context;
  await createMailbox(services, alice, 'Lists');
  const inbox = (await services.store.findMailbox(alice.id, 'INBOX'))!;
  const pokes: number[] = [];
  services.bus.onMailbox(inbox.id, (event) => {
    if (event.type === 'changed') pokes.push(event.modseq);
  });
  const data = ['--data', ts.dataDir];

  const ok = await runCli(['deliver', '-a', 'alice', '-f', 'bob@example.com', ...data], { input: 'Subject: piped\n\nline 1\nline 2\r\nline 3\n' });
  assert.equal(ok.code, 0, ok.stderr);
  const [stored] = await storedMessages(services.store, 'alice');
  const { trace, original } = splitTrace(stored!);
  assert.equal(original.toString(), 'Subject: piped\r\n\r\nline 1\r\nline 2\r\nline 3\r\n');
  assert.match(trace, /^Return-Path: <bob@example\.com>\r\nReceived: by \S+ \(Mailkeep\) with local id [0-9a-f]+\r\n\tfor <alice>;/);
  // The server process did not deliver this: it notices the other process's commit and pokes.
  for (let i = 0; i < 40 && pokes.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(pokes.length > 0, 'the server poked INBOX listeners after an external delivery');

  const folder = await runCli(['deliver', '-a', 'alice', '-m', 'Lists', ...data], { input: 'Subject: to a folder\n\nx\n' });
  assert.equal(folder.code, 0, folder.stderr);
  assert.match(folder.stdout, /saved to Lists as UID 1/);
  const missingFolder = await runCli(['deliver', '-a', 'alice', '-m', 'Nope', ...data], { input: 'Subject: fallback\n\nx\n' });
  assert.equal(missingFolder.code, 0);
  assert.match(missingFolder.stdout, /saved to INBOX/);
  const created = await runCli(['deliver', '-a', 'alice', '-m', 'New/Sub', '--autocreate', ...data], { input: 'Subject: created\n\nx\n' });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /saved to New\/Sub/);
  const cannot = await runCli(['deliver', '-a', 'alice', '-m', 'bad//name', '--autocreate', ...data], { input: 'Subject: x\n\nx\n' });
  assert.equal(cannot.code, 73, 'EX_CANTCREAT');

  const unknown = await runCli(['deliver', '-a', 'nobody', ...data], { input: 'Subject: x\n\nx\n' });
  assert.equal(unknown.code, 67, 'EX_NOUSER');
  assert.match(unknown.stderr, /no account named nobody/);
  const usage = await runCli(['deliver', ...data], { input: '' });
  assert.equal(usage.code, 64, 'EX_USAGE');

  await services.store.updateAccount(alice.id, { quota: { maxBytes: null, maxMessages: 1 } });
  const full = await runCli(['deliver', '-a', 'alice', ...data], { input: 'Subject: too many\n\nx\n' });
  assert.equal(full.code, 75, 'EX_TEMPFAIL: the MTA keeps the message and retries');
  assert.match(full.stderr, /mailbox is full/);
  assert.equal((await storedMessages(services.store, 'alice')).length, 2);
});
