/**
 * Python's imaplib against Mailkeep: STARTTLS and implicit TLS, LOGIN, LIST, SELECT, SEARCH,
 * FETCH, STORE, COPY, UID MOVE, EXPUNGE, APPEND, LOGOUT. The Python script prints JSON that
 * the test checks. Skips when python3 is missing.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';

const SCRIPT = String.raw`
import imaplib, json, os, ssl, sys
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
out = {}
def run(M, key):
    r = {}
    r['login'] = M.login('alice', 'secret')[0]
    typ, boxes = M.list()
    r['list'] = sorted(b.decode() for b in boxes)
    typ, data = M.select('INBOX')
    r['select'] = [typ, data[0].decode()]
    typ, data = M.search(None, 'FROM', 'carol')
    r['search'] = data[0].decode()
    typ, data = M.search('UTF-8', 'SUBJECT', '"café"'.encode())
    r['search_utf8'] = data[0].decode()
    typ, data = M.fetch('1:2', '(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])')
    r['fetch'] = [d if isinstance(d, bytes) else [x.decode('utf-8', 'replace') for x in d] for d in data]
    r['fetch'] = [x.decode() if isinstance(x, bytes) else x for x in r['fetch']]
    typ, data = M.fetch('2', '(BODY[])')
    r['body'] = data[0][1].decode()
    typ, data = M.fetch('2', '(FLAGS)')
    r['seen'] = data[0].decode()
    typ, data = M.store('1', '+FLAGS', r'(\Flagged $Todo)')
    r['store'] = [d.decode() for d in data]
    typ, data = M.copy('1', 'Archive')
    r['copy'] = [typ, M.untagged_responses.get('COPYUID', [b''])[0].decode() if M.untagged_responses.get('COPYUID') else None]
    typ, data = M.uid('MOVE', '2', 'Trash')
    r['move'] = typ
    typ, data = M.store('1', '+FLAGS', r'\Deleted')
    typ, data = M.expunge()
    r['expunge'] = [typ, [d.decode() if d else None for d in data]]
    typ, data = M.append('Drafts', r'(\Draft)', None, b'Subject: from python\r\n\r\nHi\r\n')
    r['append'] = [typ, data[0].decode()]
    typ, data = M.status('Drafts', '(MESSAGES UNSEEN)')
    r['status'] = data[0].decode()
    r['close'] = M.close()[0]
    r['logout'] = M.logout()[0]
    out[key] = r

port, sport = int(sys.argv[1]), int(sys.argv[2])
M = imaplib.IMAP4('127.0.0.1', port)
out['caps'] = sorted(M.capabilities)
M.starttls(ssl_context=ctx)
run(M, 'starttls')
M = imaplib.IMAP4_SSL('127.0.0.1', sport, ssl_context=ctx)
M.login('alice', 'secret')
M.select('Archive')
typ, data = M.fetch('1:*', '(FLAGS)')
out['imaps'] = [d.decode() for d in data]
M.logout()
print(json.dumps(out))
`;

test('Python imaplib: STARTTLS and IMAPS, a whole session', async (t) => {
  if (spawnSync('python3', ['--version']).status !== 0) return t.skip('python3 is not installed');
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('café au lait'), message('from carol', 'Body two.', { Cc: 'x@example.org' }).replace('From: Alice <alice@example.org>', 'From: Carol <carol@example.org>')]);
  const python = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    import('node:child_process').then(({ spawn }) => {
      const child = spawn('python3', ['-c', SCRIPT, String(ts.port('imap')), String(ts.port('imaps'))]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  });
  assert.equal(python.status, 0, python.stderr);
  const out = JSON.parse(python.stdout) as Record<string, any>;
  assert.ok(out.caps.includes('STARTTLS') && out.caps.includes('IMAP4REV1'), out.caps.join(' '));
  const r = out.starttls;
  assert.equal(r.login, 'OK');
  assert.ok(r.list.includes('(\\HasNoChildren) "/" INBOX'));
  assert.ok(r.list.includes('(\\HasNoChildren \\Trash) "/" Trash'));
  assert.deepEqual(r.select, ['OK', '2']);
  assert.equal(r.search, '2');
  assert.equal(r.search_utf8, '1');
  assert.match(r.fetch[0][0], /^1 \(UID 1 FLAGS \(\\Recent\) RFC822\.SIZE \d+ BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}$/);
  assert.equal(r.fetch[0][1], 'Subject: café au lait\r\n\r\n');
  assert.match(r.body, /^From: Carol <carol@example\.org>\r\n[\s\S]*Body two\.\r\n$/);
  assert.equal(r.seen, '2 (FLAGS (\\Seen \\Recent))');
  assert.deepEqual(r.store, ['1 (FLAGS (\\Flagged $Todo \\Recent))']);
  assert.equal(r.copy[0], 'OK');
  assert.equal(r.move, 'OK');
  // imaplib collects every untagged EXPUNGE since the last call: UID MOVE's, then EXPUNGE's.
  assert.deepEqual(r.expunge, ['OK', ['2', '1']]);
  assert.equal(r.append[0], 'OK');
  assert.match(r.append[1], /^\[APPENDUID \d+ 1\] APPEND completed$/);
  assert.equal(r.status, 'Drafts (MESSAGES 1 UNSEEN 1)');
  assert.equal(r.close, 'OK');
  assert.equal(r.logout, 'BYE');
  assert.deepEqual(out.imaps, ['1 (FLAGS (\\Flagged $Todo \\Recent))']);
});
