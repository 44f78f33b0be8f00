/**
 * ENABLE (RFC 5161) of IMAP4rev2 (RFC 9051), UTF8=ACCEPT (RFC 6855), CONDSTORE and QRESYNC
 * (RFC 7162), and what each changes in later responses.
 */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';
import { withLiteral } from '../transcript.js';

test('ENABLE: each extension once, unknown names ignored, QRESYNC implies CONDSTORE, not before login', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    C: a ENABLE CONDSTORE
    S: a BAD Log in first
    login alice secret
    C: b ENABLE X-UNKNOWN
    S: * ENABLED
    S: b OK ENABLE completed
    C: c ENABLE QRESYNC
    S: * ENABLED QRESYNC CONDSTORE
    S: c OK ENABLE completed
    C: d ENABLE CONDSTORE qresync utf8=accept
    S: * ENABLED UTF8=ACCEPT
    S: d OK ENABLE completed
    C: e ENABLE imap4rev2 IMAP4REV2
    S: * ENABLED IMAP4rev2
    S: e OK ENABLE completed
    C: f ENABLE
    S: f BAD Syntax error: {{*}}
  `);
});

test('ENABLE CONDSTORE with a mailbox selected reports HIGHESTMODSEQ at once (RFC 7162 3.1)', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one')]);
  const mailbox = await ts.mailbox(alice);
  await ts.run(
    `
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b ENABLE CONDSTORE
    S: * OK [HIGHESTMODSEQ {{modseq}}] Highest
    S: * ENABLED CONDSTORE
    S: b OK ENABLE completed
    C: c FETCH 1 (FLAGS)
    S: * 1 FETCH (FLAGS (\\Recent))
    S: c OK FETCH completed
    C: d STORE 1 +FLAGS (\\Seen)
    S: * 1 FETCH (FLAGS (\\Seen \\Recent) MODSEQ ({{:num}}))
    S: d OK STORE completed
  `,
    { modseq: String(mailbox.highestModseq) },
  );
});

test('IMAP4rev2: no RECENT, a LIST response in SELECT, ESEARCH for SEARCH, UTF-8 names', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one'), message('two')], { flags: ['\\Seen'] });
  await ts.run(`
    login alice secret
    C: a ENABLE IMAP4rev2
    S: * ENABLED IMAP4rev2
    S: a OK ENABLE completed
    C: b CREATE "Entwürfe/Ünter"
    S: b OK [MAILBOXID ({{:token}})] CREATE completed
    C: c LIST "" "Entw*"
    S: * LIST (\\HasChildren) "/" "Entwürfe"
    S: * LIST (\\HasNoChildren) "/" "Entwürfe/Ünter"
    S: c OK LIST completed
    C: d SELECT INBOX
    S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
    S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
    S: * 2 EXISTS
    S: * LIST (\\HasNoChildren) "/" INBOX
    S: * OK [UIDVALIDITY {{uv}}] UIDs valid
    S: * OK [UIDNEXT 3] Predicted next UID
    S: * OK [MAILBOXID ({{id}})] Mailbox id
    S: d OK [READ-WRITE] SELECT completed
    C: e SEARCH ALL
    S: * ESEARCH (TAG "e") ALL 1:2
    S: e OK SEARCH completed
    C: f UID SEARCH UNSEEN
    S: * ESEARCH (TAG "f") UID
    S: f OK SEARCH completed
    C: g FETCH 1:* (FLAGS)
    S: * 1 FETCH (FLAGS (\\Seen))
    S: * 2 FETCH (FLAGS (\\Seen))
    S: g OK FETCH completed
    C: h SELECT "Entwürfe"
    S: * OK [CLOSED] Previous mailbox closed
    S: * FLAGS ({{*}})
    S: * OK [PERMANENTFLAGS ({{*}})] Flags permitted
    S: * 0 EXISTS
    S: * LIST (\\HasChildren) "/" "Entwürfe"
    S* h OK [READ-WRITE] SELECT completed
    # RECENT is gone from IMAP4rev2; still accepted, it matches nothing.
    C: i SEARCH RECENT
    S: * ESEARCH (TAG "i")
    S: i OK SEARCH completed
  `);
});

test('UTF8=ACCEPT: UTF-8 names in and out; IMAP4rev1 sessions see modified UTF-7', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    1 login alice secret
    1 C: a CREATE "Entw&APw-rfe"
    1 S: a OK [MAILBOXID ({{:token}})] CREATE completed
    1 C: b LIST "" "Entw*"
    1 S: * LIST (\\HasNoChildren) "/" Entw&APw-rfe
    1 S: b OK LIST completed
    1 C: c CREATE "Entwürfe2"
    1 S: c NO [CANNOT] Invalid mailbox name: 8-bit mailbox name without UTF-8 enabled
    1 C: d CREATE "&Jjo-!"
    1 S: d OK [MAILBOXID ({{:token}})] CREATE completed
    1 C: e CREATE "&Jjo"
    1 S: e NO [CANNOT] Invalid mailbox name: invalid modified UTF-7: {{*}}
    2 login alice secret
    2 C: f ENABLE UTF8=ACCEPT
    2 S: * ENABLED UTF8=ACCEPT
    2 S: f OK ENABLE completed
    2 C: g LIST "" *
    2 S: * LIST (\\HasNoChildren) "/" INBOX
    2 S* * LIST (\\HasNoChildren) "/" "Entwürfe"
    2 S* * LIST (\\HasNoChildren) "/" "☺!"
    2 S* g OK LIST completed
    2 C: h STATUS "Entwürfe" (MESSAGES)
    2 S: * STATUS "Entwürfe" (MESSAGES 0)
    2 S: h OK STATUS completed
    2 ${withLiteral('i APPEND "Entwürfe"', 'Subject: ünïcode\r\n\r\nbody\r\n')}
    2 S: i OK [APPENDUID {{:num}} 1] APPEND completed
    1 C: j STATUS "Entw&APw-rfe" (MESSAGES)
    1 S: * STATUS Entw&APw-rfe (MESSAGES 1)
    1 S: j OK STATUS completed
  `);
});
