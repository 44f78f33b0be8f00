/**
 * SEARCH and UID SEARCH (RFC 9051 6.4.4, RFC 3501 6.4.4): every key of both RFCs, nested
 * OR/NOT and parentheses, sequence sets with * and $, CHARSET and BADCHARSET, ESEARCH
 * (RFC 4731), SEARCHRES (RFC 5182), MODSEQ (RFC 7162), OLDER/YOUNGER (RFC 5032), SAVEDATE
 * (RFC 8514), EMAILID/THREADID (RFC 8474).
 */

import { test } from 'node:test';
import { formatDate } from '../../../src/imap/protocol/index.js';
import { startImapServer } from '../setup.js';

const M1 = [
  'From: Alice <alice@example.org>',
  'To: Bob <bob@example.org>',
  'Cc: Carol <carol@example.org>',
  'Bcc: Dave <dave@example.org>',
  'Subject: Quarterly report',
  'Date: Thu, 01 Jan 2026 12:00:00 +0000',
  'Message-ID: <q1@example.org>',
  '',
  'The numbers are up.',
  '',
].join('\r\n');
const M2 = [
  'From: =?utf-8?q?Zo=C3=AB?= <zoe@example.org>',
  'To: Bob <bob@example.org>',
  'Subject: =?utf-8?b?w5xuw69jb2Rl?=',
  'Date: Sun, 15 Feb 2026 12:00:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Un café, merci.',
  '',
].join('\r\n');
const M3 = [
  'From: Bob <bob@example.org>',
  'To: Alice <alice@example.org>',
  'Subject: Re: Quarterly report',
  'Date: Tue, 10 Mar 2026 12:00:00 +0000',
  'X-Spam: yes',
  '',
  'x'.repeat(2000),
  '',
].join('\r\n');

/** Today (UTC, as the server compares dates) as an IMAP date. */
function todayDate(): string {
  const now = new Date();
  return formatDate({ year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() });
}

async function setup(t: import('node:test').TestContext) {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [M1], { flags: ['\\Seen', '\\Answered'], date: new Date('2026-01-02T12:00:00Z') });
  await ts.deliver(alice, [M2], { flags: ['\\Flagged', '\\Draft', '$Work'], date: new Date('2026-02-15T12:00:00Z') });
  await ts.deliver(alice, [M3], { flags: ['\\Deleted'] });
  return { ts, alice };
}

test('SEARCH: flags, addresses, dates, sizes, text, headers, UID, sequence sets', async (t) => {
  const { ts } = await setup(t);
  const today = todayDate();
  await ts.run(`
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b SEARCH ALL
    S: * SEARCH 1 2 3
    S: b OK SEARCH completed
    C: c SEARCH ANSWERED
    S: * SEARCH 1
    S: c OK SEARCH completed
    C: d SEARCH UNANSWERED DELETED
    S: * SEARCH 3
    S: d OK SEARCH completed
    C: e SEARCH UNDELETED DRAFT FLAGGED
    S: * SEARCH 2
    S: e OK SEARCH completed
    C: f SEARCH UNDRAFT UNFLAGGED SEEN
    S: * SEARCH 1
    S: f OK SEARCH completed
    C: g SEARCH UNSEEN
    S: * SEARCH 2 3
    S: g OK SEARCH completed
    C: h SEARCH KEYWORD $Work
    S: * SEARCH 2
    S: h OK SEARCH completed
    C: i SEARCH UNKEYWORD $work
    S: * SEARCH 1 3
    S: i OK SEARCH completed
    C: j SEARCH RECENT
    S: * SEARCH 1 2 3
    S: j OK SEARCH completed
    C: k SEARCH NEW
    S: * SEARCH 2 3
    S: k OK SEARCH completed
    C: l SEARCH OLD
    S: * SEARCH
    S: l OK SEARCH completed
    C: m SEARCH FROM alice
    S: * SEARCH 1
    S: m OK SEARCH completed
    C: n SEARCH FROM "zoë"
    S: * SEARCH 2
    S: n OK SEARCH completed
    C: o SEARCH TO alice@example.org
    S: * SEARCH 3
    S: o OK SEARCH completed
    C: p SEARCH CC carol BCC dave
    S: * SEARCH 1
    S: p OK SEARCH completed
    C: q SEARCH SUBJECT "quarterly REPORT"
    S: * SEARCH 1 3
    S: q OK SEARCH completed
    C: r SEARCH SUBJECT "ünïcode"
    S: * SEARCH 2
    S: r OK SEARCH completed
    C: s SEARCH BODY "café"
    S: * SEARCH 2
    S: s OK SEARCH completed
    C: s2 SEARCH BODY café
    S: s2 BAD Syntax error: {{*}}
    C: t SEARCH TEXT "numbers"
    S: * SEARCH 1
    S: t OK SEARCH completed
    C: u SEARCH TEXT x-spam
    S: * SEARCH 3
    S: u OK SEARCH completed
    C: v SEARCH HEADER X-Spam yes
    S: * SEARCH 3
    S: v OK SEARCH completed
    C: w SEARCH HEADER Message-ID ""
    S: * SEARCH 1
    S: w OK SEARCH completed
    C: x SEARCH LARGER 1000
    S: * SEARCH 3
    S: x OK SEARCH completed
    C: y SEARCH SMALLER 1000
    S: * SEARCH 1 2
    S: y OK SEARCH completed
    C: z SEARCH BEFORE 15-Feb-2026
    S: * SEARCH 1
    S: z OK SEARCH completed
    C: a1 SEARCH ON 15-Feb-2026
    S: * SEARCH 2
    S: a1 OK SEARCH completed
    C: a2 SEARCH SINCE 15-Feb-2026
    S: * SEARCH 2 3
    S: a2 OK SEARCH completed
    C: a3 SEARCH SENTBEFORE 15-Feb-2026
    S: * SEARCH 1
    S: a3 OK SEARCH completed
    C: a4 SEARCH SENTON 10-Mar-2026
    S: * SEARCH 3
    S: a4 OK SEARCH completed
    C: a5 SEARCH SENTSINCE 1-Feb-2026
    S: * SEARCH 2 3
    S: a5 OK SEARCH completed
    C: a6 SEARCH ON ${today}
    S: * SEARCH 3
    S: a6 OK SEARCH completed
    C: a7 SEARCH 2:*
    S: * SEARCH 2 3
    S: a7 OK SEARCH completed
    C: a8 SEARCH *
    S: * SEARCH 3
    S: a8 OK SEARCH completed
    C: a9 SEARCH 1,3 UID 2:3
    S: * SEARCH 3
    S: a9 OK SEARCH completed
    C: b1 UID SEARCH UID 1:*
    S: * SEARCH 1 2 3
    S: b1 OK SEARCH completed
    C: b2 SEARCH 7
    S: * SEARCH
    S: b2 OK SEARCH completed
    C: b3 SEARCH BEFORE 31-Feb-2026
    S: b3 BAD Syntax error: {{*}}
    C: b4 SEARCH LARGER x
    S: b4 BAD Syntax error: {{*}}
    C: b5 SEARCH BOGUS
    S: b5 BAD Syntax error: unknown search key BOGUS
    C: b6 SEARCH
    S: b6 BAD Syntax error: {{*}}
  `);
});

test('SEARCH: nested OR, NOT and parentheses; CHARSET and BADCHARSET', async (t) => {
  const { ts } = await setup(t);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b SEARCH OR SEEN FLAGGED
    S: * SEARCH 1 2
    S: b OK SEARCH completed
    C: c SEARCH NOT OR SEEN FLAGGED
    S: * SEARCH 3
    S: c OK SEARCH completed
    C: d SEARCH OR (FROM bob LARGER 100) OR SUBJECT nothing NOT NOT KEYWORD $Work
    S: * SEARCH 2 3
    S: d OK SEARCH completed
    C: e SEARCH (OR 1 3) (NOT (DELETED))
    S: * SEARCH 1
    S: e OK SEARCH completed
    C: f SEARCH ((((ALL))))
    S: * SEARCH 1 2 3
    S: f OK SEARCH completed
    C: g SEARCH CHARSET UTF-8 BODY "café"
    S: * SEARCH 2
    S: g OK SEARCH completed
    C: h SEARCH CHARSET us-ascii SUBJECT report
    S: * SEARCH 1 3
    S: h OK SEARCH completed
    C: i SEARCH CHARSET KOI8-R ALL
    S: i NO [BADCHARSET (UTF-8 US-ASCII)] Charset KOI8-R is not supported
    C: j SEARCH CHARSET UTF-8 SUBJECT {5}
    S: + Ready for literal data
    C: Ünï
    S: * SEARCH 2
    S: j OK SEARCH completed
    C: k SEARCH OR SEEN
    S: k BAD Syntax error: {{*}}
    C: l SEARCH (SEEN
    S: l BAD Syntax error: {{*}}
    C: m SEARCH NOT
    S: m BAD Syntax error: {{*}}
  `);
});

test('ESEARCH: MIN MAX ALL COUNT, RETURN (), UID; SEARCHRES: SAVE, $, MIN/MAX with SAVE', async (t) => {
  const { ts } = await setup(t);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b SEARCH RETURN (MIN MAX COUNT ALL) NOT SEEN
    S: * ESEARCH (TAG "b") MIN 2 MAX 3 ALL 2:3 COUNT 2
    S: b OK SEARCH completed
    C: c SEARCH RETURN () ALL
    S: * ESEARCH (TAG "c") ALL 1:3
    S: c OK SEARCH completed
    C: d UID SEARCH RETURN (COUNT) SUBJECT nothing
    S: * ESEARCH (TAG "d") UID COUNT 0
    S: d OK SEARCH completed
    C: e SEARCH RETURN (MIN MAX) SUBJECT nothing
    S: * ESEARCH (TAG "e")
    S: e OK SEARCH completed
    C: f SEARCH RETURN (BOGUS) ALL
    S: f BAD Syntax error: unknown SEARCH return option BOGUS
    C: g SEARCH RETURN (SAVE) NOT SEEN
    S: g OK SEARCH completed
    C: h FETCH $ (UID)
    S: * 2 FETCH (UID 2)
    S: * 3 FETCH (UID 3)
    S: h OK FETCH completed
    C: i SEARCH $ FLAGGED
    S: * SEARCH 2
    S: i OK SEARCH completed
    C: j UID SEARCH UID $
    S: * SEARCH 2 3
    S: j OK SEARCH completed
    C: k SEARCH RETURN (SAVE MIN) ALL
    S: * ESEARCH (TAG "k") MIN 1
    S: k OK SEARCH completed
    C: l SEARCH $
    S: * SEARCH 1
    S: l OK SEARCH completed
    C: m SEARCH RETURN (SAVE MIN MAX) ALL
    S: * ESEARCH (TAG "m") MIN 1 MAX 3
    S: m OK SEARCH completed
    C: n UID FETCH $ (UID)
    S: * 1 FETCH (UID 1)
    S: * 3 FETCH (UID 3)
    S: n OK FETCH completed
    C: o SEARCH RETURN (SAVE COUNT MIN) ALL
    S: * ESEARCH (TAG "o") MIN 1 COUNT 3
    S: o OK SEARCH completed
    C: p SEARCH $
    S: * SEARCH 1 2 3
    S: p OK SEARCH completed
    C: q SEARCH RETURN (SAVE) CHARSET KOI8-R ALL
    S: q NO [BADCHARSET (UTF-8 US-ASCII)] Charset KOI8-R is not supported
    C: r SEARCH $
    S: * SEARCH
    S: r OK SEARCH completed
    C: s SEARCH RETURN (SAVE) ALL
    S: s OK SEARCH completed
    C: t SELECT INBOX
    S* t OK [READ-WRITE] SELECT completed
    C: u SEARCH $
    S: * SEARCH
    S: u OK SEARCH completed
  `);
});

test('SEARCH: MODSEQ, OLDER/YOUNGER, SAVEDATE keys, EMAILID/THREADID', async (t) => {
  const { ts, alice } = await setup(t);
  const today = todayDate();
  const store = ts.server.context.services.store;
  const inbox = await ts.mailbox(alice);
  const [first] = await store.getEntries(inbox.id, [1]);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b SEARCH MODSEQ 1
    S: * OK [HIGHESTMODSEQ {{hms:num}}] Highest
    S: * SEARCH 1 2 3 (MODSEQ {{hms}})
    S: b OK SEARCH completed
    C: c SEARCH MODSEQ {{hms}}
    S: * SEARCH 3 (MODSEQ {{hms}})
    S: c OK SEARCH completed
    C: d SEARCH MODSEQ "/flags/\\\\draft" all 1
    S: * SEARCH 1 2 3 (MODSEQ {{hms}})
    S: d OK SEARCH completed
    C: e SEARCH RETURN (MAX) MODSEQ 1
    S: * ESEARCH (TAG "e") MAX 3 MODSEQ {{hms}}
    S: e OK SEARCH completed
    C: f SEARCH YOUNGER 3600
    S: * SEARCH 3
    S: f OK SEARCH completed
    C: g SEARCH OLDER 3600
    S: * SEARCH 1 2
    S: g OK SEARCH completed
    C: h SEARCH OLDER 0
    S: h BAD Syntax error: {{*}}
    C: i SEARCH SAVEDON ${today}
    S: * SEARCH 1 2 3
    S: i OK SEARCH completed
    C: j SEARCH SAVEDBEFORE ${today}
    S: * SEARCH
    S: j OK SEARCH completed
    C: k SEARCH SAVEDSINCE 1-Jan-2000 SAVEDATESUPPORTED
    S: * SEARCH 1 2 3
    S: k OK SEARCH completed
    C: l SEARCH EMAILID E${first!.messageId}
    S: * SEARCH 1
    S: l OK SEARCH completed
    C: m SEARCH THREADID T1
    S: * SEARCH
    S: m OK SEARCH completed
    C: n SEARCH EMAILID "bad id!"
    S: n BAD Syntax error: {{*}}
  `);
});

test('SEARCH never sends EXPUNGE, but UID SEARCH may (RFC 9051 7.5.1)', async (t) => {
  const { ts } = await setup(t);
  await ts.run(`
    1 login alice secret
    1 C: a SELECT INBOX
    1 S* a OK [READ-WRITE] SELECT completed
    2 login alice secret
    2 C: b SELECT INBOX
    2 S* b OK [READ-WRITE] SELECT completed
    2 C: c EXPUNGE
    2 S: * 3 EXPUNGE
    2 S: c OK EXPUNGE completed
    1 C: d SEARCH ALL
    1 S: * SEARCH 1 2
    1 S: d OK SEARCH completed
    1 C: e FETCH 3 (UID)
    1 S: e OK [EXPUNGEISSUED] Some of the requested messages no longer exist
    1 C: f STORE 3 +FLAGS (\\Seen)
    1 S: f OK STORE completed
    1 C: g UID SEARCH ALL
    1 S: * SEARCH 1 2
    1 S: * 3 EXPUNGE
    1 S: * 2 RECENT
    1 S: g OK SEARCH completed
  `);
});
