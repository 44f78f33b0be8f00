/** Header-level parsing: dates, RFC 2047 words, RFC 2231 parameters, field splitting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, decodeHeaderText, decodeEncodedWords, indexMessage } from '../../src/mime/index.js';
import { parseContentType } from '../../src/mime/params.js';
import { splitHeaderFields } from '../../src/mime/header-block.js';

const iso = (s: string): string | null => parseDate(s)?.toISOString() ?? null;

test('RFC 5322 dates', () => {
  assert.equal(iso('Fri, 21 Nov 1997 09:55:06 -0600'), '1997-11-21T15:55:06.000Z');
  assert.equal(iso('Tue, 1 Jul 2003 10:52:37 +0200'), '2003-07-01T08:52:37.000Z');
  assert.equal(iso('Thu, 13 Feb 1969 23:32:54 -0330 (Newfoundland Time)'), '1969-02-14T03:02:54.000Z');
  assert.equal(iso('21 Nov 97 09:55:06 GMT'), '1997-11-21T09:55:06.000Z');
});

test('obsolete and real-world date forms (RFC 5322 4.3)', () => {
  assert.equal(iso('1 Jan 99 10:00 EST'), '1999-01-01T15:00:00.000Z');
  assert.equal(iso('1 Jan 49 10:00 +0000'), '2049-01-01T10:00:00.000Z');
  assert.equal(iso('1 Jan 103 10:00 +0000'), '2003-01-01T10:00:00.000Z');
  assert.equal(iso('Mon,  2 Jan   2023 10:00:00 +0100'), '2023-01-02T09:00:00.000Z');
  assert.equal(iso('Monday, January 2, 2023 10:00:00 PDT'), '2023-01-02T17:00:00.000Z');
  assert.equal(iso('2 Jan 2023 10:00:00'), '2023-01-02T10:00:00.000Z');
  assert.equal(iso('2023-01-02T10:00:00Z'), '2023-01-02T10:00:00.000Z');
  assert.equal(iso('02-Jan-2023 10:00:00 +0000'), '2023-01-02T10:00:00.000Z');
  assert.equal(iso('Mon, 2 Jan 2023 10:00:00 A'), '2023-01-02T10:00:00.000Z');
});

test('unreadable dates are null', () => {
  for (const s of ['', 'yesterday', 'Mon, 32 Jan 2023 10:00:00 +0000', '2 Foo 2023 10:00', 'Mon, 2 Jan 2023', '99:99']) {
    assert.equal(parseDate(s), null, s);
  }
});

test('RFC 2047 encoded words', () => {
  assert.equal(decodeHeaderText('=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?='), 'Keld Jørn Simonsen');
  assert.equal(decodeHeaderText('=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?='), 'a b');
  assert.equal(decodeHeaderText('=?ISO-8859-1?Q?a?=  b'), 'a b');
  assert.equal(decodeHeaderText('=?utf-8?B?8J+Ygg==?= smile'), '😂 smile');
  // A UTF-8 character split across two encoded words is joined before decoding.
  assert.equal(decodeHeaderText('=?utf-8?B?w6k=?= =?utf-8?B?w6k=?='), 'éé');
  assert.equal(decodeHeaderText('=?utf-8?q?caf=C3?= =?utf-8?q?=A9?='), 'café');
  assert.equal(decodeHeaderText('=?x-unknown-cs?q?plain?='), 'plain');
  assert.equal(decodeHeaderText('=?koi8-r?B?8NLJ18XU?='), 'Привет');
  assert.equal(decodeHeaderText('=?shift_jis?B?k/qWe4zq?='), '日本語');
  assert.equal(decodeEncodedWords(Buffer.from('raw utf-8: Grüße')), 'raw utf-8: Grüße');
  assert.equal(decodeEncodedWords(Buffer.from('latin1: Gr\xfc\xdfe', 'latin1')), 'latin1: Grüße');
  assert.equal(decodeHeaderText('=?broken'), '=?broken');
});

test('RFC 2231 continuations and charsets become one parameter (RFC 9051 7.5.2)', () => {
  const ct = parseContentType(Buffer.from("application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\""));
  assert.deepEqual(ct?.params, [{ name: 'title*', value: "This is even more ***fun*** isn't it!" }]);
  const plain = parseContentType(Buffer.from('message/external-body; access-type=URL; URL*0="ftp://"; URL*1="cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"'));
  assert.deepEqual(plain?.params, [
    { name: 'access-type', value: 'URL' },
    { name: 'URL', value: 'ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar' },
  ]);
  const latin = parseContentType(Buffer.from("text/plain; name*=iso-8859-1''%E9t%E9.txt"));
  assert.deepEqual(latin?.params, [{ name: 'name*', value: 'été.txt' }]);
  // Out-of-order sections are sorted.
  const order = parseContentType(Buffer.from('text/plain; n*1="b"; n*0="a"'));
  assert.deepEqual(order?.params, [{ name: 'n', value: 'ab' }]);
});

test('Content-Type: comments, case, unquoted values with spaces, broken input', () => {
  assert.deepEqual(parseContentType(Buffer.from('text/plain (x) ; charset=us-ascii (the default)'))?.params, [{ name: 'charset', value: 'us-ascii' }]);
  assert.deepEqual(parseContentType(Buffer.from('application/pdf; name=my file.pdf'))?.params, [{ name: 'name', value: 'my file.pdf' }]);
  assert.equal(parseContentType(Buffer.from('text')), null);
  assert.equal(parseContentType(Buffer.from('')), null);
  assert.equal(parseContentType(Buffer.from('/plain')), null);
  assert.deepEqual(parseContentType(Buffer.from('text/plain;;; ;=x; a="unterminated'))?.params, [{ name: 'a', value: 'unterminated' }]);
});

test('header fields: folding, bare LF, whitespace before colon, junk lines', () => {
  const block = Buffer.from('From x Mon Jan 1\nSubject : a\n b\r\nbad line\n\tstray\nX-A:1\n\nbody: no');
  const fields = splitHeaderFields(block);
  assert.deepEqual(fields.map((f) => [f.lname, f.value.toString()]), [
    ['subject', ' a\n b'],
    ['x-a', '1'],
  ]);
});

test('search fields stored at delivery', () => {
  const ix = indexMessage(
    Buffer.from(
      'From: =?utf-8?q?Ren=C3=A9?= <rene@example.fr>, g: a@b.test;\r\nTo: x@y.test\r\nSubject: =?utf-8?q?h=C3=A9llo?=\r\n' +
        'Date: Tue, 1 Jul 2003 10:52:37 +0200\r\nMessage-ID: <m@x>\r\nIn-Reply-To: <p@x>\r\nReferences: <r@x>\r\n <p@x>\r\n\r\nbody\r\n',
    ),
  );
  assert.deepEqual(ix.search, {
    subject: 'héllo',
    from: [
      { name: 'René', address: 'rene@example.fr' },
      { name: '', address: 'a@b.test' },
    ],
    to: [{ name: '', address: 'x@y.test' }],
    cc: [],
    bcc: [],
    date: Date.UTC(2003, 6, 1, 8, 52, 37),
    messageId: '<m@x>',
    inReplyTo: '<p@x>',
    references: ['<r@x>', '<p@x>'],
  });
  assert.equal(ix.headerSize, ix.root.bodyStart);
});
