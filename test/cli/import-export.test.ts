import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportMaildirTree } from '../../src/formats/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const CRLF = '\r\n';
function msg(subject: string, body: string): Buffer {
  return Buffer.from(`From: a@example.org${CRLF}To: b@example.org${CRLF}Subject: ${subject}${CRLF}Date: Mon, 2 Mar 2026 10:00:00 +0000${CRLF}${CRLF}${body}`);
}

/** Everything an account holds, per folder: bytes, flags, keywords, date (seconds). */
async function snapshot(dataDir: string, user: string): Promise<Record<string, string[]>> {
  const store = new SqliteStore({ dataDir });
  try {
    const account = (await store.findAccount(user))!;
    const out: Record<string, string[]> = {};
    for (const mailbox of await store.listMailboxes(account.id)) {
      if (!mailbox.selectable) continue;
      const { uids } = await store.listEntries(mailbox.id);
      const entries = await store.getEntries(mailbox.id, [...uids]);
      out[mailbox.name] = [];
      for (const e of entries) {
        const reader = await store.openBlob(e.blobHash);
        const bytes = await reader.read(0, reader.size);
        out[mailbox.name]!.push(`${e.flags}|${e.keywords.join(',')}|${Math.floor(e.internalDate.getTime() / 1000)}|${bytes.toString('base64')}`);
      }
    }
    return out;
  } finally {
    await store.close();
  }
}

async function addUser(data: string, name: string) {
  const r = await runCli(['user', 'add', name, '--password-stdin', '--data', data], { input: 'pw' });
  assert.equal(r.code, 0, r.stderr);
}

test('import, export, import keeps bytes, flags, keywords, dates and folders (Maildir and mbox)', async (t) => {
  const dir = tempDir(t);
  const data = join(dir, 'data');
  const source = join(dir, 'source');
  const date = (s: string) => new Date(s);
  await exportMaildirTree(source, [
    {
      folder: 'INBOX',
      messages: [
        { bytes: msg('plain', `Hello${CRLF}`), flags: ['\\Seen'], keywords: [], internalDate: date('2026-03-02T10:00:05Z') },
        { bytes: msg('from lines', `From here${CRLF}>From there${CRLF}>>From afar${CRLF}`), flags: ['\\Answered', '\\Flagged'], keywords: ['$Forwarded', 'Work'], internalDate: date('2025-12-31T23:59:59Z') },
        { bytes: Buffer.concat([msg('8bit', 'Gr\u00fc\u00dfe '), Buffer.from([0xe9, 0xff, 13, 10])]), flags: ['\\Draft', '\\Deleted'], keywords: [], internalDate: date('2024-01-01T00:00:00Z') },
        { bytes: msg('no final newline', 'last line without newline'), flags: [], keywords: ['Later'], internalDate: date('2026-01-15T08:30:00Z') },
      ],
    },
    { folder: 'Work/Projects', messages: [{ bytes: msg('project', `Plan${CRLF}`), flags: ['\\Seen'], keywords: ['Work'], internalDate: date('2026-02-01T12:00:00Z') }] },
    { folder: 'Caf\u00e9', messages: [{ bytes: msg('accent', `Caf\u00e9${CRLF}`), flags: [], keywords: [], internalDate: date('2026-02-02T12:00:00Z') }] },
    { folder: 'Empty', messages: [] },
  ]);
  for (const user of ['a', 'b', 'c']) await addUser(data, user);

  const first = await runCli(['import', 'maildir', source, '--user', 'a', '--data', data]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /6 messages/);
  const a = await snapshot(data, 'a');
  assert.equal(a['INBOX']!.length, 4);
  assert.equal(a['Work/Projects']!.length, 1);
  assert.equal(a['Caf\u00e9']!.length, 1);
  assert.deepEqual(a['Empty'], []);

  const viaMaildir = join(dir, 'export-maildir');
  const e1 = await runCli(['export', 'maildir', viaMaildir, '--user', 'a', '--data', data]);
  assert.equal(e1.code, 0, e1.stderr);
  assert.match(e1.stderr, /6 messages/);
  assert.equal((await runCli(['import', 'maildir', viaMaildir, '--user', 'b', '--data', data])).code, 0);
  assert.deepEqual(await snapshot(data, 'b'), a, 'Maildir round trip');

  const viaMbox = join(dir, 'export-mbox');
  const e2 = await runCli(['export', 'mbox', viaMbox, '--user', 'a', '--data', data]);
  assert.equal(e2.code, 0, e2.stderr);
  assert.equal((await runCli(['import', 'mbox', viaMbox, '--user', 'c', '--data', data])).code, 0);
  assert.deepEqual(await snapshot(data, 'c'), a, 'mbox tree round trip');

  // One folder to one mbox file and back under the same name.
  const one = join(dir, 'projects.mbox');
  assert.equal((await runCli(['export', 'mbox', one, '--user', 'a', '--folder', 'Work/Projects', '--data', data])).code, 0);
  await addUser(data, 'd');
  assert.equal((await runCli(['import', 'mbox', one, '--user', 'd', '--folder', 'Work/Projects', '--data', data])).code, 0);
  assert.deepEqual((await snapshot(data, 'd'))['Work/Projects'], a['Work/Projects']);

  const check = await runCli(['check', '--verify-hashes', '--data', data]);
  assert.equal(check.code, 0, check.stdout);
});

test('import of broken mbox and Maildir files: good messages in, each bad one reported with its position', async (t) => {
  const dir = tempDir(t);
  const data = join(dir, 'data');
  await addUser(data, 'alice');
  const mbox = join(dir, 'broken.mbox');
  writeFileSync(
    mbox,
    [
      'From a@example.org Mon Jan  8 09:15:02 2024',
      'Subject: good one',
      '',
      'body 1',
      '',
      'From b@example.org Mon Jan  8 09:15:03 2024',
      '\u0001\u0002binary junk that is no header',
      'more junk',
      '',
      'From c@example.org Mon Jan  8 09:15:04 2024',
      '',
      'From d@example.org Mon Jan  8 09:15:05 2024',
      'Subject: good two',
      '',
      'body 2',
      '',
    ].join('\n'),
  );
  const r = await runCli(['import', 'mbox', mbox, '--user', 'alice', '--data', data]);
  assert.equal(r.code, 1, 'problems make the exit status 1');
  const skipped = r.stderr.split('\n').filter((l) => l.startsWith('skipped: '));
  assert.equal(skipped.length, 2, r.stderr);
  assert.match(skipped[0]!, /broken\.mbox: message 2 at line 6 \(byte \d+\)/);
  assert.match(skipped[1]!, /broken\.mbox: message 3 at line 10/);
  assert.match(r.stderr, /2 messages .* 2 skipped/);

  const maildir = join(dir, 'maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  writeFileSync(join(maildir, 'cur', '1700000000.1.host:2,S'), 'Subject: fine\n\nok\n');
  writeFileSync(join(maildir, 'cur', '1700000001.2.host:2,'), '');
  writeFileSync(join(maildir, 'new', '1700000002.3.host'), 'Subject: also fine\n\nok\n');
  writeFileSync(join(maildir, 'new', '1700000003.4.host'), Buffer.from([0, 1, 2, 3, 255, 254]));
  const m = await runCli(['import', 'maildir', maildir, '--user', 'alice', '--folder', 'Imported', '--data', data]);
  assert.equal(m.code, 1);
  const bad = m.stderr.split('\n').filter((l) => l.startsWith('skipped: '));
  assert.equal(bad.length, 2, m.stderr);
  assert.ok(bad.some((l) => l.includes('1700000001.2.host:2,')));
  assert.ok(bad.some((l) => l.includes('1700000003.4.host')));
  const store = new SqliteStore({ dataDir: data });
  const account = (await store.findAccount('alice'))!;
  assert.equal((await store.findMailbox(account.id, 'INBOX'))!.messages, 2);
  assert.equal((await store.findMailbox(account.id, 'Imported'))!.messages, 2);
  await store.close();
});
