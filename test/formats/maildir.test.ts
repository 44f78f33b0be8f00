import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readMaildir, readMaildirSubscriptions } from '../../src/formats/maildir-reader.js';
import { exportMaildirTree, MaildirWriter } from '../../src/formats/maildir-writer.js';
import type { ReadProgress } from '../../src/formats/types.js';
import { assertSameMessage, awkwardMessages, collect, fixture, foldersOf, messagesOf, problemsOf, tempDir, type Sample } from './helpers.js';

test('maildir: write then read gives back every folder, message, flag, keyword and date', async (t) => {
  const root = join(await tempDir(t), 'Maildir');
  const samples = awkwardMessages();
  const layout: Array<[string, Sample[]]> = [
    ['INBOX', samples.slice(0, 5)],
    ['Work/Projects', samples.slice(5, 8)],
    ['Été/Plage ☀', samples.slice(8, 9)],
    ['node.js & co\\', samples.slice(9)],
    ['Empty', []],
  ];
  const subscriptions = ['INBOX', 'Work/Projects', 'Été/Plage ☀', 'node.js & co\\'];
  const result = await exportMaildirTree(root, layout.map(([folder, messages]) => ({ folder, messages })), { subscriptions, hostname: 'host:1/x' });
  assert.deepEqual(result.map((r) => [r.folder, r.messages, r.droppedKeywords.size]), layout.map(([f, m]) => [f, m.length, 0]));

  const dirs = (await readdir(root)).filter((n) => n.startsWith('.')).sort();
  assert.deepEqual(dirs, ['.&AMk-t&AOk-.Plage &JgA-', '.Empty', '.Work.Projects', '.node\\2ejs &- co\\5c']);
  for (const dir of dirs) {
    assert.deepEqual((await readdir(join(root, dir))).filter((n) => n !== 'dovecot-keywords').sort(), ['cur', 'maildirfolder', 'new', 'tmp']);
  }
  const inboxFiles = await readdir(join(root, 'cur'));
  for (const name of inboxFiles) {
    assert.match(name, /^\d+\.M\d+P\d+Q\d+\.host\\072(1)\\057x,S=\d+,W=\d+:2,[A-Za-z]*$/);
    const data = await readFile(join(root, 'cur', name));
    const [, size, vsize] = /,S=(\d+),W=(\d+):/.exec(name)!;
    assert.equal(Number(size), data.length);
    assert.equal(Number(vsize), data.length + data.toString('latin1').split('\n').length - 1);
    assert.ok(!data.includes('\r\n'), 'LF line ends on disk');
  }
  assert.deepEqual(await readdir(join(root, 'tmp')), [], 'nothing left in tmp/');
  assert.equal(await readFile(join(root, 'dovecot-keywords'), 'utf8'), '0 Work\n1 $Junk\n', '$Forwarded is the P flag');

  const items = await collect(readMaildir(root));
  assert.deepEqual(problemsOf(items), []);
  assert.deepEqual(foldersOf(items), ['INBOX', 'Empty', 'Work/Projects', 'node.js & co\\', 'Été/Plage ☀']);
  const messages = messagesOf(items);
  for (const [folder, expected] of layout) {
    const got = messages.filter((m) => m.folder === folder);
    assert.equal(got.length, expected.length, folder);
    expected.forEach((sample, i) => assertSameMessage(got[i]!, sample, `maildir ${folder}`));
  }
  assert.deepEqual(await readMaildirSubscriptions(root), subscriptions);
});

test('maildir: more than 26 keywords in a folder: the rest are reported as dropped', async (t) => {
  const root = await tempDir(t);
  const writer = await MaildirWriter.create(root);
  const keywords = Array.from({ length: 30 }, (_, i) => `k${i}`);
  const result = await writer.write('INBOX', { bytes: Buffer.from('Subject: x\r\n\r\n'), flags: [], keywords, internalDate: null });
  assert.deepEqual(result.droppedKeywords, ['k26', 'k27', 'k28', 'k29']);
  assert.match(basename(result.path), /:2,abcdefghijklmnopqrstuvwxyz$/);
  const [message] = messagesOf(await collect(readMaildir(root)));
  assert.deepEqual(message!.keywords, keywords.slice(0, 26));
});

test('maildir: adding to an existing Maildir keeps its keyword letters', async (t) => {
  const root = await tempDir(t);
  await cp(fixture('dovecot-maildir'), root, { recursive: true });
  const writer = await MaildirWriter.create(root);
  const { path } = await writer.write('INBOX', { bytes: Buffer.from('Subject: x\r\n\r\n'), flags: [], keywords: ['Work', 'New'], internalDate: null });
  assert.match(basename(path), /:2,bd$/);
  assert.equal(await readFile(join(root, 'dovecot-keywords'), 'utf8'), '0 $Junk\n1 Work\n2 $NotJunk\n3 New\n');
});

test('maildir: a Dovecot Maildir++ (dovecot-keywords, mUTF-7 names, new/ and cur/)', async (t) => {
  const root = join(await tempDir(t), 'Maildir');
  await cp(fixture('dovecot-maildir'), root, { recursive: true });
  // git does not keep mtimes: give each file the time Dovecot would have set.
  for (const dir of ['cur', 'new', '.&AMk-t&AOk-/cur', '.Archive.2023/cur', '.Lists.node\\2ejs/new']) {
    for (const name of await readdir(join(root, dir)).catch(() => [])) {
      const when = new Date((Number(name.split('.')[0]) + 60) * 1000);
      await utimes(join(root, dir, name), when, when);
    }
  }
  const seen: ReadProgress[] = [];
  const items = await collect(readMaildir(root, { progress: (p) => seen.push(p) }));
  assert.deepEqual(problemsOf(items), []);
  assert.deepEqual(foldersOf(items), ['INBOX', 'Archive/2023', 'Lists/node.js', 'Été']);
  const summary = messagesOf(items).map((m) => [m.folder, m.bytes.toString().match(/Subject: (.*)\r\n/)![1], m.flags, m.keywords, m.internalDate!.toISOString()]);
  assert.deepEqual(summary, [
    ['INBOX', 'first: seen', ['\\Seen'], [], '2023-11-14T22:14:20.000Z'],
    ['INBOX', 'second: replied, flagged, seen, Work', ['\\Seen', '\\Answered', '\\Flagged'], ['Work'], '2023-11-14T22:16:00.000Z'],
    ['INBOX', 'third: new, no flags', [], [], '2023-11-14T22:17:40.000Z'],
    ['INBOX', 'fourth: forwarded, junk, draft, deleted', ['\\Deleted', '\\Draft'], ['$Forwarded', '$Junk'], '2023-11-14T22:19:20.000Z'],
    ['Archive/2023', 'archived', ['\\Seen'], [], '2023-01-01T00:01:00.000Z'],
    ['Lists/node.js', 'list mail', [], [], '2023-11-14T22:22:40.000Z'],
    ['Été', '=?UTF-8?Q?=C3=89t=C3=A9?=', ['\\Seen'], ['Vacances'], '2023-07-22T04:27:40.000Z'],
  ]);
  const first = messagesOf(items)[0]!;
  assert.equal(first.position, join(root, 'cur', '1700000000.M100P1000Q9.mail.example.org,S=136,W=143:2,S'));
  assert.ok(first.bytes.toString().endsWith('\r\n\r\nBody 1\r\n'));
  assert.deepEqual(await readMaildirSubscriptions(root), ['INBOX', 'Archive/2023', 'Été']);
  const last = seen[seen.length - 1]!;
  assert.equal(last.bytesRead, last.totalBytes);
  assert.equal(last.bytesRead, 136 + 161 + 145 + 164 + 191 + 131 + 172);
});

test('maildir: broken files are reported by path, and every good message is read', async (t) => {
  const root = await tempDir(t);
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(root, sub));
  const cur = (name: string): string => join(root, 'cur', name);
  await writeFile(cur('1000.good1:2,S'), 'Subject: good 1\n\nok\n');
  await writeFile(cur('1001.empty:2,'), '');
  await writeFile(cur('1002.junk:2,S'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
  await writeFile(cur('1003.big:2,'), `Subject: big\n\n${'x'.repeat(5000)}\n`);
  await mkdir(cur('1004.directory:2,'));
  await symlink(join(root, 'nowhere'), cur('1005.dangling:2,'));
  await writeFile(cur('1006.good2:2,F'), 'Subject: good 2\n\nok\n');
  await writeFile(cur('.1007.hidden'), 'Subject: hidden temp file\n\n');
  await writeFile(join(root, 'tmp', '1008.partial'), 'Subject: half-written\n');
  await mkdir(join(root, '.NotAMaildir'));
  await mkdir(join(root, '.bad..name', 'cur'), { recursive: true });

  const items = await collect(readMaildir(root, { maxMessageBytes: 1000 }));
  assert.deepEqual(messagesOf(items).map((m) => [m.bytes.toString(), m.flags]), [
    ['Subject: good 1\r\n\r\nok\r\n', ['\\Seen']],
    ['Subject: good 2\r\n\r\nok\r\n', ['\\Flagged']],
  ]);
  assert.deepEqual(
    problemsOf(items).map((p) => [p.position, p.reason]),
    [
      [join(root, '.NotAMaildir'), 'skipped: no cur/ or new/ directory'],
      [join(root, '.bad..name'), 'skipped: not a Maildir++ folder name'],
      [cur('1001.empty:2,'), 'empty file'],
      [cur('1002.junk:2,S'), 'not a message: does not start with a header field (first line: "?PNG")'],
      [cur('1003.big:2,'), 'message is 5015 bytes, over the limit of 1000 bytes'],
      [cur('1004.directory:2,'), 'not a regular file'],
      [cur('1005.dangling:2,'), 'cannot open: ENOENT'],
    ],
  );
});

test('maildir: a message file gets its INTERNALDATE as mtime', async (t) => {
  const root = await tempDir(t);
  const writer = await MaildirWriter.create(root, { durable: true });
  const date = new Date('2001-09-09T01:46:40Z');
  const { path } = await writer.write('INBOX', { bytes: Buffer.from('Subject: x\r\n\r\ny'), flags: ['\\Seen'], keywords: [], internalDate: date });
  await writer.close();
  assert.equal((await stat(path)).mtime.getTime(), date.getTime());
  assert.equal(await readFile(path, 'latin1'), 'Subject: x\n\ny');
});
