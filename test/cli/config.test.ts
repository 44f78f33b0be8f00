import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, exampleConfig, loadConfig } from '../../src/config/config.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

test('config: defaults, file values, command-line overrides and relative paths', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'mailkeep.toml');
  writeFileSync(file, 'data_dir = "store"\n[listen]\nimap = 1143\npop3 = "off"\naddress = ["127.0.0.1", "::1"]\n[delivery]\ndomains = ["Example.org"]\naliases = { postmaster = "alice", team = ["alice", "bob"] }\n');
  const config = loadConfig({ file, overrides: [['listen.imaps', '0'], ['auth.allow_plaintext', 'true']] });
  assert.equal(config.dataDir, join(dir, 'store'), 'a relative path in a file is relative to the file');
  assert.equal(config.listen.ports.imap, 1143);
  assert.equal(config.listen.ports.pop3, null);
  assert.equal(config.listen.ports.imaps, 0);
  assert.equal(config.listen.ports.lmtp, 24, 'defaults stay where nothing is said');
  assert.deepEqual(config.listen.addresses, ['127.0.0.1', '::1']);
  assert.equal(config.auth.allowPlaintext, true);
  assert.deepEqual(config.delivery.domains, ['example.org']);
  assert.deepEqual(config.delivery.aliases, { postmaster: ['alice'], team: ['alice', 'bob'] });
  assert.equal(loadConfig({ overrides: [['data_dir', 'x']] }).dataDir, join(process.cwd(), 'x'));
});

test('config: mistakes name the file, the key and what is wrong', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'bad.toml');
  const cases: [string, RegExp][] = [
    ['[listen]\nimap = "abc"\n', /bad\.toml: key "listen\.imap": expected a port number \(0-65535\) or "off", got "abc"/],
    ['[listen]\nimapp = 143\n', /bad\.toml: unknown key "listen\.imapp" \(did you mean "listen\.imap"\?\)/],
    ['[pop3]\ndele = "burn"\n', /key "pop3\.dele": expected one of "expunge", "trash", got "burn"/],
    ['[limits]\nmax_connections = -1\n', /key "limits\.max_connections": expected a whole number from 1/],
    ['[auth\n', /bad\.toml: line 1, column \d+:/],
    ['data_dir = 5\n', /key "data_dir": expected a string, got 5/],
  ];
  for (const [text, pattern] of cases) {
    writeFileSync(file, text);
    assert.throws(() => loadConfig({ file }), (e: unknown) => e instanceof ConfigError && pattern.test(e.message), text);
  }
  assert.throws(() => loadConfig({ file: join(dir, 'missing.toml') }), /missing\.toml: cannot read the config file \(ENOENT\)/);
  assert.throws(() => loadConfig({ overrides: [['listen.smtp', 'twenty-five']] }), /command line: setting "listen\.smtp"/);
});

test('config: the example file documents every setting and loads as is', async (t) => {
  const example = exampleConfig();
  const dir = tempDir(t);
  const uncommented = example
    .split('\n')
    .map((line) => (/^# [a-z_]+ = /.test(line) ? line.slice(2) : line))
    .join('\n');
  writeFileSync(join(dir, 'all.toml'), uncommented);
  const config = loadConfig({ file: join(dir, 'all.toml') });
  assert.equal(config.listen.ports.imap, 143);
  const shipped = readFileSync(new URL('../../../docs/mailkeep.example.toml', import.meta.url), 'utf8');
  assert.equal(shipped.replace(/# hostname = .*/, ''), example.replace(/# hostname = .*/, ''), 'docs/mailkeep.example.toml is current (regenerate with `mailkeep config example`)');
  const r = await runCli(['config', 'check', '--config', join(dir, 'all.toml')]);
  assert.equal(r.code, 0, r.stderr);
  const bad = await runCli(['config', 'check', '-o', 'pop3.dele=burn']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /configuration error: command line: setting "pop3\.dele"/);
});
