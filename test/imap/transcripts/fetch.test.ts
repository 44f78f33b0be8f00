/**
 * FETCH and UID FETCH (RFC 9051 6.4.5): every data item, sections and partials, BINARY
 * (RFC 3516), RFC822.* (RFC 3501), \Seen by non-PEEK fetches with FLAGS in the same response,
 * MODSEQ/CHANGEDSINCE (RFC 7162), PREVIEW (RFC 8970), SAVEDATE (RFC 8514), EMAILID/THREADID
 * (RFC 8474), the macros, and sequence set errors.
 */

import { test } from 'node:test';
import { startImapServer } from '../setup.js';

const SIMPLE = 'From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: first\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <first@example.org>\r\n\r\nHello one.\r\n';
const MULTI = [
  'From: Carol <carol@example.org>',
  'To: Bob <bob@example.org>',
  'Cc: Dave <dave@example.org>',
  'Subject: second message',
  'Date: Sat, 28 Nov 2026 10:00:00 +0000',
  'Message-ID: <second@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="XX"',
  '',
  'preamble',
  '--XX',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'H=C3=A9llo two.',
  '--XX',
  'Content-Type: application/octet-stream; name="a.bin"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="a.bin"',
  '',
  'AAECAwQFBgcICQ==',
  '--XX',
  'Content-Type: message/rfc822',
  '',
  'From: Eve <eve@example.org>',
  'Subject: inner',
  'Content-Type: text/plain',
  '',
  'Inner body.',
  '--XX--',
  'epilogue',
  '',
].join('\r\n');
const WEIRD = 'Subject: cte\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-weird\r\n\r\nabc\r\n';
const PREVIEW = 'From: Alice <alice@example.org>\r\nSubject: preview\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThis is the first line of a rather long message body, which goes on.\r\nSecond line.\r\n';

const ENVELOPE_1 =
  '("Fri, 27 Nov 2026 10:00:00 +0000" "first" (("Alice" NIL "alice" "example.org")) (("Alice" NIL "alice" "example.org")) (("Alice" NIL "alice" "example.org")) (("Bob" NIL "bob" "example.org")) NIL NIL NIL "<first@example.org>")';
const BODYSTRUCTURE_2 =
  '(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 15 0 NIL NIL NIL NIL)("application" "octet-stream" ("name" "a.bin") NIL NIL "base64" 16 NIL ("attachment" ("filename" "a.bin")) NIL NIL)' +
  '("message" "rfc822" NIL NIL NIL "7bit" 84 (NIL "inner" (("Eve" NIL "eve" "example.org")) (("Eve" NIL "eve" "example.org")) (("Eve" NIL "eve" "example.org")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 11 0 NIL NIL NIL NIL) 4 NIL NIL NIL NIL) "mixed" ("boundary" "XX") NIL NIL NIL)';
const BODY_2 =
  '(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 15 0)("application" "octet-stream" ("name" "a.bin") NIL NIL "base64" 16)' +
  '("message" "rfc822" NIL NIL NIL "7bit" 84 (NIL "inner" (("Eve" NIL "eve" "example.org")) (("Eve" NIL "eve" "example.org")) (("Eve" NIL "eve" "example.org")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 11 0) 4) "mixed")';

async function setup(t: import('node:test').TestContext) {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [SIMPLE], { flags: ['\\Seen'], date: new Date('2026-11-27T10:00:00Z') });
  await ts.deliver(alice, [MULTI, WEIRD, PREVIEW], { date: new Date('2026-11-28T10:00:00Z') });
  return ts;
}

test('FETCH: flags, dates, size, ENVELOPE, BODY, BODYSTRUCTURE, UID, macros', async (t) => {
  const ts = await setup(t);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b FETCH 1 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)
    S: * 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) INTERNALDATE "27-Nov-2026 10:00:00 +0000" RFC822.SIZE ${SIMPLE.length} ENVELOPE ${ENVELOPE_1})
    S: b OK FETCH completed
    C: c FETCH 2 (BODYSTRUCTURE BODY)
    S: * 2 FETCH (BODYSTRUCTURE ${BODYSTRUCTURE_2} BODY ${BODY_2})
    S: c OK FETCH completed
    C: d FETCH 1 FAST
    S: * 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE "27-Nov-2026 10:00:00 +0000" RFC822.SIZE ${SIMPLE.length})
    S: d OK FETCH completed
    C: e FETCH 1 ALL
    S: * 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE "27-Nov-2026 10:00:00 +0000" RFC822.SIZE ${SIMPLE.length} ENVELOPE ${ENVELOPE_1})
    S: e OK FETCH completed
    C: f FETCH 1 FULL
    S: * 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE "27-Nov-2026 10:00:00 +0000" RFC822.SIZE ${SIMPLE.length} ENVELOPE ${ENVELOPE_1} BODY ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 1))
    S: f OK FETCH completed
    C: g UID FETCH 2:3 FLAGS
    S: * 2 FETCH (UID 2 FLAGS (\\Recent))
    S: * 3 FETCH (UID 3 FLAGS (\\Recent))
    S: g OK FETCH completed
    C: h FETCH 3:* (UID)
    S: * 3 FETCH (UID 3)
    S: * 4 FETCH (UID 4)
    S: h OK FETCH completed
    C: i UID FETCH 3:* (UID)
    S: * 3 FETCH (UID 3)
    S: * 4 FETCH (UID 4)
    S: i OK FETCH completed
    C: j UID FETCH 10:* (UID)
    S: * 4 FETCH (UID 4)
    S: j OK FETCH completed
    C: k UID FETCH 10:20 (UID)
    S: k OK FETCH completed
    C: l FETCH 5 (UID)
    S: l BAD Invalid message sequence number (the mailbox has 4 messages)
    C: m FETCH 1 (BOGUS)
    S: m BAD Syntax error: unknown FETCH item BOGUS
    C: n FETCH 1 (UID
    S: n BAD Syntax error: {{*}}
    C: o FETCH 0 UID
    S: o BAD Syntax error: {{*}}
    C: p FETCH 1,3,2 (UID)
    S: * 1 FETCH (UID 1)
    S: * 2 FETCH (UID 2)
    S: * 3 FETCH (UID 3)
    S: p OK FETCH completed
    C: q FETCH 1 (PREVIEW SAVEDATE EMAILID THREADID MODSEQ)
    S: * OK [HIGHESTMODSEQ {{:num}}] Highest
    S: * 1 FETCH (PREVIEW "Hello one." SAVEDATE {{:date}} EMAILID ({{:token}}) THREADID NIL MODSEQ ({{:num}}))
    S: q OK FETCH completed
    C: r FETCH 4 (PREVIEW (LAZY))
    S: * 4 FETCH (PREVIEW "This is the first line of a rather long message body, which goes on. Second line.")
    S: r OK FETCH completed
  `);
});

test('FETCH sections: HEADER, HEADER.FIELDS(.NOT), TEXT, MIME, nested parts, message/rfc822, partials, RFC822.*', async (t) => {
  const ts = await setup(t);
  const header1 = SIMPLE.slice(0, SIMPLE.indexOf('\r\n\r\n') + 4);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b FETCH 1 (BODY[HEADER])
    S: * 1 FETCH (BODY[HEADER] {${header1.length}}
    S: From: Alice <alice@example.org>
    S: To: Bob <bob@example.org>
    S: Subject: first
    S: Date: Fri, 27 Nov 2026 10:00:00 +0000
    S: Message-ID: <first@example.org>
    S:
    S: )
    S: b OK FETCH completed
    C: c FETCH 2 (BODY.PEEK[HEADER.FIELDS (Subject CC X-None)] BODY.PEEK[HEADER.FIELDS.NOT (From To Cc Date Message-ID MIME-Version Content-Type)])
    S: * 2 FETCH (BODY[HEADER.FIELDS (Subject CC X-None)] {56}
    S: Cc: Dave <dave@example.org>
    S: Subject: second message
    S:
    S:  BODY[HEADER.FIELDS.NOT (From To Cc Date Message-ID MIME-Version Content-Type)] {27}
    S: Subject: second message
    S:
    S: )
    S: c OK FETCH completed
    C: d FETCH 2 (BODY[1] BODY[1.MIME] BODY[2] BODY[3.HEADER] BODY[3.TEXT] BODY[3.1] BODY[4])
    S: * 2 FETCH (BODY[1] "H=C3=A9llo two." BODY[1.MIME] {88}
    S: Content-Type: text/plain; charset=utf-8
    S: Content-Transfer-Encoding: quoted-printable
    S:
    S:  BODY[2] "AAECAwQFBgcICQ==" BODY[3.HEADER] {73}
    S: From: Eve <eve@example.org>
    S: Subject: inner
    S: Content-Type: text/plain
    S:
    S:  BODY[3.TEXT] "Inner body." BODY[3.1] "Inner body." BODY[4] "")
    S: d OK FETCH completed
    C: e FETCH 1 (BODY[TEXT]<2.5> BODY[]<0.4> BODY[]<1000.10> BODY[1]<6>)
    S: e BAD Syntax error: {{*}}
    C: f FETCH 1 (BODY[TEXT]<2.5> BODY[]<0.4> BODY[]<1000.10>)
    S: * 1 FETCH (BODY[TEXT]<2> "llo o" BODY[]<0> "From" BODY[]<1000> "")
    S: f OK FETCH completed
    C: g FETCH 1 (RFC822.HEADER RFC822.TEXT)
    S: * 1 FETCH (RFC822.HEADER {${header1.length}}
    S: From: Alice <alice@example.org>
    S: To: Bob <bob@example.org>
    S: Subject: first
    S: Date: Fri, 27 Nov 2026 10:00:00 +0000
    S: Message-ID: <first@example.org>
    S:
    S:  RFC822.TEXT {12}
    S: Hello one.
    S: )
    S: g OK FETCH completed
    C: h FETCH 1 (RFC822)
    S: * 1 FETCH (RFC822 {${SIMPLE.length}}
    S: From: Alice <alice@example.org>
    S* Hello one.
    S: )
    S: h OK FETCH completed
    C: i FETCH 1 (BODY[MIME])
    S: i BAD Syntax error: MIME needs a part number
    C: j FETCH 1 (BODY[1.BOGUS])
    S: j BAD Syntax error: unknown section BOGUS
  `);
});

test('FETCH BINARY: decoded parts, BINARY.SIZE, literal8 for NULs, partials, UNKNOWN-CTE', async (t) => {
  const ts = await setup(t);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b FETCH 2 (BINARY.SIZE[1] BINARY.SIZE[2] BINARY.PEEK[1] BINARY.PEEK[2] BINARY.PEEK[2]<2.3>)
    S: * 2 FETCH (BINARY.SIZE[1] 11 BINARY.SIZE[2] 10 BINARY[1] {11}
    S: Héllo two. BINARY[2] ~{10}
    S: \u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009 BINARY[2]<2> {3}
    S: \u0002\u0003\u0004)
    S: b OK FETCH completed
    C: c FETCH 1 (BINARY.PEEK[] BINARY.SIZE[])
    S: * 1 FETCH (BINARY[] {${SIMPLE.length}}
    S* Hello one.
    S:  BINARY.SIZE[] ${SIMPLE.length})
    S: c OK FETCH completed
    C: d FETCH 3 (BINARY.SIZE[1])
    S: d NO [UNKNOWN-CTE] Part 1 has an unknown transfer encoding
    C: e FETCH 3 (BINARY.PEEK[1])
    S: e NO [UNKNOWN-CTE] Part 1 has an unknown transfer encoding
    C: f FETCH 3 (BODY.PEEK[1])
    S: * 3 FETCH (BODY[1] {5}
    S: abc
    S: )
    S: f OK FETCH completed
    C: g FETCH 2 (BINARY.PEEK[9])
    S: * 2 FETCH (BINARY[9] "")
    S: g OK FETCH completed
    C: h FETCH 2 (BINARY.PEEK[1.MIME])
    S: h BAD Syntax error: {{*}}
  `);
});

test('FETCH without PEEK sets \\Seen and reports FLAGS in the same response; not in EXAMINE', async (t) => {
  const ts = await setup(t);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b FETCH 2 (BODY[1])
    S: * 2 FETCH (BODY[1] "H=C3=A9llo two.")
    S: b OK FETCH completed
    C: c SELECT INBOX
    S* c OK [READ-WRITE] SELECT completed
    C: d FETCH 2 (BODY[1])
    S: * 2 FETCH (BODY[1] "H=C3=A9llo two." FLAGS (\\Seen \\Recent))
    S: d OK FETCH completed
    C: e FETCH 2 (BODY[1])
    S: * 2 FETCH (BODY[1] "H=C3=A9llo two.")
    S: e OK FETCH completed
    C: f UID FETCH 3 (FLAGS RFC822.TEXT)
    S: * 3 FETCH (UID 3 FLAGS (\\Seen \\Recent) RFC822.TEXT {5}
    S: abc
    S: )
    S: f OK FETCH completed
    C: g FETCH 4 (BINARY[1]<0.4>)
    S: * 4 FETCH (BINARY[1]<0> "This" FLAGS (\\Seen \\Recent))
    S: g OK FETCH completed
    C: h FETCH 1:4 (FLAGS)
    S: * 1 FETCH (FLAGS (\\Seen \\Recent))
    S: * 2 FETCH (FLAGS (\\Seen \\Recent))
    S: * 3 FETCH (FLAGS (\\Seen \\Recent))
    S: * 4 FETCH (FLAGS (\\Seen \\Recent))
    S: h OK FETCH completed
    C: i STORE 1:4 -FLAGS.SILENT (\\Seen)
    S: i OK STORE completed
    C: j FETCH 1 (RFC822)
    S: * 1 FETCH (RFC822 {${SIMPLE.length}}
    S* Hello one.
    S:  FLAGS (\\Seen \\Recent))
    S: j OK FETCH completed
    C: k ENABLE CONDSTORE
    S: * OK [HIGHESTMODSEQ {{:num}}] Highest
    S: * ENABLED CONDSTORE
    S: k OK ENABLE completed
    C: l FETCH 2 (BODY[HEADER.FIELDS (SUBJECT)])
    S: * 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {27}
    S: Subject: second message
    S:
    S:  FLAGS (\\Seen \\Recent) MODSEQ ({{:num}}))
    S: l OK FETCH completed
  `);
});
