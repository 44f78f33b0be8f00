import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authenticate } from '../../src/services/accounts.js';
import { createServices } from '../../src/services/create.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

test('mailkeep user add/list/passwd/quota/del, with the password from stdin', async (t) => {
  const data = tempDir(t);
  const add = await runCli(['user', 'add', 'alice@example.org', '--password-stdin', '--data', data], { input: 'first password\n' });
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /added alice@example\.org/);

  const again = await runCli(['user', 'add', 'ALICE@example.org', '--password-stdin', '--data', data], { input: 'x\n' });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);

  const noStdinFlag = await runCli(['user', 'add', 'bob', '--data', data]);
  assert.equal(noStdinFlag.code, 2);
  assert.match(noStdinFlag.stderr, /--password-stdin/);

  const bob = await runCli(['user', 'add', 'bob', '--password-stdin', '--quota-bytes', '1000000', '--data', data], { input: 'bob pass' });
  assert.equal(bob.code, 0, bob.stderr);

  const list = await runCli(['user', 'list', '--json', '--data', data]);
  assert.equal(list.code, 0);
  const rows = JSON.parse(list.stdout) as { name: string; quotaBytes: number | null }[];
  assert.deepEqual(rows.map((r) => [r.name, r.quotaBytes]), [['alice@example.org', null], ['bob', 1000000]]);

  const passwd = await runCli(['user', 'passwd', 'alice@example.org', '--password-stdin', '--data', data], { input: 'second password\r\n' });
  assert.equal(passwd.code, 0, passwd.stderr);
  const store = new SqliteStore({ dataDir: data });
  const services = createServices(store);
  assert.equal(await authenticate(services, 'alice@example.org', 'first password'), null);
  assert.ok(await authenticate(services, 'alice@example.org', 'second password'));
  const hash = (await store.findAccount('alice@example.org'))!.passwordHash;
  assert.match(hash, /^\$scrypt\$/, 'the password is stored hashed');
  assert.ok(!hash.includes('second password'));
  await store.close();

  const quota = await runCli(['user', 'quota', 'bob', '--quota-messages', '50', '--data', data]);
  assert.equal(quota.code, 0, quota.stderr);
  const listed = JSON.parse((await runCli(['user', 'list', '--json', '--data', data])).stdout) as { name: string; quotaMessages: number | null; quotaBytes: number | null }[];
  assert.deepEqual(listed.find((r) => r.name === 'bob'), { name: 'bob', messages: 0, bytes: 0, quotaBytes: 1000000, quotaMessages: 50 });

  const del = await runCli(['user', 'del', 'bob', '--data', data]);
  assert.equal(del.code, 0, del.stderr);
  const gone = await runCli(['user', 'del', 'bob', '--data', data]);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /no account named bob/);

  const badName = await runCli(['user', 'add', 'no spaces', '--password-stdin', '--data', data], { input: 'pw' });
  assert.equal(badName.code, 1);
  assert.match(badName.stderr, /not allowed/);
  const emptyPassword = await runCli(['user', 'add', 'carol', '--password-stdin', '--data', data], { input: '\n' });
  assert.equal(emptyPassword.code, 2);
  assert.match(emptyPassword.stderr, /no password/);
});

test('every command answers --help, and unknown commands or options are usage errors', async () => {
  for (const command of ['serve', 'user', 'check', 'config', 'import', 'export', 'deliver']) {
    const r = await runCli([command, '--help']);
    assert.equal(r.code, 0, `${command} --help: ${r.stderr}`);
    assert.match(r.stdout, /Usage:\s+mailkeep/);
    assert.match(r.stdout, /--config FILE/);
  }
  const top = await runCli(['--help']);
  assert.equal(top.code, 0);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const badOption = await runCli(['check', '--no-such-option']);
  assert.equal(badOption.code, 2);
  assert.match(badOption.stderr, /Unknown option '--no-such-option'/);
});
