import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { LineClient } from '../helpers/line-client.js';
import { startServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

test('mailkeep serve: one ready line per listener, "off" disables one, SIGTERM ends sessions politely', async (t) => {
  const data = tempDir(t);
  const server = await startServerProcess(
    ['--data', data, '--listen', '127.0.0.1', '--imap-port', '0', '--imaps-port', '0', '--lmtp-port', '0', '--smtp-port', 'off', '--pop3-port', 'off', '--pop3s-port', 'off'],
    ['imap', 'imaps', 'lmtp'],
  );
  t.after(() => server.child.kill('SIGKILL'));
  const lines = server.output().split('\n').filter((l) => / listening on /.test(l));
  assert.deepEqual(lines.map((l) => l.split(' ')[0]).sort(), ['imap', 'imaps', 'lmtp']);
  for (const line of lines) assert.match(line, /^\w+ listening on 127\.0\.0\.1:\d+$/);
  const imap = await LineClient.open(server.listening.get('imap')!);
  assert.match((await imap.line())!, /^\* OK \[CAPABILITY .*IMAP4rev1/);
  const lmtp = await LineClient.open(server.listening.get('lmtp')!);
  assert.match((await lmtp.line())!, /^220 /);
  server.child.kill('SIGTERM');
  assert.match((await imap.line())!, /^\* BYE /);
  assert.match((await lmtp.line())!, /^421 /);
  const exit = await server.exited;
  assert.equal(exit.code, 0);
  assert.match(server.output(), /"event":"shutdown"/);
});

test('mailkeep serve: a port that is taken is a clear error, not a crash', async (t) => {
  const data = tempDir(t);
  const first = await startServerProcess(['--data', data, '--listen', '127.0.0.1', '--imap-port', '0', '--imaps-port', 'off', '--lmtp-port', 'off', '--smtp-port', 'off', '--pop3-port', 'off', '--pop3s-port', 'off'], ['imap']);
  t.after(() => first.child.kill('SIGKILL'));
  const port = String(first.listening.get('imap'));
  const second = await runCli(['serve', '--data', tempDir(t), '--listen', '127.0.0.1', '--imap-port', port, '--imaps-port', 'off', '--lmtp-port', 'off', '--smtp-port', 'off', '--pop3-port', 'off', '--pop3s-port', 'off']);
  assert.equal(second.code, 1);
  assert.match(second.stderr, new RegExp(`cannot listen for imap on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
});
