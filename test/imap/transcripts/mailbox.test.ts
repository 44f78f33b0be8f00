/**
 * CREATE (with USE, RFC 6154), DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE (RFC 9051 6.3.4-8)
 * and their RFC 5530 codes.
 */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';

test('CREATE: parents made, trailing separator, ALREADYEXISTS, INBOX, bad names, USE', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    login alice secret
    C: a CREATE Projects/2026/
    S: a OK [MAILBOXID ({{:token}})] CREATE completed
    C: b LIST "" Projects*
    S: * LIST (\\HasChildren) "/" Projects
    S: * LIST (\\HasNoChildren) "/" Projects/2026
    S: b OK LIST completed
    C: c CREATE Projects
    S: c NO [ALREADYEXISTS] mailbox Projects already exists
    C: d CREATE inbox
    S: d NO [ALREADYEXISTS] INBOX always exists
    C: e CREATE INBOX/Sub
    S: e OK [MAILBOXID ({{:token}})] CREATE completed
    C: f CREATE ""
    S: f NO [CANNOT] Invalid mailbox name: the mailbox name is empty
    C: g CREATE "a//b"
    S: g NO [CANNOT] Invalid mailbox name: the mailbox name has an empty level (a bare "/")
    C: h CREATE "a%"
    S: h NO [CANNOT] Invalid mailbox name: the mailbox name contains a wildcard character (* or %)
    C: i CREATE "/lead"
    S: i NO [CANNOT] Invalid mailbox name: the mailbox name has an empty level (a bare "/")
    C: j CREATE {3}
    S: + Ready for literal data
    C: a\tb
    S: j NO [CANNOT] Invalid mailbox name: invalid modified UTF-7: character 9 must be encoded
    C: k CREATE Spam (USE (\\Junk))
    S: k NO [CANNOT] Junk is already the \\Junk mailbox
    C: l CREATE Spam (USE (\\Bogus))
    S: l NO [USEATTR] Special-use attribute \\Bogus is not supported
    C: m CREATE Spam (USE (\\Drafts \\Sent))
    S: m NO [USEATTR] Only one special-use attribute per mailbox
    C: n DELETE Junk
    S: n OK DELETE completed
    C: o CREATE Spam (USE (\\junk))
    S: o OK [MAILBOXID ({{:token}})] CREATE completed
    C: p LIST "" Spam
    S: * LIST (\\HasNoChildren \\Junk) "/" Spam
    S: p OK LIST completed
    C: q CREATE Other (FOO)
    S: q BAD Syntax error: unknown or repeated create parameter FOO
    C: r CREATE
    S: r BAD Syntax error: {{*}}
  `);
});

test('DELETE: NONEXISTENT, INBOX, a parent becomes \\Noselect, deleting the selected mailbox; another session is told', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.run(`
    1 login alice secret
    1 C: a DELETE Nope
    1 S: a NO [NONEXISTENT] mailbox Nope does not exist
    1 C: b DELETE INBOX
    1 S: b NO [CANNOT] INBOX cannot be deleted
    1 C: c CREATE Work/Done
    1 S: c OK [MAILBOXID ({{:token}})] CREATE completed
    1 C: d DELETE Work
    1 S: d OK DELETE completed
    1 C: e LIST "" Work*
    1 S: * LIST (\\Noselect \\HasChildren) "/" Work
    1 S: * LIST (\\HasNoChildren) "/" Work/Done
    1 S: e OK LIST completed
    1 C: f DELETE Work
    1 S: f NO [CANNOT] Work has children and holds no messages; delete the children first
    1 C: g DELETE Work/Done
    1 S: g OK DELETE completed
    1 C: h CREATE Old
    1 S: h OK [MAILBOXID ({{:token}})] CREATE completed
    1 C: i SELECT Old
    1 S* i OK [READ-WRITE] SELECT completed
    2 login alice secret
    2 C: j SELECT Old
    2 S* j OK [READ-WRITE] SELECT completed
    1 C: k0 SELECT INBOX
    1 S* k0 OK [READ-WRITE] SELECT completed
    1 C: k1 DELETE INBOX
    1 S: k1 NO [CANNOT] INBOX cannot be deleted
    1 C: k2 UID FETCH 1:* (UID)
    1 S: k2 OK FETCH completed
    1 C: k3 SELECT Old
    1 S* k3 OK [READ-WRITE] SELECT completed
    1 C: k DELETE Old
    1 S: * OK [CLOSED] Previously selected mailbox was deleted
    1 S: k OK DELETE completed
    1 C: l FETCH 1 FLAGS
    1 S: l BAD No mailbox selected
    2 C: m NOOP
    2 S: * BYE The selected mailbox was deleted by another client
    2 S: <closed>
    1 C: n STATUS Old (MESSAGES)
    1 S: n NO [NONEXISTENT] Mailbox Old does not exist
  `);
  await ts.deliver(alice, [message('x')]);
});

test('RENAME: children move along, INBOX moves its messages, ALREADYEXISTS, NONEXISTENT, into itself', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one'), message('two')]);
  await ts.run(`
    login alice secret
    C: a CREATE A/B/C
    S: a OK [MAILBOXID ({{:token}})] CREATE completed
    C: b RENAME A X
    S: b OK RENAME completed
    C: c LIST "" *
    S: * LIST (\\HasNoChildren) "/" INBOX
    S~ * LIST (\\HasNoChildren \\Archive) "/" Archive
    S~ * LIST (\\HasNoChildren \\Drafts) "/" Drafts
    S~ * LIST (\\HasNoChildren \\Junk) "/" Junk
    S~ * LIST (\\HasNoChildren \\Sent) "/" Sent
    S~ * LIST (\\HasNoChildren \\Trash) "/" Trash
    S~ * LIST (\\HasChildren) "/" X
    S~ * LIST (\\HasChildren) "/" X/B
    S~ * LIST (\\HasNoChildren) "/" X/B/C
    S: c OK LIST completed
    C: d RENAME X Trash
    S: d NO [ALREADYEXISTS] mailbox Trash already exists
    C: e RENAME Nope Y
    S: e NO [NONEXISTENT] mailbox Nope does not exist
    C: f RENAME X X/B/D
    S: f NO [CANNOT] {{*}}
    C: g RENAME INBOX Saved
    S: g OK RENAME completed
    C: h STATUS Saved (MESSAGES)
    S: * STATUS Saved (MESSAGES 2)
    S: h OK STATUS completed
    C: i STATUS INBOX (MESSAGES)
    S: * STATUS INBOX (MESSAGES 0)
    S: i OK STATUS completed
    C: j RENAME X ""
    S: j NO [CANNOT] Invalid mailbox name: the mailbox name is empty
    C: k RENAME X
    S: k BAD Syntax error: {{*}}
    # RFC 8474: a mailbox keeps its MAILBOXID through RENAME.
    C: l CREATE Keep
    S: l OK [MAILBOXID ({{id}})] CREATE completed
    C: m RENAME Keep Kept
    S: m OK RENAME completed
    C: n STATUS Kept (MAILBOXID)
    S: * STATUS Kept (MAILBOXID ({{id}}))
    S: n OK STATUS completed
  `);
});

test('SUBSCRIBE and UNSUBSCRIBE: names that do not exist may be subscribed (RFC 9051 6.3.7)', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    login alice secret
    C: a SUBSCRIBE Ghost
    S: a OK SUBSCRIBE completed
    C: b UNSUBSCRIBE Sent
    S: b OK UNSUBSCRIBE completed
    C: c LSUB "" *
    S: * LSUB () "/" INBOX
    S~ * LSUB () "/" Archive
    S~ * LSUB () "/" Drafts
    S~ * LSUB (\\Noselect) "/" Ghost
    S~ * LSUB () "/" Junk
    S~ * LSUB () "/" Trash
    S: c OK LSUB completed
    C: d UNSUBSCRIBE Ghost
    S: d OK UNSUBSCRIBE completed
    C: e UNSUBSCRIBE Ghost
    S: e OK UNSUBSCRIBE completed
    C: f SUBSCRIBE ""
    S: f NO [CANNOT] Invalid mailbox name: the mailbox name is empty
  `);
});
