/**
 * Writes the MIME corpus test/fixtures/mime/*.eml: hand-written messages (below, one per case)
 * and generated ones (deep nesting, huge header lines, many parts). Run after changing a case:
 *
 *   npx tsc -p tsconfig.json && node dist/bench/mime/build-corpus.js
 *   node dist/bench/mime/update-expected.js      # rewrite *.expected.json from the parser
 *   node dist/bench/mime/crosscheck-dovecot.js   # compare the expectations with Dovecot
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const OUT = new URL('../../../test/fixtures/mime/', import.meta.url).pathname;

/** Lines joined with CRLF, ending with CRLF. */
function crlf(...lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

const HDR = [
  'From: Alice Example <alice@example.org>',
  'To: Bob <bob@example.net>',
  'Subject: test',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  'Message-ID: <case@example.org>',
];

const cases: Record<string, Buffer> = {};

cases['simple-text'] = crlf(
  'Return-Path: <alice@example.org>',
  'Received: from mx.example.org by mail.example.net; Mon, 2 Jan 2023 10:00:01 +0100',
  'From: "Alice Example" <alice@example.org>',
  'Sender: Secretary <sec@example.org>',
  'Reply-To: replies@example.org',
  'To: Bob <bob@example.net>, carol@example.com',
  'Cc: Dave <dave@example.com>',
  'Bcc: eve@example.com',
  'Subject: Hello there',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  'Message-ID: <simple@example.org>',
  'In-Reply-To: <parent@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'Hello Bob,',
  '',
  'how are you?',
);

cases['no-content-type'] = crlf(...HDR, '', 'No MIME headers at all: RFC 2045 5.2 says text/plain; charset=us-ascii.');

cases['bare-lf'] = Buffer.from([...HDR, 'Content-Type: text/plain; charset=utf-8', '', 'line one', 'line two', ''].join('\n'));

cases['multipart-mixed'] = crlf(
  ...HDR,
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="=_outer"',
  '',
  'This is the preamble.',
  '--=_outer',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Grüße',
  '--=_outer',
  'Content-Type: application/pdf; name="doc.pdf"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="doc.pdf"',
  '',
  'JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K',
  '--=_outer--',
  'This is the epilogue.',
);

cases['multipart-alternative'] = crlf(
  ...HDR,
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary=alt',
  '',
  '--alt',
  'Content-Type: text/plain; charset=utf-8; format=flowed',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9 au lait, long line that is soft=',
  ' broken here.',
  '--alt',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><body><p>Caf&eacute; <b>au</b> lait</p><script>x()</script></body></html>',
  '--alt--',
);

cases['nested-multipart'] = crlf(
  ...HDR,
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: multipart/alternative; boundary="b2"',
  '',
  '--b2',
  'Content-Type: text/plain',
  '',
  'plain',
  '--b2',
  'Content-Type: multipart/related; boundary="b3"; type="text/html"',
  '',
  '--b3',
  'Content-Type: text/html; charset=us-ascii',
  '',
  '<p>html <img src="cid:img1@x"></p>',
  '--b3',
  'Content-Type: image/png',
  'Content-ID: <img1@x>',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  '--b3--',
  '',
  '--b2--',
  '',
  '--b1',
  'Content-Type: text/csv; name=data.csv',
  'Content-Disposition: attachment; filename=data.csv',
  '',
  'a,b',
  '1,2',
  '--b1--',
);

const INNER = [
  'From: Inner Sender <inner@example.com>',
  'To: someone@example.com',
  'Subject: inner subject',
  'Date: Sun, 1 Jan 2023 09:00:00 +0000',
  'Message-ID: <inner@example.com>',
];

cases['rfc822-attached'] = crlf(
  ...HDR,
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="fw"',
  '',
  '--fw',
  'Content-Type: text/plain',
  '',
  'Forwarded message below.',
  '--fw',
  'Content-Type: message/rfc822',
  'Content-Disposition: attachment; filename="fwd.eml"',
  '',
  ...INNER,
  '',
  'Inner body line 1',
  'Inner body line 2',
  '--fw--',
);

cases['rfc822-multipart-inner'] = crlf(
  ...HDR,
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: message/rfc822',
  '',
  ...INNER,
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/plain',
  '',
  'inner plain',
  '--inner',
  'Content-Type: text/html',
  '',
  '<b>inner html</b>',
  '--inner--',
  '--outer--',
);

cases['rfc822-top-level'] = crlf(...HDR, 'MIME-Version: 1.0', 'Content-Type: message/rfc822', '', ...INNER, '', 'body of the inner message');

cases['message-global'] = crlf(
  ...HDR,
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="g"',
  '',
  '--g',
  'Content-Type: message/global',
  '',
  'From: Jörg Müller <jörg@bücher.example>',
  'To: 田中 <tanaka@example.jp>',
  'Subject: Grüße aus Köln',
  'Date: Sun, 1 Jan 2023 09:00:00 +0000',
  '',
  'UTF-8 header message body (RFC 6532).',
  '--g--',
);

cases['digest'] = crlf(
  ...HDR,
  'MIME-Version: 1.0',
  'Content-Type: multipart/digest; boundary="d"',
  '',
  '--d',
  '',
  'From: one@example.com',
  'Subject: first',
  '',
  'first body',
  '--d',
  'Content-Type: text/plain',
  '',
  'an explicit text part inside a digest',
  '--d',
  '',
  'From: two@example.com',
  'Subject: second',
  '',
  'second body',
  '--d--',
);

cases['missing-final-boundary'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="mf"',
  '',
  '--mf',
  'Content-Type: text/plain',
  '',
  'first',
  '--mf',
  'Content-Type: text/plain',
  '',
  'second, and the message ends with no close delimiter',
);

cases['wrong-boundary'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="expected"',
  '',
  '--actual',
  'Content-Type: text/plain',
  '',
  'the boundary lines do not match the parameter',
  '--actual--',
);

cases['multipart-no-boundary'] = crlf(...HDR, 'Content-Type: multipart/mixed', '', '--x', 'Content-Type: text/plain', '', 'no boundary parameter', '--x--');

cases['boundary-transport-padding'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="pad"',
  '',
  '--pad   ',
  'Content-Type: text/plain',
  '',
  'boundary lines with trailing whitespace',
  '--pad\t',
  'Content-Type: text/plain',
  '',
  'second',
  '--pad--  ',
);

cases['boundary-prefix'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: multipart/alternative; boundary="b-inner"',
  '',
  '--b-inner',
  'Content-Type: text/plain',
  '',
  'inner one',
  '--b-inner',
  'Content-Type: text/plain',
  '',
  'inner two',
  '--b-inner--',
  '--b',
  'Content-Type: text/plain',
  '',
  'outer two',
  '--b--',
);

cases['empty-parts'] = crlf(...HDR, 'Content-Type: multipart/mixed; boundary="e"', '', '--e', '--e', '', '--e', 'Content-Type: text/plain', '', '--e--');

cases['part-without-header'] = crlf(...HDR, 'Content-Type: multipart/mixed; boundary="nh"', '', '--nh', '', 'a part with no header lines', '--nh--');

cases['part-header-no-blank'] = crlf(...HDR, 'Content-Type: multipart/mixed; boundary="hb"', '', '--hb', 'Content-Type: text/html', '--hb', 'Content-Type: text/plain', '', 'ok', '--hb--');

cases['header-only'] = Buffer.from([...HDR].join('\r\n') + '\r\n');

cases['header-only-no-newline'] = Buffer.from([...HDR].join('\r\n'));

cases['empty-body'] = crlf(...HDR, '');

cases['folded-headers'] = crlf(
  'From: Alice',
  ' Example <alice@example.org>',
  'To: bob@example.net,',
  '\tcarol@example.com,',
  '    dave@example.com',
  'Subject: a subject that',
  ' is folded over',
  '\tthree lines',
  'Date: Mon, 2 Jan 2023',
  ' 10:00:00 +0100',
  'Message-ID:',
  ' <folded@example.org>',
  'Content-Type: text/plain;',
  ' charset="utf-8";',
  '\tformat=flowed',
  '',
  'body',
);

cases['utf8-headers'] = crlf(
  'From: Jörg Müller <joerg@example.de>',
  'To: "Ñandú" <nandu@example.es>',
  'Subject: Grüße – ünïcödé 日本語',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  'Content-Type: text/plain; charset=utf-8; name="résumé.txt"',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Körper',
);

cases['latin1-headers'] = Buffer.concat([
  Buffer.from('From: J\xf6rg <joerg@example.de>\r\nSubject: Gr\xfc\xdfe\r\nDate: Mon, 2 Jan 2023 10:00:00 +0100\r\n', 'latin1'),
  Buffer.from('Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nK\xf6rper\r\n', 'latin1'),
]);

cases['encoded-words'] = crlf(
  'From: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@example.dk>',
  'To: =?utf-8?B?8J+Ygg==?= <smile@example.com>, =?US-ASCII?Q?Keith_Moore?= <moore@example.edu>',
  'Cc: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@example.be>',
  'Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=',
  ' =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  'Content-Type: text/plain',
  'Content-Description: =?utf-8?q?Beschreibung_=C3=BC?=',
  '',
  'body',
);

cases['rfc2231-continuations'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="r"',
  '',
  '--r',
  'Content-Type: application/octet-stream;',
  ' name*0="a-very-long-file-name-";',
  ' name*1="that-continues.bin"',
  'Content-Disposition: attachment;',
  ' filename*0="a-very-long-file-name-";',
  ' filename*1="that-continues.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  'AAEC',
  '--r--',
);

cases['rfc2231-charset'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="r"',
  '',
  '--r',
  "Content-Type: text/plain; charset=us-ascii; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
  "Content-Disposition: attachment; filename*=iso-8859-1'fr'%E9t%E9.txt",
  '',
  'x',
  '--r',
  'Content-Type: application/octet-stream',
  "Content-Disposition: attachment; filename*0*=UTF-8''%E2%82%AC%20rates; filename*1*=%20for%20; filename*2=\"2023.txt\"",
  '',
  'y',
  '--r--',
);

cases['content-type-invalid'] = crlf(...HDR, 'Content-Type: text', '', 'no subtype');

cases['content-type-garbage'] = crlf(...HDR, 'Content-Type: ;;; =garbage', '', 'garbage content type');

cases['content-type-uppercase'] = crlf(...HDR, 'Content-Type: TEXT/HTML; CHARSET=UTF-8; Format=Flowed', 'Content-Transfer-Encoding: QUOTED-PRINTABLE', '', '<p>Hi=21</p>');

cases['content-type-comments'] = crlf(...HDR, 'Content-Type: text/plain (plain text) ; charset=us-ascii (the default)', '', 'comments in structured fields');

cases['text-no-params'] = crlf(...HDR, 'Content-Type: text/plain', '', 'explicit type, no charset');

cases['extension-fields'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="x"',
  'Content-Language: en',
  'Content-Location: http://example.org/top',
  '',
  '--x',
  'Content-Type: image/jpeg; name="photo.jpg"',
  'Content-ID: <photo1@example.org>',
  'Content-Description: A photo',
  'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
  'Content-Disposition: inline; filename="photo.jpg"; size=3;',
  ' creation-date="Mon, 2 Jan 2023 10:00:00 +0100"',
  'Content-Language: en, de-CH',
  'Content-Location: photo.jpg',
  'Content-Transfer-Encoding: base64',
  '',
  '/9j/',
  '--x--',
);

cases['disposition-no-params'] = crlf(...HDR, 'Content-Type: text/plain', 'Content-Disposition: inline', '', 'inline');

cases['address-groups'] = crlf(
  'From: Alice <alice@example.org>',
  'To: undisclosed-recipients:;',
  'Cc: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, solo@example.com',
  'Bcc: Empty Group: ;',
  'Subject: groups',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  '',
  'body',
);

cases['address-comments'] = crlf(
  'From: alice@example.org (Alice Example)',
  'To: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>',
  'Cc: (comment only) bob@example.net',
  'Subject: comments',
  'Date: Thu, 13 Feb 1969 23:32:54 -0330 (Newfoundland Time)',
  '',
  'body',
);

cases['address-quoted'] = crlf(
  'From: "Doe, John \\"JD\\"" <john.doe@example.com>',
  'To: "very.unusual.@.unusual.com"@example.com, "john smith"@example.com',
  'Cc: "" <empty-name@example.com>',
  'Subject: quoted',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  '',
  'body',
);

cases['address-route'] = crlf(
  'From: Route <@relay1.example,@relay2.example:user@example.com>',
  'To: <@a.test:b@c.test>',
  'Subject: routes',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  '',
  'body',
);

cases['address-malformed'] = crlf(
  'From: nodomain',
  'To: Missing Close <bob@example.net, carol@example.com',
  'Cc: ,, ,dave@example.com,,',
  'Bcc: <>',
  'Reply-To: @example.com',
  'Subject: malformed',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  '',
  'body',
);

cases['address-empty-sender'] = crlf('From: Alice <alice@example.org>', 'Sender:', 'Reply-To:   ', 'To: bob@example.net', 'Subject: empty sender', '', 'body');

cases['address-encoded-name'] = crlf(
  'From: =?UTF-8?Q?Ren=C3=A9_Descartes?= <rene@example.fr>',
  'To: "=?utf-8?q?quoted_encoded?=" <q@example.com>',
  'Subject: encoded names',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  '',
  'body',
);

cases['date-obsolete'] = crlf('From: a@example.org', 'Subject: obsolete date', 'Date: 1 Jan 99 10:00 EST', '', 'body');

cases['missing-headers'] = crlf('X-Mailer: nothing else', '', 'A message with none of the envelope headers.');

cases['duplicate-headers'] = crlf(
  'From: first@example.org',
  'From: second@example.org',
  'Subject: first subject',
  'Subject: second subject',
  'To: one@example.org',
  'To: two@example.org',
  'Date: Mon, 2 Jan 2023 10:00:00 +0100',
  'Content-Type: text/html',
  'Content-Type: text/plain',
  '',
  'duplicates',
);

cases['references'] = crlf(
  ...HDR,
  'In-Reply-To: <a@example.org> (comment)',
  'References: <root@example.org> <a@example.org>',
  '\t<b@example.org>',
  '',
  'threading headers',
);

cases['nul-bytes'] = Buffer.concat([
  Buffer.from('From: nul@example.org\r\nSubject: has a \0 NUL\r\nDate: Mon, 2 Jan 2023 10:00:00 +0100\r\nContent-Type: text/plain\r\n\r\n', 'latin1'),
  Buffer.from('body with \0 NUL \0 bytes\r\n', 'latin1'),
]);

cases['invalid-base64'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="ib"',
  '',
  '--ib',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  'This is not base64 at all!!! ***',
  'SGVsbG8=extra=after=padding',
  '--ib--',
);

cases['quoted-printable'] = crlf(
  ...HDR,
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=E9 =3D coffee, trailing spaces   ',
  'soft=',
  'break and =XX broken escape and =',
  'end',
);

cases['unknown-charset'] = crlf(...HDR, 'Content-Type: text/plain; charset=x-no-such-charset', '', 'unknown charset body');

cases['unknown-encoding'] = crlf(...HDR, 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: x-uuencode', '', 'begin 644 file', '`', 'end');

cases['binary-encoding'] = Buffer.concat([
  Buffer.from([...HDR, 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: binary', '', ''].join('\r\n'), 'latin1'),
  Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0d, 0x0a, 0x80, 0x81]),
]);

cases['text-no-trailing-newline'] = Buffer.from([...HDR, 'Content-Type: text/plain', '', 'line one', 'line two without newline'].join('\r\n'));

cases['mixed-line-endings'] = Buffer.from(
  ['From: a@example.org\r', 'Subject: mixed', 'Content-Type: multipart/mixed; boundary=m\r', '\r', '--m\r', 'Content-Type: text/plain', '', 'lf line\r', 'crlf line', '--m--\r', ''].join('\n'),
);

cases['html-only'] = crlf(
  ...HDR,
  'Content-Type: text/html; charset=windows-1252',
  '',
  '<html><head><style>p{color:red}</style><title>T</title></head><body><h1>Title</h1><p>Para &amp; more&nbsp;text &#8364; &#x41;</p><br>line<ul><li>one</li></ul></body></html>',
);

cases['calendar'] = crlf(
  ...HDR,
  'Content-Type: multipart/alternative; boundary="cal"',
  '',
  '--cal',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  'Invitation',
  '--cal',
  'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
  'Content-Transfer-Encoding: 7bit',
  '',
  'BEGIN:VCALENDAR',
  'METHOD:REQUEST',
  'END:VCALENDAR',
  '--cal--',
);

cases['multipart-signed'] = crlf(
  ...HDR,
  'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="sig"',
  '',
  'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)',
  '--sig',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'signed text',
  '--sig',
  'Content-Type: application/pgp-signature; name="signature.asc"',
  'Content-Description: OpenPGP digital signature',
  'Content-Disposition: attachment; filename="signature.asc"',
  '',
  '-----BEGIN PGP SIGNATURE-----',
  'iQEzBAEBCAAdFiEE',
  '-----END PGP SIGNATURE-----',
  '--sig--',
);

cases['rfc822-base64-encoded'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="enc"',
  '',
  '--enc',
  'Content-Type: message/rfc822',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('From: x@example.org\r\nSubject: hidden\r\n\r\nbody\r\n').toString('base64'),
  '--enc--',
);

cases['rfc822-empty-inner'] = crlf(...HDR, 'Content-Type: multipart/mixed; boundary="ei"', '', '--ei', 'Content-Type: message/rfc822', '', '--ei--');

cases['multipart-only-preamble'] = crlf(...HDR, 'Content-Type: multipart/mixed; boundary="never"', '', 'only a preamble, no boundary line ever appears');

cases['epilogue-fake-boundary'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="fb"',
  '',
  '--fb',
  'Content-Type: text/plain',
  '',
  'one',
  '--fb--',
  '--fb',
  'Content-Type: text/plain',
  '',
  'this is epilogue, not a part',
);

cases['boundary-special-chars'] = crlf(
  ...HDR,
  "Content-Type: multipart/mixed; boundary=\"----=_Part_0_123.456(x)+'?=\"",
  '',
  "------=_Part_0_123.456(x)+'?=",
  'Content-Type: text/plain',
  '',
  'special characters in the boundary',
  "------=_Part_0_123.456(x)+'?=--",
);

cases['mbox-from-line'] = crlf('From alice@example.org Mon Jan  2 10:00:00 2023', ...HDR, '', 'mbox separator line before the header');

cases['space-before-colon'] = crlf('From : alice@example.org', 'Subject   : spaced', 'Date: Mon, 2 Jan 2023 10:00:00 +0100', 'Content-Type : text/html', '', 'obsolete whitespace before colon');

cases['leading-continuation'] = crlf('  continuation with no field before it', ...HDR, '', 'body');

cases['long-boundary'] = (() => {
  const b = 'x'.repeat(150);
  return crlf(...HDR, `Content-Type: multipart/mixed; boundary="${b}"`, '', `--${b}`, 'Content-Type: text/plain', '', 'long boundary', `--${b}--`);
})();

cases['format-flowed'] = crlf(...HDR, 'Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes', '', 'flowed text ', 'continues');

cases['content-id-description'] = crlf(
  ...HDR,
  'Content-Type: text/plain',
  'Content-ID: < spaced@id >',
  'Content-Description: =?utf-8?q?caf=C3=A9?= description',
  '',
  'x',
);

cases['message-partial'] = crlf(...HDR, 'Content-Type: message/partial; id="abc@example.org"; number=2; total=3', '', 'partial data');

cases['message-delivery-status'] = crlf(
  ...HDR,
  'Content-Type: multipart/report; report-type=delivery-status; boundary="rep"',
  '',
  '--rep',
  'Content-Type: text/plain',
  '',
  'delivery failed',
  '--rep',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.org',
  '',
  'Final-Recipient: rfc822; bob@example.net',
  'Action: failed',
  '--rep',
  'Content-Type: text/rfc822-headers',
  '',
  'From: alice@example.org',
  'Subject: original',
  '--rep--',
);

cases['windows-1252-body'] = Buffer.concat([
  Buffer.from([...HDR, 'Content-Type: text/plain; charset=windows-1252', 'Content-Transfer-Encoding: 8bit', '', ''].join('\r\n'), 'latin1'),
  Buffer.from('Smart \x93quotes\x94 and \x80 euro\r\n', 'latin1'),
]);

cases['attachment-large'] = (() => {
  const data = Buffer.alloc(60_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
  const b64 = data.toString('base64').replace(/.{76}/g, '$&\r\n');
  return crlf(
    ...HDR,
    'Content-Type: multipart/mixed; boundary="big"',
    '',
    '--big',
    'Content-Type: text/plain',
    '',
    'see attachment',
    '--big',
    'Content-Type: application/octet-stream; name="data.bin"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="data.bin"',
    '',
    b64.replace(/\r\n$/, ''),
    '--big--',
  );
})();

// --- generated breakage -------------------------------------------------------------------

cases['deep-multipart-1000'] = (() => {
  const depth = 1000;
  // "=N=" so that no boundary is a prefix of another.
  const lines: string[] = [...HDR, `Content-Type: multipart/mixed; boundary="=0="`, ''];
  for (let i = 0; i < depth; i++) lines.push(`--=${i}=`, `Content-Type: multipart/mixed; boundary="=${i + 1}="`, '');
  lines.push(`--=${depth}=`, 'Content-Type: text/plain', '', 'deepest');
  for (let i = depth; i >= 0; i--) lines.push(`--=${i}=--`);
  return crlf(...lines);
})();

cases['deep-rfc822-150'] = (() => {
  const lines: string[] = [];
  for (let i = 0; i < 150; i++) lines.push(`From: level${i}@example.org`, `Subject: level ${i}`, 'Content-Type: message/rfc822', '');
  lines.push('From: bottom@example.org', 'Subject: bottom', '', 'the bottom');
  return crlf(...lines);
})();

cases['long-header-line-500k'] = crlf('From: a@example.org', 'Subject: ' + 'x'.repeat(500 * 1024), 'X-Long: ' + 'y'.repeat(100), 'Content-Type: text/plain', '', 'after the long line');

cases['many-parts-300'] = (() => {
  const lines: string[] = [...HDR, 'Content-Type: multipart/mixed; boundary="mp"', ''];
  for (let i = 0; i < 300; i++) lines.push('--mp', `Content-Type: text/plain; name="p${i}.txt"`, '', `part ${i}`);
  lines.push('--mp--');
  return crlf(...lines);
})();

cases['crlf-only-body'] = crlf(...HDR, 'Content-Type: text/plain', '', '', '', '');

cases['boundary-in-body-text'] = crlf(
  ...HDR,
  'Content-Type: multipart/mixed; boundary="bt"',
  '',
  '--bt',
  'Content-Type: text/plain',
  '',
  'a line mentioning --bt in the middle is not a boundary',
  ' --bt indented is not one either',
  '--bt--',
);

cases['header-8bit-params'] = crlf(...HDR, 'Content-Type: application/octet-stream; name="naïve.txt"', 'Content-Disposition: attachment; filename="naïve.txt"', '', 'x');

mkdirSync(OUT, { recursive: true });
for (const [name, bytes] of Object.entries(cases)) writeFileSync(join(OUT, `${name}.eml`), bytes);
console.log(`${Object.keys(cases).length} cases written to ${OUT}`);
