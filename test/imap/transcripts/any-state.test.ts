/** CAPABILITY, NOOP, LOGOUT, ID (RFC 9051 6.1, RFC 2971) in every state. */

import { test } from 'node:test';
import { startImapServer } from '../setup.js';
import { withLiteral } from '../transcript.js';

const BEFORE_LOGIN = 'IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE STARTTLS AUTH=PLAIN AUTH=LOGIN';
const AFTER_LOGIN =
  'IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN SPECIAL-USE CREATE-SPECIAL-USE ' +
  'LIST-EXTENDED LIST-STATUS ESEARCH SEARCHRES MULTIAPPEND BINARY UNAUTHENTICATE CONDSTORE QRESYNC STATUS=SIZE OBJECTID PREVIEW ' +
  'SAVEDATE WITHIN UTF8=ACCEPT APPENDLIMIT=52428800';

test('greeting, CAPABILITY, NOOP, ID and LOGOUT before login', async (t) => {
  const ts = await startImapServer(t);
  await ts.run(`
    connect
    S: * OK [CAPABILITY ${BEFORE_LOGIN}] mail.test Mailkeep IMAP4 ready
    C: a CAPABILITY
    S: * CAPABILITY ${BEFORE_LOGIN}
    S: a OK CAPABILITY completed
    C: b NOOP
    S: b OK NOOP completed
    C: c ID ("name" "test" "version" "1")
    S: * ID ("name" "Mailkeep" "version" "{{*}}" "vendor" "Mailkeep")
    S: c OK ID completed
    C: d ID NIL
    S: * ID ("name" "Mailkeep" "version" "{{*}}" "vendor" "Mailkeep")
    S: d OK ID completed
    C: e ID ()
    S: * ID ("name" "Mailkeep" "version" "{{*}}" "vendor" "Mailkeep")
    S: e OK ID completed
    C: f ID ("name")
    S: f BAD Syntax error: {{*}}
    C: g LOGOUT
    S: * BYE Logging out
    S: g OK LOGOUT completed
    S: <closed>
  `);
});

test('CAPABILITY after login lists every extension; the same in the tagged OK of LOGIN', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    C: a LOGIN alice secret
    S: a OK [CAPABILITY ${AFTER_LOGIN}] Logged in
    C: b CAPABILITY
    S: * CAPABILITY ${AFTER_LOGIN}
    S: b OK CAPABILITY completed
    C: c NOOP
    S: c OK NOOP completed
    C: d ID NIL
    S: * ID ("name" "Mailkeep" {{*}})
    S: d OK ID completed
    C: e SELECT INBOX
    S* e OK [READ-WRITE] SELECT completed
    C: f CAPABILITY
    S: * CAPABILITY ${AFTER_LOGIN}
    S: f OK CAPABILITY completed
    C: g ID ("os" NIL)
    S: * ID ("name" "Mailkeep" {{*}})
    S: g OK ID completed
    C: h LOGOUT
    S: * BYE Logging out
    S: h OK LOGOUT completed
    S: <closed>
  `);
});

test('NOOP in the selected state reports what other sessions changed', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, ['Subject: one\r\n\r\nbody\r\n']);
  await ts.run(`
    1 login alice secret
    1 C: a SELECT INBOX
    1 S* a OK [READ-WRITE] SELECT completed
    2 login alice secret
    2 C: b SELECT INBOX
    2 S* b OK [READ-WRITE] SELECT completed
    2 ${withLiteral('c APPEND INBOX', 'Subject: two\r\n\r\n')}
    # RFC 3501 2.3.2: the first session told of a message has it as \\Recent, no other.
    2 S: * 2 EXISTS
    2 S: * 1 RECENT
    2 S: c OK [APPENDUID {{uv}} 2] APPEND completed
    2 C: d STORE 1 +FLAGS (\\Flagged)
    2 S: * 1 FETCH (FLAGS (\\Flagged))
    2 S: d OK STORE completed
    1 C: e NOOP
    1 S: * 2 EXISTS
    1 S: * 1 RECENT
    1 S: * 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))
    1 S: e OK NOOP completed
    2 C: f STORE 1 +FLAGS.SILENT (\\Deleted)
    2 S: f OK STORE completed
    2 C: g EXPUNGE
    2 S: * 1 EXPUNGE
    2 S: g OK EXPUNGE completed
    1 C: h NOOP
    1 S: * 1 EXPUNGE
    1 S: * 0 RECENT
    1 S: h OK NOOP completed
    1 C: i FETCH 1:* (UID)
    1 S: * 1 FETCH (UID 2)
    1 S: i OK FETCH completed
  `);
});
