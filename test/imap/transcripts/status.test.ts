/** STATUS (RFC 9051 6.3.11) with every item: RECENT (RFC 3501), HIGHESTMODSEQ (RFC 7162),
 *  APPENDLIMIT (RFC 7889), SIZE (RFC 8438), MAILBOXID (RFC 8474), DELETED (RFC 9051). */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';

test('STATUS: every item, the selected mailbox, errors', async (t) => {
  const ts = await startImapServer(t, { 'limits.max_message_bytes': '1000000' });
  const alice = await ts.addAccount('alice', 'secret');
  const one = message('one');
  const two = message('two');
  await ts.deliver(alice, [one], { flags: ['\\Seen', '\\Deleted'] });
  await ts.deliver(alice, [two]);
  const inbox = await ts.mailbox(alice);
  const size = Buffer.byteLength(one) + Buffer.byteLength(two);
  await ts.run(
    `
    login alice secret
    C: a STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT APPENDLIMIT MAILBOXID)
    S: * STATUS INBOX (MESSAGES 2 UIDNEXT 3 UIDVALIDITY ${inbox.uidValidity} UNSEEN 1 DELETED 1 SIZE ${size} RECENT 2 APPENDLIMIT 1000000 MAILBOXID (${inbox.guid}))
    S: a OK STATUS completed
    C: b STATUS inbox (HIGHESTMODSEQ)
    S: * STATUS INBOX (HIGHESTMODSEQ ${inbox.highestModseq})
    S: b OK STATUS completed
    C: c SELECT INBOX
    S* c OK [READ-WRITE] SELECT completed
    C: d STATUS INBOX (RECENT MESSAGES)
    S: * STATUS INBOX (RECENT 0 MESSAGES 2)
    S: d OK STATUS completed
    C: e STATUS Nope (MESSAGES)
    S: e NO [NONEXISTENT] Mailbox Nope does not exist
    C: f STATUS INBOX (BOGUS)
    S: f BAD Syntax error: unknown status item BOGUS
    C: g STATUS INBOX ()
    S: g BAD Syntax error: {{*}}
    C: h STATUS INBOX MESSAGES
    S: h BAD Syntax error: {{*}}
    C: i CREATE P/C
    S: i OK [MAILBOXID ({{:token}})] CREATE completed
    C: j DELETE P
    S: j OK DELETE completed
    C: k STATUS P (MESSAGES)
    S: k NO [NONEXISTENT] Mailbox P does not exist
  `,
  );
});

test('STATUS HIGHESTMODSEQ with a mailbox selected enables CONDSTORE (RFC 7162 3.1)', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one')]);
  const drafts = await ts.mailbox(alice, 'Drafts');
  await ts.run(`
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b STATUS Drafts (HIGHESTMODSEQ)
    S: * OK [HIGHESTMODSEQ {{:num}}] Highest
    S: * STATUS Drafts (HIGHESTMODSEQ ${drafts.highestModseq})
    S: b OK STATUS completed
    C: c STORE 1 +FLAGS (\\Seen)
    S: * 1 FETCH (FLAGS (\\Seen \\Recent) MODSEQ ({{:num}}))
    S: c OK STORE completed
  `);
});
