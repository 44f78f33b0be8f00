/** Text for SEARCH and PREVIEW (RFC 8970), and SEARCH's case-insensitive matching. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  indexMessage,
  extractSearchText,
  extractSearchTextAsync,
  headerValuesForSearch,
  makePreview,
  matchesText,
  createMatcher,
  htmlToText,
  decodeCharset,
  decodeSearchFields,
  encodeIndex,
} from '../../src/mime/index.js';

function crlf(...lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

const MSG = crlf(
  'From: =?iso-8859-1?q?J=F6rg?= <j@example.de>',
  'Subject: =?utf-8?b?R3LDvMOfZQ==?= aus Köln',
  'X-Tag: one',
  'X-Tag: =?utf-8?q?zw=C3=B6lf?=',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: multipart/alternative; boundary="a"',
  '',
  '--a',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Der B=E4r tanzt auf dem Eis.',
  '--a',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<p>Der B\u00e4r <b>tanzt</b> &amp; singt</p><script>var hidden=1</script>').toString('base64'),
  '--a--',
  '--b',
  'Content-Type: message/rfc822',
  '',
  'Subject: =?utf-8?q?inner_=C3=BCber?=',
  '',
  'inner text',
  '--b',
  'Content-Type: application/pdf',
  'Content-Disposition: attachment; filename="x.pdf"',
  '',
  'PDFSECRET',
  '--b',
  'Content-Type: text/plain; charset=koi8-r',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]).toString('base64'),
  '--b--',
);
const IX = indexMessage(MSG);

test('body text: decoded, charset-converted, HTML reduced, attachments skipped', () => {
  const t = extractSearchText(MSG, IX);
  assert.ok(t.body.includes('Der Bär tanzt auf dem Eis.'));
  assert.ok(t.body.includes('Der Bär tanzt & singt'));
  assert.ok(!t.body.includes('hidden'), 'script content is not text');
  assert.ok(t.body.includes('Subject: inner über'), 'encapsulated headers are body text');
  assert.ok(t.body.includes('inner text'));
  assert.ok(t.body.includes('Привет'));
  assert.ok(!t.body.includes('PDFSECRET'));
  assert.ok(t.header.includes('Subject: Grüße aus Köln'));
  assert.ok(t.header.includes('From: Jörg <j@example.de>'));
});

test('a byte-range reader gives the same text, sync and async', async () => {
  const reads: Array<[number, number]> = [];
  const read = (s: number, e: number): Buffer => {
    reads.push([s, e]);
    return MSG.subarray(s, e);
  };
  assert.deepEqual(extractSearchText(read, IX), extractSearchText(MSG, IX));
  assert.ok(!reads.some(([s, e]) => s === 0 && e === MSG.length), 'only the needed ranges are read');
  assert.deepEqual(await extractSearchTextAsync(async (s, e) => MSG.subarray(s, e), IX), extractSearchText(MSG, IX));
});

test('header values for SEARCH HEADER: every occurrence, decoded', () => {
  assert.deepEqual(headerValuesForSearch(MSG, IX, 'X-TAG'), ['one', 'zwölf']);
  assert.deepEqual(headerValuesForSearch(MSG, IX, 'subject'), ['Grüße aus Köln']);
  assert.deepEqual(headerValuesForSearch(MSG, IX, 'x-none'), []);
});

test('preview: the main text part, whitespace collapsed, at most 200 characters', () => {
  assert.equal(makePreview(MSG, IX), 'Der Bär tanzt auf dem Eis.');
  const long = crlf('Content-Type: text/plain; charset=utf-8', '', '  ' + 'ü'.repeat(300) + '\r\n\r\n more');
  const p = makePreview(long, indexMessage(long));
  assert.equal(Array.from(p).length, 200);
  const html = crlf('Content-Type: text/html', '', '<html><head><title>t</title></head><body><h1>Hi</h1><p>there&nbsp;you</p></body></html>');
  assert.equal(makePreview(html, indexMessage(html)), 'Hi there you');
  const image = crlf('Content-Type: image/png', '', 'xx');
  assert.equal(makePreview(image, indexMessage(image)), '');
});

test('matchesText: case-insensitive and Unicode-aware substring match', () => {
  assert.ok(matchesText('Hello World', 'WORLD'));
  assert.ok(matchesText('Straße', 'STRASSE'));
  assert.ok(matchesText('Cafe\u0301 au lait', 'CAFÉ'), 'composed and decomposed forms match');
  assert.ok(matchesText('ΣΊΣΥΦΟΣ', 'σίσυφος'));
  assert.ok(matchesText('ﬁle', 'FILE'), 'compatibility ligature');
  assert.ok(matchesText('a\r\n b', 'a b'), 'folded whitespace');
  assert.ok(!matchesText('Hello', 'world'));
  assert.ok(matchesText('anything', ''));
  const m = createMatcher('bär');
  assert.ok(m('DER BÄR'));
  assert.ok(!m('der bar'));
});

test('charset decoding falls back instead of failing', () => {
  assert.equal(decodeCharset(Buffer.from('Gr\xfc\xdfe', 'latin1'), 'x-no-such-charset'), 'Grüße');
  assert.equal(decodeCharset(Buffer.from('Grüße'), null), 'Grüße');
  assert.equal(decodeCharset(Buffer.from([0x93, 0x94]), 'windows-1252'), '\u201c\u201d');
  assert.equal(decodeCharset(Buffer.from([0xa4]), 'ISO-8859-15'), '€');
});

test('HTML to text', () => {
  assert.equal(htmlToText('<p>a</p><p>b&lt;c&#x41;&#66;</p><!-- hidden --><style>x{}</style>'), 'a\nb<cAB');
  assert.equal(htmlToText('unterminated <b'), 'unterminated <b');
  assert.equal(htmlToText('<script>never ends'), '');
});

test('decodeSearchFields reads the SEARCH fields of a stored index without its part tree', () => {
  const message = Buffer.from(
    'From: =?utf-8?q?J=C3=B6rg?= <joerg@example.org>\r\nTo: a@example.org, B <b@example.org>\r\nSubject: =?utf-8?b?R3LDvMOfZQ==?=\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\nhi\r\n--x--\r\n',
  );
  const index = indexMessage(message);
  const fast = decodeSearchFields(encodeIndex(index));
  assert.deepEqual(fast.search, index.search);
  assert.equal(fast.headerSize, index.headerSize);
  assert.equal(fast.size, message.length);
  assert.equal(fast.search.subject, 'Gr\u00fc\u00dfe');
});
