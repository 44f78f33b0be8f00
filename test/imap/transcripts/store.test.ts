/**
 * STORE and UID STORE (RFC 9051 6.4.6): FLAGS, +FLAGS, -FLAGS, .SILENT, keywords (new ones
 * announced in FLAGS/PERMANENTFLAGS), UNCHANGEDSINCE with MODIFIED (RFC 7162 3.1.3), errors.
 */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';

test('STORE: replace, add, remove, silent, keywords, UID form, errors', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b'), message('c')]);
  await ts.run(`
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b STORE 1 FLAGS (\\Seen \\Flagged)
    S: * 1 FETCH (FLAGS (\\Seen \\Flagged \\Recent))
    S: b OK STORE completed
    C: c STORE 1:2 +FLAGS \\Answered
    S: * 1 FETCH (FLAGS (\\Seen \\Answered \\Flagged \\Recent))
    S: * 2 FETCH (FLAGS (\\Answered \\Recent))
    S: c OK STORE completed
    C: d STORE 1 -FLAGS (\\Seen \\Answered)
    S: * 1 FETCH (FLAGS (\\Flagged \\Recent))
    S: d OK STORE completed
    C: e STORE 2 +FLAGS.SILENT (\\Deleted)
    S: e OK STORE completed
    C: f STORE 3 +FLAGS ($Important Work)
    S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important Work)
    S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important Work \\*)] Flags permitted
    S: * 3 FETCH (FLAGS ($Important Work \\Recent))
    S: f OK STORE completed
    C: g STORE 2 +FLAGS (work)
    S: * 2 FETCH (FLAGS (\\Answered \\Deleted Work \\Recent))
    S: g OK STORE completed
    C: h UID STORE 1,3 FLAGS ()
    S: * 1 FETCH (UID 1 FLAGS (\\Recent))
    S: * 3 FETCH (UID 3 FLAGS (\\Recent))
    S: h OK STORE completed
    C: i UID STORE 7 +FLAGS (\\Seen)
    S: i OK STORE completed
    C: j STORE 4 +FLAGS (\\Seen)
    S: j BAD Invalid message sequence number (the mailbox has 3 messages)
    C: k STORE 1 +FLAGS (\\Bogus)
    S: k BAD \\Bogus is not a flag that can be set
    C: l STORE 1 +FLAGS ("quoted")
    S: l BAD Syntax error: {{*}}
    C: m STORE 1 FLAGZ (\\Seen)
    S: m BAD Syntax error: expected FLAGS, +FLAGS or -FLAGS
    C: n STORE 1 +FLAGS (\\Seen
    S: n BAD Syntax error: {{*}}
    C: o STORE 1 +FLAGS (\\Recent)
    S: * 1 FETCH (FLAGS (\\Recent))
    S: o OK STORE completed
    C: p STORE 1 (UNCHANGEDSINCE 1 UNCHANGEDSINCE 2) +FLAGS (\\Seen)
    S: p BAD Syntax error: unknown or repeated STORE modifier UNCHANGEDSINCE
  `);
});

test('STORE UNCHANGEDSINCE: MODIFIED lists what changed since; UID form lists UIDs', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b'), message('c')]);
  await ts.run(`
    1 login alice secret
    1 C: a SELECT INBOX (CONDSTORE)
    1 S* * OK [HIGHESTMODSEQ {{base:num}}] Highest
    1 S* a OK [READ-WRITE] SELECT completed
    2 login alice secret
    2 C: b SELECT INBOX
    2 S* b OK [READ-WRITE] SELECT completed
    2 C: c STORE 2 +FLAGS (\\Flagged)
    2 S: * 2 FETCH (FLAGS (\\Flagged))
    2 S: c OK STORE completed
    1 C: d STORE 1:3 (UNCHANGEDSINCE {{base}}) +FLAGS (\\Seen)
    1 S: * 1 FETCH (FLAGS (\\Seen \\Recent) MODSEQ ({{m:num}}))
    1 S: * 3 FETCH (FLAGS (\\Seen \\Recent) MODSEQ ({{m}}))
    1 S: * 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent) MODSEQ ({{:num}}))
    1 S: d OK [MODIFIED 2] Conditional STORE failed for some messages
    1 C: e UID STORE 1:3 (UNCHANGEDSINCE {{base}}) -FLAGS.SILENT (\\Seen)
    1 S: e OK [MODIFIED 1:3] Conditional STORE failed for some messages
    1 C: f STORE 1 (UNCHANGEDSINCE 0) +FLAGS (\\Answered)
    1 S: f OK [MODIFIED 1] Conditional STORE failed for some messages
  `);
});

test('STORE in a read-only mailbox is refused; wrong state', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a')]);
  await ts.run(`
    C: a STORE 1 +FLAGS (\\Seen)
    S: a BAD Log in first
    login alice secret
    C: b STORE 1 +FLAGS (\\Seen)
    S: b BAD No mailbox selected
    C: c EXAMINE INBOX
    S* c OK [READ-ONLY] EXAMINE completed
    C: d STORE 1 +FLAGS (\\Seen)
    S: d NO [CANNOT] The mailbox is open read-only (EXAMINE)
  `);
});
