/** COPY, MOVE (RFC 6851) and their UID forms with COPYUID (RFC 4315), TRYCREATE, quota. */

import { test } from 'node:test';
import { message, startImapServer } from '../setup.js';

test('COPY: COPYUID, flags kept, TRYCREATE, UID COPY of nothing, into the selected mailbox', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b'), message('c')], { flags: ['\\Flagged', '$Tag'] });
  const archive = await ts.mailbox(alice, 'Archive');
  const inbox = await ts.mailbox(alice);
  await ts.run(`
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b COPY 1,3 Archive
    S: b OK [COPYUID ${archive.uidValidity} 1,3 1:2] COPY completed
    C: c UID COPY 2:* Archive
    S: c OK [COPYUID ${archive.uidValidity} 2:3 3:4] COPY completed
    C: d COPY 1 Nope
    S: d NO [TRYCREATE] Mailbox Nope does not exist
    C: e UID COPY 99 Archive
    S: e OK COPY completed (no messages)
    C: f COPY 4 Archive
    S: f BAD Invalid message sequence number (the mailbox has 3 messages)
    C: g COPY 1 INBOX
    S: * 4 EXISTS
    S: * 4 RECENT
    S: g OK [COPYUID ${inbox.uidValidity} 1 4] COPY completed
    C: h STATUS Archive (MESSAGES)
    S: * STATUS Archive (MESSAGES 4)
    S: h OK STATUS completed
    C: i EXAMINE Archive
    S* i OK [READ-ONLY] EXAMINE completed
    C: j FETCH 1:* (UID FLAGS)
    S: * 1 FETCH (UID 1 FLAGS (\\Flagged $Tag \\Recent))
    S: * 2 FETCH (UID 2 FLAGS (\\Flagged $Tag \\Recent))
    S: * 3 FETCH (UID 3 FLAGS (\\Flagged $Tag \\Recent))
    S: * 4 FETCH (UID 4 FLAGS (\\Flagged $Tag \\Recent))
    S: j OK FETCH completed
    C: k COPY 1 INBOX
    S: k OK [COPYUID ${inbox.uidValidity} 1 5] COPY completed
    C: l COPY 1
    S: l BAD Syntax error: {{*}}
  `);
});

test('MOVE: untagged COPYUID, then EXPUNGE (or VANISHED under QRESYNC), then OK; refused read-only', async (t) => {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b'), message('c'), message('d')]);
  const trash = await ts.mailbox(alice, 'Trash');
  await ts.run(`
    1 login alice secret
    1 C: a SELECT INBOX
    1 S* a OK [READ-WRITE] SELECT completed
    2 login alice secret
    2 C: b SELECT INBOX
    2 S* b OK [READ-WRITE] SELECT completed
    1 C: c MOVE 2:3 Trash
    1 S: * OK [COPYUID ${trash.uidValidity} 2:3 1:2] Moved
    1 S: * 3 EXPUNGE
    1 S: * 2 EXPUNGE
    1 S: * 2 RECENT
    1 S: c OK MOVE completed
    1 C: d UID MOVE 4 Trash
    1 S: * OK [COPYUID ${trash.uidValidity} 4 3] Moved
    1 S: * 2 EXPUNGE
    1 S: * 1 RECENT
    1 S: d OK MOVE completed
    1 C: e MOVE 1 Nope
    1 S: e NO [TRYCREATE] Mailbox Nope does not exist
    1 C: f UID MOVE 2 Trash
    1 S: f OK MOVE completed (no messages)
    2 C: g NOOP
    2 S: * 4 EXPUNGE
    2 S: * 3 EXPUNGE
    2 S: * 2 EXPUNGE
    2 S: g OK NOOP completed
    2 C: h ENABLE QRESYNC
    2 S: * OK [HIGHESTMODSEQ {{:num}}] Highest
    2 S: * ENABLED QRESYNC CONDSTORE
    2 S: h OK ENABLE completed
    2 C: i MOVE 1 Archive
    2 S: * OK [COPYUID {{:num}} 1 1] Moved
    2 S: * VANISHED 1
    2 S: i OK MOVE completed
    2 C: j EXAMINE Trash
    2 S* j OK [READ-ONLY] EXAMINE completed
    2 C: k MOVE 1 Archive
    2 S: k NO [CANNOT] The mailbox is open read-only (EXAMINE)
  `);
});

test('COPY over quota: OVERQUOTA and nothing copied; MOVE does not grow the account', async (t) => {
  const ts = await startImapServer(t, { 'quota.default_messages': '3' });
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('a'), message('b')]);
  await ts.run(`
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b COPY 1:2 Archive
    S: b NO [OVERQUOTA] {{*}}
    C: c STATUS Archive (MESSAGES)
    S: * STATUS Archive (MESSAGES 0)
    S: c OK STATUS completed
    C: d MOVE 1:2 Archive
    S: * OK [COPYUID {{:num}} 1:2 1:2] Moved
    S: * 2 EXPUNGE
    S: * 1 EXPUNGE
    S: * 0 RECENT
    S: d OK MOVE completed
  `);
});
