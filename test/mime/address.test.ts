/** Address lists (RFC 5322 3.4 and 4.4) and the ENVELOPE address rules (RFC 9051 7.5.2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddressList, renderImapValue, buildEnvelope } from '../../src/mime/index.js';
import { addressListValue } from '../../src/mime/envelope.js';
import { splitHeaderFields } from '../../src/mime/header-block.js';

function env(list: string): string {
  return renderImapValue(addressListValue(parseAddressList(list))).toString('utf8');
}

test('plain, named and quoted mailboxes', () => {
  assert.equal(env('a@b.test'), '((NIL NIL "a" "b.test"))');
  assert.equal(env('Joe Q. Public <john.q.public@example.com>'), '(("Joe Q. Public" NIL "john.q.public" "example.com"))');
  assert.equal(env('"Giant; \\"Big\\" Box" <sysservices@example.net>'), '(("Giant; \\"Big\\" Box" NIL "sysservices" "example.net"))');
  assert.equal(env('"" <x@y.test>'), '((NIL NIL "x" "y.test"))');
  assert.equal(env('"john smith"@example.com'), '((NIL NIL "\\"john smith\\"" "example.com"))');
});

test('groups: start marker, members, end marker; empty groups', () => {
  assert.equal(env('undisclosed-recipients:;'), '((NIL NIL "undisclosed-recipients" NIL) (NIL NIL NIL NIL))');
  assert.equal(
    env('A Group:Ed Jones <c@a.test>,joe@where.test;, solo@x.test'),
    '((NIL NIL "A Group" NIL) ("Ed Jones" NIL "c" "a.test") (NIL NIL "joe" "where.test") (NIL NIL NIL NIL) (NIL NIL "solo" "x.test"))',
  );
});

test('comments: ignored, or the name when there is no display name', () => {
  assert.equal(env('alice@example.org (Alice Example)'), '(("Alice Example" NIL "alice" "example.org"))');
  assert.equal(env('Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>'), '(("Pete" NIL "pete" "silly.test"))');
});

test('source routes are kept in the adl field', () => {
  assert.equal(env('<@r1.test,@r2.test:user@example.com>'), '((NIL "@r1.test,@r2.test" "user" "example.com"))');
});

test('malformed addresses never yield NIL host (which means a group) or throw', () => {
  assert.equal(env('nodomain'), '((NIL NIL "nodomain" "MISSING_DOMAIN"))');
  assert.equal(env('<>'), '((NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN"))');
  assert.equal(env(',, ,dave@example.com,,'), '((NIL NIL "dave" "example.com"))');
  assert.equal(env('Missing Close <bob@example.net, carol@example.com'), '(("Missing Close" NIL "bob" "example.net") (NIL NIL "carol" "example.com"))');
  assert.equal(env(''), 'NIL');
  for (const junk of ['<<<', '"unterminated', '(((', '@@@', ':;:;', 'a@', '@b', '<a@b', '"a" "b" <>', '\\']) {
    assert.doesNotThrow(() => env(junk), junk);
  }
});

test('ENVELOPE: sender and reply-to default to from when absent or empty', () => {
  const fields = splitHeaderFields(Buffer.from('From: A <a@x.test>\r\nSender:\r\nTo: b@x.test\r\n\r\n'));
  const v = renderImapValue(buildEnvelope(fields)).toString();
  assert.equal(
    v,
    '(NIL NIL (("A" NIL "a" "x.test")) (("A" NIL "a" "x.test")) (("A" NIL "a" "x.test")) ((NIL NIL "b" "x.test")) NIL NIL NIL NIL)',
  );
});

test('ENVELOPE subject is unfolded with whitespace collapsed; message-id is trimmed', () => {
  const fields = splitHeaderFields(Buffer.from('Subject: a\r\n\tb  c \r\nMessage-ID:\r\n <id@x>\r\n\r\n'));
  const v = renderImapValue(buildEnvelope(fields)).toString();
  assert.equal(v, '(NIL "a b c" NIL NIL NIL NIL NIL NIL NIL "<id@x>")');
});
