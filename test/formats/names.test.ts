import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FolderNameError, folderLevels } from '../../src/formats/folder-name.js';
import { countBareLf, crlfSize, toCrlf, toLf } from '../../src/formats/line-ends.js';
import {
  compareMaildirNames,
  flagsFromInfo,
  folderForMaildirDir,
  infoFromFlags,
  maildirDirForFolder,
  parseMaildirFileName,
} from '../../src/formats/maildir-names.js';
import { parseSubscriptions, formatSubscriptions } from '../../src/formats/maildir-subscriptions.js';
import { formatAsctime, formatFromLine } from '../../src/formats/mbox-from-line.js';
import { MAX_MAILBOX_NAME_BYTES } from '../../src/limits.js';

test('line ends: CRLF <-> LF, lone CR untouched', () => {
  assert.equal(toCrlf(Buffer.from('a\nb\r\nc\rd\n')).toString(), 'a\r\nb\r\nc\rd\r\n');
  assert.equal(toLf(Buffer.from('a\r\nb\nc\rd\r\n')).toString(), 'a\nb\nc\rd\n');
  assert.equal(countBareLf(Buffer.from('\n\r\n\n')), 2);
  assert.equal(crlfSize(Buffer.from('a\nb\n')), 6);
  const same = Buffer.from('no line ends');
  assert.equal(toCrlf(same), same);
  assert.equal(toLf(same), same);
});

test('folder names: levels, INBOX, and what is refused', () => {
  assert.deepEqual(folderLevels('inbox/Sub'), ['INBOX', 'Sub']);
  assert.deepEqual(folderLevels('Work/Inbox'), ['Work', 'Inbox']);
  for (const bad of ['', 'a//b', '/a', 'a/', 'nul\0here', 'x'.repeat(MAX_MAILBOX_NAME_BYTES + 1)]) {
    assert.throws(() => folderLevels(bad), FolderNameError, JSON.stringify(bad));
  }
});

test('maildir names: folders <-> Maildir++ directories', () => {
  const pairs: Array<[string, string]> = [
    ['INBOX', ''],
    ['INBOX/Sub', '.INBOX.Sub'],
    ['Sent', '.Sent'],
    ['Archive/2023', '.Archive.2023'],
    ['Été', '.&AMk-t&AOk-'],
    ['node.js', '.node\\2ejs'],
    ['a\\b', '.a\\5cb'],
    ['..', '.\\2e\\2e'],
    ['R&D', '.R&-D'],
  ];
  for (const [folder, dir] of pairs) {
    assert.equal(maildirDirForFolder(folder), dir, folder);
    if (dir !== '') assert.equal(folderForMaildirDir(dir), folder, dir);
  }
  assert.equal(folderForMaildirDir('.Ünïcode'), 'Ünïcode', 'raw UTF-8 on disk is taken as it is');
  assert.equal(folderForMaildirDir('.inbox.x'), 'INBOX/x');
  for (const bad of ['.', '..', '.a..b', '.a.', 'noDot']) assert.equal(folderForMaildirDir(bad), null, bad);
});

test('maildir names: info flags', () => {
  assert.deepEqual(parseMaildirFileName('123.M1P2Q3.host,S=10,W=12:2,FRS'), { base: '123.M1P2Q3.host,S=10,W=12', flags: 'FRS' });
  assert.deepEqual(parseMaildirFileName('123.host'), { base: '123.host', flags: null });
  assert.deepEqual(parseMaildirFileName('123.host;2,S'), { base: '123.host', flags: 'S' });
  const letters = new Map([['a', 'Junk'], ['c', 'Work']]);
  assert.deepEqual(flagsFromInfo('DFPRSTabc', letters), {
    flags: ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'],
    keywords: ['$Forwarded', 'Junk', 'Work'],
  });
  const assigned = new Map([['Work', 'c'], ['Junk', 'a']]);
  assert.deepEqual(infoFromFlags(['\\Seen', '\\Draft', '\\Answered'], ['Work', '$forwarded', 'Junk', 'Other'], (k) => assigned.get(k) ?? null), {
    letters: 'DPRSac',
    dropped: ['Other'],
  });
});

test('maildir names: message order is by timestamp, then by name with numbers as numbers', () => {
  const names = ['1700000001.M5P1Q10.h:2,S', 'junk-without-time', '1700000001.M5P1Q9.h', '999999999.x', '1700000001.M40P1Q1.h', '1700000000.M999999P1Q99.h'];
  assert.deepEqual([...names].sort(compareMaildirNames), [
    '999999999.x',
    '1700000000.M999999P1Q99.h',
    '1700000001.M5P1Q9.h',
    '1700000001.M5P1Q10.h:2,S',
    '1700000001.M40P1Q1.h',
    'junk-without-time',
  ]);
});

test('maildir subscriptions: version 1 and Dovecot version 2 files', () => {
  assert.deepEqual(parseSubscriptions('INBOX\nArchive.2023\n&AMk-t&AOk-\n\nArchive.2023\n'), ['INBOX', 'Archive/2023', 'Été']);
  assert.deepEqual(parseSubscriptions('V\t2\n\nINBOX\nArchive\t2023\nTab\x01tName\n'), ['INBOX', 'Archive/2023', 'Tab\tName']);
  assert.equal(formatSubscriptions(['INBOX', 'Archive/2023', 'Été', 'a.b']), 'INBOX\nArchive.2023\n&AMk-t&AOk-\na\\2eb\n');
});

test('mbox From_ line: asctime in UTC, sender from Return-Path', () => {
  assert.equal(formatAsctime(new Date('2024-01-02T03:04:05.678Z')), 'Tue Jan  2 03:04:05 2024');
  assert.equal(formatAsctime(new Date('2024-11-22T13:14:15Z')), 'Fri Nov 22 13:14:15 2024');
  const date = new Date('2024-01-02T03:04:05Z');
  assert.equal(formatFromLine('<a@b.c>', date), 'From a@b.c Tue Jan  2 03:04:05 2024\n');
  assert.equal(formatFromLine('<>', date), 'From MAILER-DAEMON Tue Jan  2 03:04:05 2024\n');
  assert.equal(formatFromLine('two words', date), 'From MAILER-DAEMON Tue Jan  2 03:04:05 2024\n');
  assert.equal(formatFromLine(null, date), 'From MAILER-DAEMON Tue Jan  2 03:04:05 2024\n');
});
