/**
 * APPEND (RFC 9051 6.3.12): flags, date, LITERAL+ (RFC 7888), refusals before the "+"
 * (TRYCREATE, OVERQUOTA, TOOBIG: RFC 7889), APPENDUID (RFC 4315), MULTIAPPEND (RFC 3502),
 * literal8 (RFC 3516), UTF8 (RFC 6855), empty messages, EXISTS for the selected mailbox.
 */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';
import { raw, withLiteral } from '../transcript.js';

const MSG = 'Subject: hi\r\n\r\nHello\r\n';

test('APPEND: sync literal, flags and date, APPENDUID, TRYCREATE before the "+", errors', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  const drafts = await ts.mailbox(alice, 'Drafts');
  await ts.run(
    `
    login alice secret
    C: a APPEND Drafts (\\Seen \\Draft $Todo) "05-Mar-2026 14:15:16 +0100" {${MSG.length}}
    S: + Ready for literal data
    ${raw(MSG + '\r\n')}
    S: a OK [APPENDUID ${drafts.uidValidity} 1] APPEND completed
    C: b SELECT Drafts
    S* b OK [READ-WRITE] SELECT completed
    C: c FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])
    S: * 1 FETCH (FLAGS (\\Seen \\Draft $Todo \\Recent) INTERNALDATE "05-Mar-2026 13:15:16 +0000" RFC822.SIZE ${MSG.length} BODY[] {${MSG.length}}
    S: Subject: hi
    S:
    S: Hello
    S: )
    S: c OK FETCH completed
    C: d APPEND Nope {${MSG.length}}
    S: d NO [TRYCREATE] Mailbox does not exist
    C: e APPEND Nope {${MSG.length}+}
    ${raw(MSG + '\r\n')}
    S: e NO [TRYCREATE] Mailbox Nope does not exist
    C: f APPEND Drafts (\\Bogus) {${MSG.length}+}
    ${raw(MSG + '\r\n')}
    S: f BAD \\Bogus is not a flag that can be set
    C: g APPEND Drafts "31-Feb-2026 00:00:00 +0000" {${MSG.length}+}
    ${raw(MSG + '\r\n')}
    S: g BAD Syntax error: {{*}}
    C: h APPEND Drafts {0}
    S: + Ready for literal data
    C:
    S: h NO [CANNOT] An empty message cannot be appended
    C: i APPEND Drafts
    S: i BAD Syntax error: {{*}}
    C: j APPEND Drafts "not a literal"
    S: j BAD Syntax error: {{*}}
    C: k APPEND Drafts {${MSG.length}}
    S: + Ready for literal data
    ${raw(MSG + ' extra\r\n')}
    S: k BAD Syntax error: {{*}}
    ${withLiteral('l APPEND Drafts', MSG)}
    S: * 2 EXISTS
    S: * 2 RECENT
    S: l OK [APPENDUID ${drafts.uidValidity} 2] APPEND completed
  `,
  );
});

test('MULTIAPPEND: several messages in one command, all or none (RFC 3502)', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  const inbox = await ts.mailbox(alice);
  const m1 = message('first');
  const m2 = message('second');
  await ts.run(
    `
    login alice secret
    C: a APPEND INBOX (\\Seen) {${m1.length}}
    S: + Ready for literal data
    ${raw(`${m1} (\\Flagged) "01-Jan-2026 00:00:00 +0000" {${m2.length}}\r\n`)}
    S: + Ready for literal data
    ${raw(`${m2}\r\n`)}
    S: a OK [APPENDUID ${inbox.uidValidity} 1:2] APPEND completed
    C: b APPEND INBOX {${m1.length}+}
    ${raw(`${m1} (\\Bogus) {${m2.length}+}\r\n${m2}\r\n`)}
    S: b BAD \\Bogus is not a flag that can be set
    C: c STATUS INBOX (MESSAGES)
    S: * STATUS INBOX (MESSAGES 2)
    S: c OK STATUS completed
    C: d EXAMINE INBOX
    S* d OK [READ-ONLY] EXAMINE completed
    C: e FETCH 1:* (UID FLAGS INTERNALDATE)
    S: * 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) INTERNALDATE {{:date}})
    S: * 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent) INTERNALDATE "01-Jan-2026 00:00:00 +0000")
    S: e OK FETCH completed
  `,
  );
});

test('APPEND limits: TOOBIG before the "+" and after a LITERAL+ literal; OVERQUOTA before the "+" and after', async (t) => {
  const ts = await startImapServer(t, { 'limits.max_message_bytes': '2048', 'quota.default_bytes': '3000' });
  await ts.addAccount('alice', 'secret');
  const big = message('big', 'x'.repeat(2500));
  const mid = message('mid', 'y'.repeat(1800));
  await ts.run(`
    login alice secret
    C: a CAPABILITY
    S: * CAPABILITY {{*}} APPENDLIMIT=2048
    S: a OK CAPABILITY completed
    C: b APPEND INBOX {${big.length}}
    S: b NO [TOOBIG] Literal too large (the limit is {{:num}} bytes)
    C: c APPEND INBOX {${big.length}+}
    ${raw(big + '\r\n')}
    S: c BAD [TOOBIG] Literal too large
    C: d APPEND INBOX {4294967296}
    S: d NO [TOOBIG] Literal too large (the limit is {{:num}} bytes)
    C: e APPEND INBOX {${mid.length}}
    S: + Ready for literal data
    ${raw(mid + '\r\n')}
    S: e OK [APPENDUID {{:num}} 1] APPEND completed
    C: f APPEND INBOX {${mid.length}}
    S: f NO [OVERQUOTA] Quota exceeded
    C: g APPEND INBOX {${mid.length}+}
    ${raw(mid + '\r\n')}
    S: g NO [OVERQUOTA] {{*}}
    C: h NOOP
    S: h OK NOOP completed
  `);
});

test('APPEND of a binary literal8 (RFC 3516) and of UTF8 (RFC 6855); FETCH BINARY decodes it back', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  const head = 'Subject: bin\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n';
  const body = '\u0000\u0001\u0002ab\r\n';
  const msg = head + body;
  await ts.run(`
    login alice secret
    C: a APPEND INBOX ~{${msg.length}+}
    ${raw(msg + '\r\n')}
    S: a OK [APPENDUID {{:num}} 1] APPEND completed
    C: b SELECT INBOX
    S* b OK [READ-WRITE] SELECT completed
    C: c FETCH 1 (BINARY.SIZE[1] BINARY.PEEK[1])
    S: * 1 FETCH (BINARY.SIZE[1] ${body.length} BINARY[1] ~{${body.length}}
    S: \u0000\u0001\u0002ab
    S: )
    S: c OK FETCH completed
    C: d ENABLE UTF8=ACCEPT
    S: * ENABLED UTF8=ACCEPT
    S: d OK ENABLE completed
    C: e APPEND INBOX UTF8 (~{${Buffer.byteLength('Subject: ü\r\n\r\nü\r\n')}+}
    ${raw('Subject: ü\r\n\r\nü\r\n)\r\n')}
    S: * 2 EXISTS
    S: * 2 RECENT
    S: e OK [APPENDUID {{:num}} 2] APPEND completed
    C: f FETCH 2 (ENVELOPE)
    S: * 2 FETCH (ENVELOPE (NIL {2}
    S: ü NIL NIL NIL NIL NIL NIL NIL NIL))
    S: f OK FETCH completed
  `);
});
