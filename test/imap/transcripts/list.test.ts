/**
 * LIST (RFC 9051 6.3.9) with LIST-EXTENDED (RFC 5258), SPECIAL-USE (RFC 6154), LIST-STATUS
 * (RFC 5819), CHILDREN (RFC 3348); LSUB (RFC 3501 6.3.9); NAMESPACE (RFC 2342).
 */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';

const DEFAULTS = `
    S~ * LIST (\\HasNoChildren \\Archive) "/" Archive
    S~ * LIST (\\HasNoChildren \\Drafts) "/" Drafts
    S~ * LIST (\\HasNoChildren \\Junk) "/" Junk
    S~ * LIST (\\HasNoChildren \\Sent) "/" Sent
    S~ * LIST (\\HasNoChildren \\Trash) "/" Trash`;

test('LIST patterns: *, %, reference, the delimiter query, INBOX in any case', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    login alice secret
    C: a CREATE Work/2025/Q1
    S: a OK [MAILBOXID ({{:token}})] CREATE completed
    C: b CREATE Work/2026
    S: b OK [MAILBOXID ({{:token}})] CREATE completed
    C: c LIST "" ""
    S: * LIST (\\Noselect) "/" ""
    S: c OK LIST completed
    C: d LIST Work ""
    S: * LIST (\\Noselect) "/" ""
    S: d OK LIST completed
    C: e LIST "" %
    S: * LIST (\\HasNoChildren) "/" INBOX
    ${DEFAULTS}
    S~ * LIST (\\HasChildren) "/" Work
    S: e OK LIST completed
    C: f LIST "" Work/%
    S: * LIST (\\HasChildren) "/" Work/2025
    S: * LIST (\\HasNoChildren) "/" Work/2026
    S: f OK LIST completed
    C: g LIST Work/ *
    S: * LIST (\\HasChildren) "/" Work/2025
    S: * LIST (\\HasNoChildren) "/" Work/2025/Q1
    S: * LIST (\\HasNoChildren) "/" Work/2026
    S: g OK LIST completed
    C: h LIST "" W*/%/Q?
    S: h OK LIST completed
    C: i LIST "" *2026
    S: * LIST (\\HasNoChildren) "/" Work/2026
    S: i OK LIST completed
    C: j LIST "" inBox
    S: * LIST (\\HasNoChildren) "/" INBOX
    S: j OK LIST completed
    C: k LIST "" nothing*
    S: k OK LIST completed
    C: l LIST "" {4}
    S: + Ready for literal data
    C: Wor%
    S: * LIST (\\HasChildren) "/" Work
    S: l OK LIST completed
    C: m LIST ""
    S: m BAD Syntax error: {{*}}
    C: n LIST "" Work/2025/Q1
    S: * LIST (\\HasNoChildren) "/" Work/2025/Q1
    S: n OK LIST completed
  `);
});

test('LIST-EXTENDED: SUBSCRIBED, RECURSIVEMATCH with CHILDINFO, \\NonExistent, several patterns, RETURN options', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    login alice secret
    C: a CREATE Lists/Node/2026
    S: a OK [MAILBOXID ({{:token}})] CREATE completed
    C: b SUBSCRIBE Lists/Node/2026
    S: b OK SUBSCRIBE completed
    C: c SUBSCRIBE Gone/Child
    S: c OK SUBSCRIBE completed
    C: d UNSUBSCRIBE Archive
    S: d OK UNSUBSCRIBE completed
    C: e LIST (SUBSCRIBED) "" *
    S: * LIST (\\HasNoChildren \\Subscribed) "/" INBOX
    S~ * LIST (\\HasNoChildren \\Subscribed \\Drafts) "/" Drafts
    S~ * LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" Gone/Child
    S~ * LIST (\\HasNoChildren \\Subscribed \\Junk) "/" Junk
    S~ * LIST (\\HasNoChildren \\Subscribed) "/" Lists/Node/2026
    S~ * LIST (\\HasNoChildren \\Subscribed \\Sent) "/" Sent
    S~ * LIST (\\HasNoChildren \\Subscribed \\Trash) "/" Trash
    S: e OK LIST completed
    C: f LIST (SUBSCRIBED RECURSIVEMATCH) "" %
    S: * LIST (\\HasNoChildren \\Subscribed) "/" INBOX
    S~ * LIST (\\HasNoChildren \\Subscribed \\Drafts) "/" Drafts
    S~ * LIST (\\NonExistent \\HasNoChildren) "/" Gone ("CHILDINFO" ("SUBSCRIBED"))
    S~ * LIST (\\HasNoChildren \\Subscribed \\Junk) "/" Junk
    S~ * LIST (\\HasChildren) "/" Lists ("CHILDINFO" ("SUBSCRIBED"))
    S~ * LIST (\\HasNoChildren \\Subscribed \\Sent) "/" Sent
    S~ * LIST (\\HasNoChildren \\Subscribed \\Trash) "/" Trash
    S: f OK LIST completed
    C: g LIST (RECURSIVEMATCH) "" %
    S: g BAD Syntax error: RECURSIVEMATCH without SUBSCRIBED
    C: h LIST (BOGUS) "" %
    S: h BAD Syntax error: unknown LIST selection option BOGUS
    C: i LIST "" (Drafts Sent Nope)
    S: * LIST (\\HasNoChildren \\Drafts) "/" Drafts
    S: * LIST (\\HasNoChildren \\Sent) "/" Sent
    S: i OK LIST completed
    C: j LIST "" Lists RETURN (CHILDREN SUBSCRIBED)
    S: * LIST (\\HasChildren) "/" Lists
    S: j OK LIST completed
    C: k LIST "" Lists/Node/2026 RETURN (SUBSCRIBED)
    S: * LIST (\\HasNoChildren \\Subscribed) "/" Lists/Node/2026
    S: k OK LIST completed
    C: l LIST "" % RETURN (BOGUS)
    S: l BAD Syntax error: unknown LIST return option BOGUS
    C: m LIST () "" Archive RETURN ()
    S: * LIST (\\HasNoChildren \\Archive) "/" Archive
    S: m OK LIST completed
  `);
});

test('SPECIAL-USE selection and LIST-STATUS: STATUS after each selectable mailbox', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one'), message('two')]);
  await ts.deliver(alice, [message('three')], { mailbox: 'Sent', flags: ['\\Seen'] });
  await ts.run(`
    login alice secret
    C: a LIST (SPECIAL-USE) "" *
    S~ * LIST (\\HasNoChildren \\Archive) "/" Archive
    S~ * LIST (\\HasNoChildren \\Drafts) "/" Drafts
    S~ * LIST (\\HasNoChildren \\Junk) "/" Junk
    S~ * LIST (\\HasNoChildren \\Sent) "/" Sent
    S~ * LIST (\\HasNoChildren \\Trash) "/" Trash
    S: a OK LIST completed
    C: b LIST "" * RETURN (SPECIAL-USE)
    S: * LIST (\\HasNoChildren) "/" INBOX
    ${DEFAULTS}
    S: b OK LIST completed
    C: c CREATE Box/Inner
    S: c OK [MAILBOXID ({{:token}})] CREATE completed
    C: d DELETE Box
    S: d OK DELETE completed
    C: e LIST "" (INBOX Sent Box) RETURN (STATUS (MESSAGES UNSEEN UIDNEXT SIZE))
    S: * LIST (\\HasNoChildren) "/" INBOX
    S: * STATUS INBOX (MESSAGES 2 UNSEEN 2 UIDNEXT 3 SIZE {{:num}})
    S: * LIST (\\Noselect \\HasChildren) "/" Box
    S: * LIST (\\HasNoChildren \\Sent) "/" Sent
    S: * STATUS Sent (MESSAGES 1 UNSEEN 0 UIDNEXT 2 SIZE {{:num}})
    S: e OK LIST completed
    C: f LIST "" Sent RETURN (STATUS (BOGUS))
    S: f BAD Syntax error: unknown status item BOGUS
  `);
});

test('LSUB with % shows unsubscribed parents as \\Noselect; NAMESPACE', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    login alice secret
    C: a CREATE Team/News
    S: a OK [MAILBOXID ({{:token}})] CREATE completed
    C: b SUBSCRIBE Team/News
    S: b OK SUBSCRIBE completed
    C: c LSUB "" %
    S: * LSUB () "/" INBOX
    S~ * LSUB () "/" Archive
    S~ * LSUB () "/" Drafts
    S~ * LSUB () "/" Junk
    S~ * LSUB () "/" Sent
    S~ * LSUB (\\Noselect) "/" Team
    S~ * LSUB () "/" Trash
    S: c OK LSUB completed
    C: d LSUB "" Team/*
    S: * LSUB () "/" Team/News
    S: d OK LSUB completed
    C: e LSUB "" ""
    S: * LSUB (\\Noselect) "/" ""
    S: e OK LSUB completed
    C: f NAMESPACE
    S: * NAMESPACE (("" "/")) NIL NIL
    S: f OK NAMESPACE completed
    C: g NAMESPACE x
    S: g BAD Syntax error: {{*}}
  `);
});
