/**
 * SELECT and EXAMINE (RFC 9051 6.3.2-3, RFC 3501 for RECENT/UNSEEN), the CONDSTORE and QRESYNC
 * parameters (RFC 7162), CLOSED, CLOSE (silent expunge), UNSELECT (RFC 3691) and CHECK.
 */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';

test('SELECT: every untagged response; EXAMINE is READ-ONLY and keeps \\Recent; a failed SELECT leaves none selected', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one')], { flags: ['\\Seen'] });
  await ts.deliver(alice, [message('two'), message('three')], { flags: ['$Work'] });
  const inbox = await ts.mailbox(alice);
  await ts.run(
    `
    1 login alice secret
    1 C: a EXAMINE INBOX
    1 S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)
    1 S: * OK [PERMANENTFLAGS ()] No permanent flags permitted
    1 S: * 3 EXISTS
    # A read-only session sees \\Recent without taking it (RFC 3501 2.3.2).
    1 S: * 3 RECENT
    1 S: * OK [UNSEEN 2] Message 2 is the first unseen
    1 S: * OK [UIDVALIDITY {{uv}}] UIDs valid
    1 S: * OK [UIDNEXT 4] Predicted next UID
    1 S: * OK [MAILBOXID ({{:token}})] Mailbox id
    1 S: a OK [READ-ONLY] EXAMINE completed
    1 C: b STORE 1 +FLAGS (\\Flagged)
    1 S: b NO [CANNOT] The mailbox is open read-only (EXAMINE)
    2 login alice secret
    2 C: c SELECT inbox
    2 S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)
    2 S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted
    2 S: * 3 EXISTS
    2 S: * 3 RECENT
    2 S: * OK [UNSEEN 2] Message 2 is the first unseen
    2 S: * OK [UIDVALIDITY {{uv}}] UIDs valid
    2 S: * OK [UIDNEXT 4] Predicted next UID
    2 S: * OK [MAILBOXID ({{:token}})] Mailbox id
    2 S: c OK [READ-WRITE] SELECT completed
    2 C: d FETCH 1:* (FLAGS)
    2 S: * 1 FETCH (FLAGS (\\Seen \\Recent))
    2 S: * 2 FETCH (FLAGS ($Work \\Recent))
    2 S: * 3 FETCH (FLAGS ($Work \\Recent))
    2 S: d OK FETCH completed
    3 login alice secret
    3 C: e SELECT INBOX
    3 S: * FLAGS ({{*}})
    3 S: * OK [PERMANENTFLAGS ({{*}})] Flags permitted
    3 S: * 3 EXISTS
    3 S: * 0 RECENT
    3 S* e OK [READ-WRITE] SELECT completed
    3 C: f SELECT Nonexistent
    3 S: * OK [CLOSED] Previous mailbox closed
    3 S: f NO [NONEXISTENT] Mailbox Nonexistent does not exist
    3 C: g FETCH 1 FLAGS
    3 S: g BAD No mailbox selected
    3 C: h SELECT
    3 S: h BAD Syntax error: {{*}}
    3 C: i SELECT INBOX (FOO)
    3 S: i BAD Syntax error: unknown select parameter FOO
  `,
    { uv: String(inbox.uidValidity) },
  );
});

test('SELECT of a \\Noselect placeholder is refused; SELECT of another mailbox closes the first', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    login alice secret
    C: a CREATE parent/child
    S: a OK [MAILBOXID ({{:token}})] CREATE completed
    C: b DELETE parent
    S: b OK DELETE completed
    C: c SELECT parent
    S: c NO [NONEXISTENT] Mailbox parent does not exist
    C: d SELECT parent/child
    S* d OK [READ-WRITE] SELECT completed
    C: e SELECT Drafts
    S: * OK [CLOSED] Previous mailbox closed
    S: * FLAGS ({{*}})
    S* e OK [READ-WRITE] SELECT completed
    C: f ENABLE QRESYNC
    S: * OK [HIGHESTMODSEQ {{:num}}] Highest
    S: * ENABLED QRESYNC CONDSTORE
    S: f OK ENABLE completed
    C: g EXAMINE Sent
    S: * OK [CLOSED] Previous mailbox closed
    S: * FLAGS ({{*}})
    S: * OK [PERMANENTFLAGS ()] No permanent flags permitted
    S: * 0 EXISTS
    S: * 0 RECENT
    S: * OK [UIDVALIDITY {{:num}}] UIDs valid
    S: * OK [UIDNEXT 1] Predicted next UID
    S: * OK [HIGHESTMODSEQ {{:num}}] Highest
    S: * OK [MAILBOXID ({{:token}})] Mailbox id
    S: g OK [READ-ONLY] EXAMINE completed
  `);
});

test('SELECT (CONDSTORE) reports HIGHESTMODSEQ and MODSEQ in FETCH from then on', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one')]);
  const inbox = await ts.mailbox(alice);
  await ts.run(
    `
    login alice secret
    C: a SELECT INBOX (CONDSTORE)
    S: * FLAGS ({{*}})
    S: * OK [PERMANENTFLAGS ({{*}})] Flags permitted
    S: * 1 EXISTS
    S: * 1 RECENT
    S: * OK [UNSEEN 1] Message 1 is the first unseen
    S: * OK [UIDVALIDITY {{:num}}] UIDs valid
    S: * OK [UIDNEXT 2] Predicted next UID
    S: * OK [HIGHESTMODSEQ ${inbox.highestModseq}] Highest
    S: * OK [MAILBOXID ({{:token}})] Mailbox id
    S: a OK [READ-WRITE] SELECT completed
    C: b STORE 1 +FLAGS.SILENT (\\Answered)
    S: * 1 FETCH (MODSEQ ({{m1:num}}))
    S: b OK STORE completed
    C: c FETCH 1 (FLAGS) (CHANGEDSINCE ${inbox.highestModseq})
    S: * 1 FETCH (FLAGS (\\Answered \\Recent) MODSEQ ({{m1}}))
    S: c OK FETCH completed
    C: d FETCH 1 (FLAGS) (CHANGEDSINCE {{m1}})
    S: d OK FETCH completed
    C: e SELECT INBOX (QRESYNC (1 1))
    S: e BAD QRESYNC parameter without ENABLE QRESYNC
    C: f FETCH 1 UID
    S: * 1 FETCH (UID 1)
    S: f OK FETCH completed
  `,
  );
});

test('QRESYNC: VANISHED (EARLIER) and changed flags on SELECT; VANISHED instead of EXPUNGE; UID FETCH VANISHED', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [1, 2, 3, 4, 5].map((n) => message(`m${n}`)));
  await ts.run(`
    1 login alice secret
    1 C: a ENABLE QRESYNC
    1 S: * ENABLED QRESYNC CONDSTORE
    1 S: a OK ENABLE completed
    1 C: b SELECT INBOX
    1 S* * OK [HIGHESTMODSEQ {{hms:num}}] Highest
    1 S* b OK [READ-WRITE] SELECT completed
    1 C: c UNSELECT
    1 S: c OK UNSELECT completed
    2 login alice secret
    2 C: d SELECT INBOX
    2 S* d OK [READ-WRITE] SELECT completed
    2 C: e STORE 2,4 +FLAGS.SILENT (\\Deleted)
    2 S: e OK STORE completed
    2 C: f EXPUNGE
    2 S: * 4 EXPUNGE
    2 S: * 2 EXPUNGE
    2 S: f OK EXPUNGE completed
    2 C: g STORE 1 +FLAGS (\\Flagged)
    2 S: * 1 FETCH (FLAGS (\\Flagged))
    2 S: g OK STORE completed
  `);
  // A client that knew MODSEQ 1 comes back.
  const inbox = await ts.mailbox(alice);
  await ts.run(
    `
    1 login alice secret
    1 C: a ENABLE QRESYNC
    1 S: * ENABLED QRESYNC CONDSTORE
    1 S: a OK ENABLE completed
    1 C: b SELECT INBOX (QRESYNC (${inbox.uidValidity} 1))
    1 S: * FLAGS ({{*}})
    1 S: * OK [PERMANENTFLAGS ({{*}})] Flags permitted
    1 S: * 3 EXISTS
    1 S: * 0 RECENT
    1 S: * OK [UNSEEN 1] Message 1 is the first unseen
    1 S: * OK [UIDVALIDITY ${inbox.uidValidity}] UIDs valid
    1 S: * OK [UIDNEXT 6] Predicted next UID
    1 S: * OK [HIGHESTMODSEQ ${inbox.highestModseq}] Highest
    1 S: * OK [MAILBOXID ({{:token}})] Mailbox id
    1 S: * VANISHED (EARLIER) 2,4
    1 S: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ ({{:num}}))
    1 S: * 2 FETCH (UID 3 FLAGS () MODSEQ ({{:num}}))
    1 S: * 3 FETCH (UID 5 FLAGS () MODSEQ ({{:num}}))
    1 S: b OK [READ-WRITE] SELECT completed
    1 C: c SELECT INBOX (QRESYNC (${inbox.uidValidity} ${inbox.highestModseq} 1:3))
    1 S: * OK [CLOSED] Previous mailbox closed
    1 S* c OK [READ-WRITE] SELECT completed
    1 C: d SELECT INBOX (QRESYNC (${inbox.uidValidity + 1} 1))
    1 S: * OK [CLOSED] Previous mailbox closed
    1 S: * FLAGS ({{*}})
    1 S: * OK [PERMANENTFLAGS ({{*}})] Flags permitted
    1 S: * 3 EXISTS
    1 S: * 0 RECENT
    1 S* * OK [MAILBOXID ({{:token}})] Mailbox id
    1 S: d OK [READ-WRITE] SELECT completed
    1 C: e UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)
    1 S: * VANISHED (EARLIER) 2,4
    1 S: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ ({{:num}}))
    1 S: * 2 FETCH (UID 3 FLAGS () MODSEQ ({{:num}}))
    1 S: * 3 FETCH (UID 5 FLAGS () MODSEQ ({{:num}}))
    1 S: e OK FETCH completed
    1 C: f FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)
    1 S: f BAD Syntax error: VANISHED needs UID FETCH with CHANGEDSINCE
    1 C: g UID FETCH 1:* (FLAGS) (VANISHED)
    1 S: g BAD Syntax error: VANISHED needs UID FETCH with CHANGEDSINCE
    1 C: h STORE 1 +FLAGS.SILENT (\\Deleted)
    1 S: * 1 FETCH (MODSEQ ({{:num}}))
    1 S: h OK STORE completed
    1 C: i EXPUNGE
    1 S: * VANISHED 1
    1 S: i OK EXPUNGE completed
    2 login alice secret
    2 C: j SELECT INBOX
    2 S* j OK [READ-WRITE] SELECT completed
    2 C: k UID FETCH 3 (FLAGS) (CHANGEDSINCE 1 VANISHED)
    2 S: k BAD VANISHED needs ENABLE QRESYNC
  `,
  );
});

test('CLOSE expunges \\Deleted silently; UNSELECT and CLOSE after EXAMINE do not; CHECK', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one'), message('two')], { flags: ['\\Deleted'] });
  await ts.deliver(alice, [message('three')]);
  await ts.run(`
    login alice secret
    C: a EXAMINE INBOX
    S* a OK [READ-ONLY] EXAMINE completed
    C: b CHECK
    S: b OK CHECK completed
    C: c CLOSE
    S: c OK CLOSE completed
    C: d STATUS INBOX (MESSAGES)
    S: * STATUS INBOX (MESSAGES 3)
    S: d OK STATUS completed
    C: e SELECT INBOX
    S* e OK [READ-WRITE] SELECT completed
    C: f UNSELECT
    S: f OK UNSELECT completed
    C: g STATUS INBOX (MESSAGES)
    S: * STATUS INBOX (MESSAGES 3)
    S: g OK STATUS completed
    C: h UNSELECT
    S: h BAD No mailbox selected
    C: i SELECT INBOX
    S* i OK [READ-WRITE] SELECT completed
    C: j CLOSE
    S: j OK CLOSE completed
    C: k STATUS INBOX (MESSAGES)
    S: * STATUS INBOX (MESSAGES 1)
    S: k OK STATUS completed
    C: l CLOSE
    S: l BAD No mailbox selected
    C: m CHECK
    S: m BAD No mailbox selected
  `);
});
