/**
 * EXPUNGE (RFC 9051 6.4.3), UID EXPUNGE (RFC 4315), IDLE (RFC 2177) with another session's
 * appends, flag changes and expunges, and when EXPUNGE may be sent (RFC 9051 7.5.1).
 */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';
import { withLiteral } from '../transcript.js';

test('EXPUNGE and UID EXPUNGE: only \\Deleted, only the given UIDs, EXPUNGE numbers shift', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [1, 2, 3, 4, 5, 6].map((n) => message(`m${n}`)));
  await ts.run(`
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b EXPUNGE
    S: b OK EXPUNGE completed
    C: c STORE 2,4,5 +FLAGS.SILENT (\\Deleted)
    S: c OK STORE completed
    C: d UID EXPUNGE 1:4
    S: * 4 EXPUNGE
    S: * 2 EXPUNGE
    S: * 4 RECENT
    S: d OK EXPUNGE completed
    C: e FETCH 1:* (UID)
    S: * 1 FETCH (UID 1)
    S: * 2 FETCH (UID 3)
    S: * 3 FETCH (UID 5)
    S: * 4 FETCH (UID 6)
    S: e OK FETCH completed
    C: f STORE 1,4 +FLAGS.SILENT (\\Deleted)
    S: f OK STORE completed
    C: g EXPUNGE
    S: * 4 EXPUNGE
    S: * 3 EXPUNGE
    S: * 1 EXPUNGE
    S: * 1 RECENT
    S: g OK EXPUNGE completed
    C: h UID FETCH 1:* (UID)
    S: * 1 FETCH (UID 3)
    S: h OK FETCH completed
    C: i UID EXPUNGE
    S: i BAD Syntax error: {{*}}
    C: j EXAMINE INBOX
    S* j OK [READ-ONLY] EXAMINE completed
    C: k EXPUNGE
    S: k NO [CANNOT] The mailbox is open read-only (EXAMINE)
    C: l UID EXPUNGE 3
    S: l NO [CANNOT] The mailbox is open read-only (EXAMINE)
  `);
});

test('no EXPUNGE while answering FETCH, STORE or SEARCH; EXISTS and FETCH FLAGS are allowed; NOOP sends it', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b'), message('c')]);
  await ts.run(`
    1 login alice secret
    1 C: a SELECT INBOX
    1 S* a OK [READ-WRITE] SELECT completed
    2 login alice secret
    2 C: b SELECT INBOX
    2 S* b OK [READ-WRITE] SELECT completed
    2 C: c STORE 1 +FLAGS (\\Deleted)
    2 S: * 1 FETCH (FLAGS (\\Deleted))
    2 S: c OK STORE completed
    2 C: d EXPUNGE
    2 S: * 1 EXPUNGE
    2 S: d OK EXPUNGE completed
    2 ${withLiteral('e APPEND INBOX', 'Subject: new\r\n\r\nx\r\n')}
    2 S: * 3 EXISTS
    2 S: * 1 RECENT
    2 S: e OK [APPENDUID {{:num}} 4] APPEND completed
    2 C: f STORE 2 +FLAGS (\\Flagged)
    2 S: * 2 FETCH (FLAGS (\\Flagged))
    2 S: f OK STORE completed
    1 C: g FETCH 1:3 (UID)
    1 S: * 2 FETCH (UID 2)
    1 S: * 3 FETCH (UID 3)
    1 S: * 4 EXISTS
    # UID 4 is \\Recent only for session 2, which was told first.
    1 S: * 3 RECENT
    1 S: * 3 FETCH (UID 3 FLAGS (\\Flagged \\Recent))
    1 S: g OK [EXPUNGEISSUED] Some of the requested messages no longer exist
    1 C: h STORE 2 +FLAGS (\\Seen)
    1 S: * 2 FETCH (FLAGS (\\Seen \\Recent))
    1 S: h OK STORE completed
    1 C: i SEARCH ALL
    1 S: * SEARCH 2 3 4
    1 S: i OK SEARCH completed
    1 C: j FETCH 1 (UID)
    1 S: j OK [EXPUNGEISSUED] Some of the requested messages no longer exist
    1 C: k UID FETCH 4 (UID)
    1 S: * 4 FETCH (UID 4)
    1 S: * 1 EXPUNGE
    1 S: * 2 RECENT
    1 S: k OK FETCH completed
    1 C: l FETCH 3 (UID)
    1 S: * 3 FETCH (UID 4)
    1 S: l OK FETCH completed
  `);
});

test("IDLE: another session's append, flag change and expunge arrive at once; DONE ends it", async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b')]);
  await ts.run(`
    1 login alice secret
    1 C: a SELECT INBOX
    1 S* a OK [READ-WRITE] SELECT completed
    1 C: b IDLE
    1 S: + idling
    2 login alice secret
    2 C: c SELECT INBOX
    2 S* c OK [READ-WRITE] SELECT completed
    2 ${withLiteral('d APPEND INBOX', 'Subject: new\r\n\r\nx\r\n')}
    # Which session is told first (and so sees UID 3 as \\Recent) is a race.
    2 S: * 3 EXISTS
    2 S: * {{:/[01]/}} RECENT
    2 S: d OK [APPENDUID {{:num}} 3] APPEND completed
    1 S: * 3 EXISTS
    1 S: * {{:/[23]/}} RECENT
    2 C: e STORE 1 +FLAGS (\\Answered)
    2 S: * 1 FETCH (FLAGS (\\Answered))
    2 S: e OK STORE completed
    1 S: * 1 FETCH (UID 1 FLAGS (\\Answered \\Recent))
    2 C: f STORE 2 +FLAGS.SILENT (\\Deleted)
    2 S: f OK STORE completed
    1 S: * 2 FETCH (UID 2 FLAGS (\\Deleted \\Recent))
    2 C: g EXPUNGE
    2 S: * 2 EXPUNGE
    2 S: g OK EXPUNGE completed
    1 S: * 2 EXPUNGE
    1 S: * {{:/[12]/}} RECENT
    1 C: DONE
    1 S: b OK IDLE terminated
    1 C: h FETCH 1:* (UID)
    1 S: * 1 FETCH (UID 1)
    1 S: * 2 FETCH (UID 3)
    1 S: h OK FETCH completed
    1 C: i IDLE
    1 S: + idling
    1 C: NOOP
    1 S: i BAD Expected DONE to end IDLE
    1 C: j IDLE
    1 S: + idling
    1 C: done
    1 S: j OK IDLE terminated
  `);
});

test('IDLE in the authenticated state, and pipelined DONE', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    C: a IDLE
    S: a BAD Log in first
    login alice secret
    C: b IDLE
    S: + idling
    C: DONE
    S: b OK IDLE terminated
    C@ "c IDLE\\r\\nDONE\\r\\nd NOOP\\r\\n"
    S: + idling
    S: c OK IDLE terminated
    S: d OK NOOP completed
  `);
});
