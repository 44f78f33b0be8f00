/**
 * Debian's curl with imap:// and imaps:// URLs (RFC 5092): LIST, a message by UID, one section,
 * SEARCH, over cleartext, STARTTLS (--ssl-reqd -k) and implicit TLS. Skips without curl.
 */

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { crlf, message, startImapServer } from '../setup.js';

function curl(args: readonly string[]): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['-sS', '--max-time', '20', '-u', 'alice:secret', ...args]);
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr }));
  });
}

test('curl: LIST, FETCH by UID, a section, SEARCH; plain, STARTTLS and IMAPS', async (t) => {
  if (spawnSync('curl', ['--version']).status !== 0) return t.skip('curl is not installed');
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  const first = message('hello curl', 'First body.');
  const second = message('second', 'Second body.');
  await ts.deliver(alice, [first, second]);
  await ts.deliver(alice, [message('archived')], { mailbox: 'Archive' });
  const imap = `imap://127.0.0.1:${ts.port('imap')}`;
  const imaps = `imaps://127.0.0.1:${ts.port('imaps')}`;

  const list = await curl([`${imap}/`]);
  assert.equal(list.status, 0, list.stderr);
  const lines = list.stdout.toString().trimEnd().split('\r\n');
  assert.deepEqual(lines, [
    '* LIST (\\HasNoChildren) "/" INBOX',
    '* LIST (\\HasNoChildren \\Archive) "/" Archive',
    '* LIST (\\HasNoChildren \\Drafts) "/" Drafts',
    '* LIST (\\HasNoChildren \\Junk) "/" Junk',
    '* LIST (\\HasNoChildren \\Sent) "/" Sent',
    '* LIST (\\HasNoChildren \\Trash) "/" Trash',
  ]);

  for (const base of [imap, imaps]) {
    const extra = base === imap ? ['--ssl-reqd', '-k'] : ['-k'];
    const fetched = await curl([...extra, `${base}/INBOX;UID=2`]);
    assert.equal(fetched.status, 0, fetched.stderr);
    assert.equal(fetched.stdout.toString(), crlf(second).toString());
    const section = await curl([...extra, `${base}/INBOX;UID=1;SECTION=HEADER.FIELDS%20(SUBJECT)`]);
    assert.equal(section.status, 0, section.stderr);
    assert.equal(section.stdout.toString(), 'Subject: hello curl\r\n\r\n');
    const search = await curl([...extra, `${base}/INBOX?SUBJECT%20second`]);
    assert.equal(search.status, 0, search.stderr);
    assert.equal(search.stdout.toString(), '* SEARCH 2\r\n');
    const archived = await curl([...extra, `${base}/Archive;UID=1;SECTION=TEXT`]);
    assert.equal(archived.status, 0, archived.stderr);
    assert.equal(archived.stdout.toString(), 'Hello.\r\n');
  }
  // A message that does not exist: curl reports the failure.
  const missing = await curl([`${imap}/INBOX;UID=99`]);
  assert.notEqual(missing.status, 0);
  // A wrong password.
  const denied = await new Promise<number | null>((resolve) =>
    spawn('curl', ['-sS', '-u', 'alice:wrong', `${imap}/`]).on('close', resolve),
  );
  assert.equal(denied, 67, 'curl exits 67 when the login is refused');
});
