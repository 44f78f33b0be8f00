import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { exportMboxTree, readMboxTree } from '../../src/formats/mbox-tree.js';
import { escapeLevel, mboxPathForFolder, unescapeLevel } from '../../src/formats/mbox-tree-names.js';
import { FolderNameError } from '../../src/formats/folder-name.js';
import type { ExportFolder, ReadProgress } from '../../src/formats/types.js';
import { assertSameMessage, awkwardMessages, collect, fixture, foldersOf, messagesOf, problemsOf, tempDir, type Sample } from './helpers.js';

async function listTree(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTree(root, path)));
    else out.push(relative(root, path));
  }
  return out.sort();
}

test('mbox tree: folders map to Thunderbird paths, unsafe names escaped', () => {
  assert.equal(mboxPathForFolder('/r', 'INBOX'), '/r/INBOX');
  assert.equal(mboxPathForFolder('/r', 'inbox/Sub'), '/r/INBOX.sbd/Sub');
  assert.equal(mboxPathForFolder('/r', 'Work/Projects/2024'), '/r/Work.sbd/Projects.sbd/2024');
  assert.equal(mboxPathForFolder('/r', '../etc/passwd'), '/r/%2E..sbd/etc.sbd/passwd');
  for (const [level, escaped] of [
    ['..', '%2E.'],
    ['.hidden', '%2Ehidden'],
    ['notes.msf', 'notes%2Emsf'],
    ['x.SBD', 'x%2ESBD'],
    ['100%', '100%25'],
    ['Été ☀', 'Été ☀'],
  ]) {
    assert.equal(escapeLevel(level!), escaped);
    assert.equal(unescapeLevel(escaped!), level);
  }
  assert.throws(() => mboxPathForFolder('/r', 'a\0b'), FolderNameError);
  assert.throws(() => mboxPathForFolder('/r', 'a//b'), FolderNameError);
  assert.throws(() => mboxPathForFolder('/r', '/a'), FolderNameError);
});

test('mbox tree: export then read gives back every folder, message, flag and date', async (t) => {
  const root = join(await tempDir(t), 'export');
  const samples = awkwardMessages();
  const layout: Array<[string, Sample[]]> = [
    ['INBOX', samples.slice(0, 4)],
    ['INBOX/Child', samples.slice(4, 5)],
    ['Work', samples.slice(5, 7)],
    ['Work/Projects', samples.slice(7, 9)],
    ['Été/Plage ☀', samples.slice(9, 10)],
    ['..', samples.slice(10)],
    ['.hidden', []],
    ['notes.msf', []],
    ['100% done', []],
    ['Archive', []],
  ];
  const folders: ExportFolder[] = layout.map(([folder, messages]) => ({ folder, messages }));
  const written = await exportMboxTree(root, folders);
  assert.deepEqual(written.map((w) => [w.folder, w.messages]), layout.map(([f, m]) => [f, m.length]));
  assert.deepEqual(await listTree(root), [
    '%2E.',
    '%2Ehidden',
    '100%25 done',
    'Archive',
    'INBOX',
    'INBOX.sbd/Child',
    'Work',
    'Work.sbd/Projects',
    'notes%2Emsf',
    'Été.sbd/Plage ☀',
  ]);

  const items = await collect(readMboxTree(root));
  assert.deepEqual(problemsOf(items), []);
  assert.deepEqual(foldersOf(items).sort(), layout.map(([f]) => f).sort());
  const messages = messagesOf(items);
  for (const [folder, expected] of layout) {
    const got = messages.filter((m) => m.folder === folder);
    assert.equal(got.length, expected.length, folder);
    expected.forEach((sample, i) => assertSameMessage(got[i]!, sample, `mbox tree ${folder}`));
  }
  assert.match(messages.find((m) => m.folder === 'Work/Projects')!.position, /^Work\.sbd\/Projects: message 1 at line 1 \(byte 0\)$/);
  await assert.rejects(exportMboxTree(root, [{ folder: 'INBOX', messages: [] }]), { code: 'EEXIST' }, 'no clobbering');
});

test('mbox tree: a Thunderbird profile (X-Mozilla-Status, .msf files, .sbd directories)', async () => {
  const root = fixture('thunderbird');
  const seen: ReadProgress[] = [];
  const items = await collect(readMboxTree(root, { progress: (p) => seen.push(p) }));
  assert.deepEqual(problemsOf(items), []);
  assert.deepEqual(foldersOf(items), ['INBOX', 'Trash', 'Work', 'Work/Projects']);
  const messages = messagesOf(items);
  const summary = messages.map((m) => [m.folder, m.flags, m.keywords, m.internalDate?.toISOString()]);
  assert.deepEqual(summary, [
    ['INBOX', ['\\Seen'], [], '2024-03-14T12:00:00.000Z'],
    ['INBOX', ['\\Seen', '\\Answered'], ['$label1', 'important'], '2024-03-15T08:30:00.000Z'],
    ['INBOX', [], [], '2024-03-16T20:45:10.000Z'],
    ['INBOX', ['\\Seen', '\\Flagged'], ['$Forwarded'], '2024-03-17T06:00:00.000Z'],
    ['Work', ['\\Seen', '\\Deleted'], [], '2024-04-01T09:00:00.000Z'],
    ['Work/Projects', [], [], '2024-04-02T10:00:00.000Z'],
  ]);
  for (const m of messages) assert.doesNotMatch(m.bytes.toString(), /X-Mozilla|^Status:/m);
  assert.equal(messages[1]!.bytes.toString(), 'From: boss@example.com\r\nTo: me@example.com\r\nSubject: read, replied, tagged\r\n\r\nDone?\r\nFrom the boss.\r\n');
  let total = 0;
  for (const name of ['Inbox', 'Trash', 'Work', 'Work.sbd/Projects']) total += (await stat(join(root, name))).size;
  assert.deepEqual(seen[seen.length - 1], { bytesRead: total, totalBytes: total });
});

test('mbox tree: a single file as the root is read as INBOX', async () => {
  const items = await collect(readMboxTree(fixture('mutt.mbox')));
  assert.deepEqual(foldersOf(items), ['INBOX']);
  assert.equal(messagesOf(items).length, 4);
  assert.match(messagesOf(items)[0]!.position, /^mutt\.mbox: message 1 /);
});

test('mbox tree: a plain directory of mbox files (mutt style) is a hierarchy too', async (t) => {
  const root = await tempDir(t);
  const { mkdir, writeFile, symlink } = await import('node:fs/promises');
  await mkdir(join(root, 'lists'));
  await writeFile(join(root, 'lists', 'dev'), 'From a@x Mon Jan  1 00:00:00 2024\nSubject: x\n\ny\n');
  await writeFile(join(root, 'notes.txt'), 'not mail\n');
  await symlink(join(root, 'missing'), join(root, 'dangling'));
  const items = await collect(readMboxTree(root));
  assert.deepEqual(foldersOf(items), ['lists/dev'], 'a text file is not a folder');
  assert.equal(messagesOf(items)[0]!.folder, 'lists/dev');
  const problems = problemsOf(items);
  assert.deepEqual(problems.map((p) => p.position), ['dangling', 'notes.txt']);
  assert.match(problems[1]!.reason, /not an mbox file/);
  assert.ok((await readFile(join(root, 'lists', 'dev'))).length > 0);
});
