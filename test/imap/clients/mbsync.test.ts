/**
 * One mbsync (isync) round trip over loopback plaintext: the server's folders to a local
 * Maildir (Create Both, Expunge Both), then changes on both sides (new messages, flags, a new
 * folder, a message trashed locally) synchronised back and forth. Skips without mbsync.
 */

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../helpers/temp.js';
import { message, startImapServer, type ImapTestServer } from '../setup.js';
import type { Account } from '../../../src/store/types.js';

function mbsync(rc: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('mbsync', ['-c', rc, '-a']);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** Maildir file names of a local folder with their flags (the part after ":2,"). */
function local(root: string, folder: string): { name: string; flags: string }[] {
  const out: { name: string; flags: string }[] = [];
  for (const sub of ['cur', 'new']) {
    const dir = join(root, folder, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) out.push({ name: join(sub, name), flags: /:2,([A-Z]*)$/.exec(name)?.[1] ?? '' });
  }
  return out;
}

/** Subjects and flags on the server, by mailbox. */
async function remote(ts: ImapTestServer, account: Account, name: string): Promise<string[]> {
  const store = ts.server.context.services.store;
  const mailbox = await store.findMailbox(account.id, name);
  if (!mailbox) return [];
  const { uids } = await store.listEntries(mailbox.id);
  const out: string[] = [];
  for (const entry of await store.getEntries(mailbox.id, [...uids])) {
    const bytes = await (await store.openBlob(entry.blobHash)).read(0, entry.size);
    const subject = /^Subject: (.*)$/m.exec(bytes.toString())?.[1]?.trim() ?? '?';
    out.push(`${subject} ${entry.flags}${entry.keywords.length ? ' ' + entry.keywords.join(',') : ''}`);
  }
  return out.sort();
}

test('mbsync: folders to a local Maildir and back, with flags, new folders and expunges', async (t) => {
  if (spawnSync('mbsync', ['--version']).status !== 0) return t.skip('mbsync (isync) is not installed');
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('read one')], { flags: ['\\Seen'] });
  await ts.deliver(alice, [message('flagged one')], { flags: ['\\Flagged'] });
  await ts.deliver(alice, [message('new one')]);
  await ts.deliver(alice, [message('archived')], { mailbox: 'Archive', flags: ['\\Seen'] });
  const services = ts.server.context.services;
  await services.store.createMailbox(alice.id, 'Work/Projects', null);
  await ts.deliver(alice, [message('project plan')], { mailbox: 'Work/Projects' });

  const dir = tempDir(t);
  const maildir = join(dir, 'mail');
  mkdirSync(maildir);
  const rc = join(dir, 'mbsyncrc');
  writeFileSync(
    rc,
    [
      'IMAPAccount mk',
      'Host 127.0.0.1',
      `Port ${ts.port('imap')}`,
      'User alice',
      'Pass secret',
      'SSLType None',
      'AuthMechs LOGIN',
      '',
      'IMAPStore mk-remote',
      'Account mk',
      '',
      'MaildirStore mk-local',
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      'SubFolders Verbatim',
      '',
      'Channel mk',
      'Far :mk-remote:',
      'Near :mk-local:',
      'Patterns *',
      'Create Both',
      'Expunge Both',
      `SyncState *`,
      '',
    ].join('\n'),
  );

  // 1. Server to local.
  let run = await mbsync(rc);
  assert.equal(run.status, 0, run.output);
  const inbox = local(maildir, 'INBOX');
  assert.equal(inbox.length, 3);
  assert.deepEqual(inbox.map((m) => m.flags).sort(), ['', 'F', 'S']);
  assert.equal(local(maildir, 'Archive').length, 1);
  assert.equal(local(maildir, 'Work/Projects').length, 1);
  for (const folder of ['Drafts', 'Sent', 'Trash', 'Junk']) assert.ok(existsSync(join(maildir, folder, 'cur')), folder);

  // 2. Changes on both sides.
  const unread = inbox.find((m) => m.flags === '')!;
  renameSync(join(maildir, 'INBOX', unread.name), join(maildir, 'INBOX', 'cur', unread.name.replace(/^new\//, '').replace(/:2,$/, ':2,RS')));
  const read = inbox.find((m) => m.flags === 'S')!;
  renameSync(join(maildir, 'INBOX', read.name), join(maildir, 'INBOX', read.name.replace(/:2,S$/, ':2,ST')));
  writeFileSync(join(maildir, 'Work/Projects/new', '1000000000.1_1.local'), message('written locally').replace(/\r\n/g, '\n'));
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, 'Local', sub), { recursive: true });
  writeFileSync(join(maildir, 'Local/cur', '1000000000.2_1.local:2,S'), message('local folder').replace(/\r\n/g, '\n'));
  await ts.deliver(alice, [message('arrived on the server')]);
  const flaggedUid = 2;
  await services.store.storeFlags((await ts.mailbox(alice)).id, [flaggedUid], { mode: 'add', flags: 2, keywords: [] });

  run = await mbsync(rc);
  assert.equal(run.status, 0, run.output);
  assert.deepEqual(await remote(ts, alice, 'INBOX'), ['arrived on the server 0', 'flagged one 6', 'new one 3']);
  assert.deepEqual(await remote(ts, alice, 'Work/Projects'), ['project plan 0', 'written locally 0']);
  assert.deepEqual(await remote(ts, alice, 'Local'), ['local folder 1']);
  const after = local(maildir, 'INBOX');
  assert.deepEqual(after.map((m) => m.flags).sort(), ['', 'FR', 'RS']);

  // 3. Nothing left to do: a third run changes nothing.
  run = await mbsync(rc);
  assert.equal(run.status, 0, run.output);
  assert.deepEqual(local(maildir, 'INBOX').map((m) => m.flags).sort(), ['', 'FR', 'RS']);
  assert.equal((await remote(ts, alice, 'INBOX')).length, 3);
});
