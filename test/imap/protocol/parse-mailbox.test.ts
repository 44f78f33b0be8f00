/** SELECT EXAMINE CREATE DELETE RENAME SUBSCRIBE UNSUBSCRIBE LIST LSUB STATUS. */
import { test } from 'node:test';
import { parseFails, seq, table } from './helpers.js';

const noSelect = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
const noReturn = { subscribed: false, children: false, specialUse: false, status: undefined };

test('parse: SELECT and EXAMINE, with CONDSTORE and QRESYNC (RFC 7162)', () => {
  table([
    ['a SELECT INBOX', { tag: 'a', name: 'SELECT', mailbox: 'INBOX', condstore: false, qresync: undefined }],
    ['a examine "Sent Items"', { tag: 'a', name: 'EXAMINE', mailbox: 'Sent Items', condstore: false, qresync: undefined }],
    ['a SELECT inbox (CONDSTORE)', { tag: 'a', name: 'SELECT', mailbox: 'inbox', condstore: true, qresync: undefined }],
    [
      'a SELECT box (QRESYNC (67890007 90060115194045000))',
      {
        tag: 'a',
        name: 'SELECT',
        mailbox: 'box',
        condstore: false,
        // a number64 past 2^53 saturates (see Cursor.number64)
        qresync: { uidValidity: 67890007, modseq: Number.MAX_SAFE_INTEGER, knownUids: undefined, seqMatch: undefined },
      },
    ],
    [
      'A02 SELECT INBOX (QRESYNC (67890007 20050715 41,43:211,214:541))',
      {
        tag: 'A02',
        name: 'SELECT',
        mailbox: 'INBOX',
        condstore: false,
        qresync: { uidValidity: 67890007, modseq: 20050715, knownUids: seq([41], [43, 211], [214, 541]), seqMatch: undefined },
      },
    ],
    [
      'B04 SELECT INBOX (CONDSTORE QRESYNC (67890007 9006 1:100 (1:3,5 10,20:22,30)))',
      {
        tag: 'B04',
        name: 'SELECT',
        mailbox: 'INBOX',
        condstore: true,
        qresync: {
          uidValidity: 67890007,
          modseq: 9006,
          knownUids: seq([1, 100]),
          seqMatch: { sequences: seq([1, 3], [5]), uids: seq([10], [20, 22], [30]) },
        },
      },
    ],
    [
      'a SELECT INBOX (QRESYNC (5 9 (1 10)))',
      {
        tag: 'a',
        name: 'SELECT',
        mailbox: 'INBOX',
        condstore: false,
        qresync: { uidValidity: 5, modseq: 9, knownUids: undefined, seqMatch: { sequences: seq([1]), uids: seq([10]) } },
      },
    ],
  ]);
  parseFails('a SELECT');
  parseFails('a SELECT INBOX ()');
  parseFails('a SELECT INBOX (FOO)');
  parseFails('a SELECT INBOX (QRESYNC (0 5))');
  parseFails('a SELECT INBOX (QRESYNC (5 0))');
  parseFails('a SELECT INBOX (QRESYNC (5 9 1:*))');
  parseFails('a SELECT INBOX (QRESYNC (5 9) QRESYNC (5 9))');
});

test('parse: CREATE with USE (RFC 6154), DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE', () => {
  table([
    ['a CREATE Work/Projects', { tag: 'a', name: 'CREATE', mailbox: 'Work/Projects', specialUse: [] }],
    ['a CREATE "&ZeVnLIqe-"', { tag: 'a', name: 'CREATE', mailbox: '&ZeVnLIqe-', specialUse: [] }],
    [
      'a CREATE MySpecial (USE (\\drafts \\Sent \\X-Custom))',
      { tag: 'a', name: 'CREATE', mailbox: 'MySpecial', specialUse: ['\\Drafts', '\\Sent', '\\X-Custom'] },
    ],
    ['a CREATE x (USE ())', { tag: 'a', name: 'CREATE', mailbox: 'x', specialUse: [] }],
    ['a DELETE old', { tag: 'a', name: 'DELETE', mailbox: 'old' }],
    ['a RENAME "old name" {3}\r\nnew', { tag: 'a', name: 'RENAME', from: 'old name', to: 'new' }],
    ['a SUBSCRIBE "#news.comp"', { tag: 'a', name: 'SUBSCRIBE', mailbox: '#news.comp' }],
    ['a unsubscribe x]y', { tag: 'a', name: 'UNSUBSCRIBE', mailbox: 'x]y' }],
  ]);
  parseFails('a CREATE');
  parseFails('a CREATE x (FOO)');
  parseFails('a CREATE x (USE (Drafts))');
  parseFails('a CREATE x (USE (\\Drafts) USE (\\Sent))');
  parseFails('a RENAME onlyone');
  parseFails('a DELETE a b');
  parseFails('a SUBSCRIBE foo*');
});

test('parse: LIST, basic and LIST-EXTENDED (RFC 5258, 6154, 5819)', () => {
  table([
    [
      'a LIST "" *',
      { tag: 'a', name: 'LIST', reference: '', patterns: ['*'], select: noSelect, returns: noReturn, extended: false },
    ],
    [
      'a LIST ~/Mail/ %',
      { tag: 'a', name: 'LIST', reference: '~/Mail/', patterns: ['%'], select: noSelect, returns: noReturn, extended: false },
    ],
    [
      'a LIST "" ""',
      { tag: 'a', name: 'LIST', reference: '', patterns: [''], select: noSelect, returns: noReturn, extended: false },
    ],
    [
      'a LIST "" Work/%]x',
      { tag: 'a', name: 'LIST', reference: '', patterns: ['Work/%]x'], select: noSelect, returns: noReturn, extended: false },
    ],
    [
      'a LIST (SUBSCRIBED) "" "*"',
      {
        tag: 'a',
        name: 'LIST',
        reference: '',
        patterns: ['*'],
        select: { ...noSelect, subscribed: true },
        returns: noReturn,
        extended: true,
      },
    ],
    [
      'a LIST () "" ("INBOX" "Drafts" %)',
      { tag: 'a', name: 'LIST', reference: '', patterns: ['INBOX', 'Drafts', '%'], select: noSelect, returns: noReturn, extended: true },
    ],
    [
      'a LIST (subscribed remote recursivematch special-use) "" % RETURN (CHILDREN SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
      {
        tag: 'a',
        name: 'LIST',
        reference: '',
        patterns: ['%'],
        select: { subscribed: true, remote: true, recursiveMatch: true, specialUse: true },
        returns: { subscribed: true, children: true, specialUse: true, status: ['MESSAGES', 'UNSEEN'] },
        extended: true,
      },
    ],
    [
      'a LIST "" % RETURN ()',
      { tag: 'a', name: 'LIST', reference: '', patterns: ['%'], select: noSelect, returns: noReturn, extended: true },
    ],
  ]);
  parseFails('a LIST ""');
  parseFails('a LIST (FOO) "" *');
  parseFails('a LIST (RECURSIVEMATCH) "" *');
  parseFails('a LIST (REMOTE RECURSIVEMATCH) "" *');
  parseFails('a LIST "" * RETURN (FOO)');
  parseFails('a LIST "" * (CHILDREN)');
  parseFails('a LIST "" ()');
  parseFails('a LIST "" * RETURN (STATUS ())');
});

test('parse: LSUB and STATUS', () => {
  table([
    ['a LSUB "#news." "comp.mail.*"', { tag: 'a', name: 'LSUB', reference: '#news.', pattern: 'comp.mail.*' }],
    ['a STATUS blurdybloop (UIDNEXT MESSAGES)', { tag: 'a', name: 'STATUS', mailbox: 'blurdybloop', items: ['UIDNEXT', 'MESSAGES'] }],
    [
      'a STATUS INBOX (messages uidnext uidvalidity unseen deleted size recent highestmodseq appendlimit mailboxid messages)',
      {
        tag: 'a',
        name: 'STATUS',
        mailbox: 'INBOX',
        items: ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'DELETED', 'SIZE', 'RECENT', 'HIGHESTMODSEQ', 'APPENDLIMIT', 'MAILBOXID'],
      },
    ],
  ]);
  parseFails('a STATUS INBOX ()');
  parseFails('a STATUS INBOX MESSAGES');
  parseFails('a STATUS INBOX (FOO)');
  parseFails('a STATUS INBOX (MESSAGES');
});
