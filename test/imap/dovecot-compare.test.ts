/**
 * Same answer as Dovecot: the same messages appended to Mailkeep and to a private Dovecot
 * 2.3, then the same commands to both, the answers compared as value trees (quoted versus
 * literal is each server's choice; FLAGS order and \Recent are ignored). Covers FETCH of
 * every item and section kind, SEARCH over many keys, STORE, and the status and response code
 * of common errors. Needs Dovecot installed (dovecot-imapd; CI installs it from .ci/run).
 * Differences chosen on purpose are listed in KNOWN_DIFFERENCES with the reason.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ImapTestClient, type CommandResult } from './client.js';
import { startDovecot } from '../helpers/dovecot.js';
import { fetchItems, parseResponse } from './imap-values.js';
import { startImapServer } from './setup.js';

const FIXTURES = [
  'simple-text',
  'multipart-mixed',
  'nested-multipart',
  'rfc822-attached',
  'quoted-printable',
  'binary-encoding',
  'encoded-words',
  // Not 'utf8-headers': raw 8-bit header text goes to IMAP4rev1 sessions as MIME encoded-words
  // (RFC 2047; and RFC 2231 for parameters), where Dovecot sends the raw bytes in literals that
  // a rev1 client cannot decode (test/fixtures/mime/DOVECOT.md).
  'multipart-alternative',
  'unknown-encoding',
];

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../../test/fixtures/mime/${name}.eml`, import.meta.url));
}

/** Sections fetched from every message, existing or not. */
const SECTIONS = [
  'BODY.PEEK[HEADER]',
  'BODY.PEEK[TEXT]',
  'BODY.PEEK[1]',
  'BODY.PEEK[1.MIME]',
  'BODY.PEEK[2]',
  'BODY.PEEK[2.MIME]',
  'BODY.PEEK[2.HEADER]',
  'BODY.PEEK[2.TEXT]',
  'BODY.PEEK[1.2]',
  'BODY.PEEK[HEADER.FIELDS (Subject From X-Nope)]',
  'BODY.PEEK[HEADER.FIELDS.NOT (Subject Received)]',
  'BODY.PEEK[]<10.20>',
  'BODY.PEEK[TEXT]<5.1000>',
  'BODY.PEEK[1]<0.7>',
  'RFC822.HEADER',
  'RFC822.SIZE',
];

const SEARCHES = [
  'ALL',
  'SEEN',
  'UNSEEN FLAGGED',
  'OR SEEN FLAGGED',
  'NOT OR SEEN FLAGGED',
  'FROM example',
  'TO example',
  'SUBJECT test',
  'BODY the',
  'TEXT part',
  'HEADER Content-Type multipart',
  'HEADER Message-ID ""',
  'LARGER 1000',
  'SMALLER 1000',
  'SENTBEFORE 1-Jan-2020',
  'SENTSINCE 1-Jan-2020',
  'BEFORE 1-Jan-2020',
  'ON 15-Mar-2025',
  'SINCE 1-Jan-2025',
  '2:4,7',
  '*',
  'UID 3:*',
  'KEYWORD $Work',
  'UNKEYWORD $Work',
  'ANSWERED',
  'DELETED',
  'DRAFT',
  'UNDRAFT',
  'NEW',
  'OLD',
  'RECENT',
  'CHARSET UTF-8 SUBJECT "é"',
  'RETURN (MIN MAX COUNT ALL) ALL',
  'RETURN (COUNT) FLAGGED',
  'RETURN () UNSEEN',
];

/**
 * Chosen differences: [command pattern, why]. Only the commands listed may differ, and the test
 * prints which did so that the list stays honest.
 */
const KNOWN_DIFFERENCES: [RegExp, string][] = [
  // RFC 3501 6.4.5 gives part 1 only to a message (or a message/rfc822 body); for a leaf part n,
  // "n.1" names nothing, so Mailkeep answers "". Dovecot returns the leaf's body again.
  [/BODY\.PEEK\[1\.2\]/, 'part numbers below a leaf'],
  // BINARY of a multipart or message/rfc822 part (messages 3 and 4): RFC 3516 asks for the
  // CTE decoding of the part itself, which for these is the identity, so Mailkeep sends the
  // stored bytes. Dovecot also decodes every nested part and rewrites their headers.
  [/^FETCH [34] \(BINARY(\.SIZE|\.PEEK)?\[[12]\]/, 'BINARY of a multipart is not decoded recursively'],
  // Message 5 has an invalid quoted-printable escape ("=XX"): Mailkeep decodes robustly (RFC
  // 2045 6.7 note: keep the "=" sequence as it is); Dovecot refuses BINARY with NO [PARSE].
  [/^FETCH 5 \(BINARY(\.SIZE|\.PEEK)?\[1\]/, 'robust quoted-printable decoding'],
];

async function session(port: number): Promise<ImapTestClient> {
  const client = await ImapTestClient.open(port);
  await client.line();
  await client.ok('LOGIN alice secret');
  return client;
}

interface Meaning {
  status: string | undefined;
  code: string | null;
  untagged: unknown[];
}

/** The comparable meaning of one command's answer. */
function meaning(result: CommandResult): Meaning {
  const code = /^\S+ (OK|NO|BAD) (?:\[([A-Z-]+)[^\]]*\])?/.exec(result.tagged);
  const untagged = result.untaggedRaw
    // Dovecot announces new keywords in FLAGS/PERMANENTFLAGS as we do; HIGHESTMODSEQ values
    // differ (each server numbers its own changes).
    .filter((raw) => !/^\* OK \[(HIGHESTMODSEQ|MAILBOXID) /.test(raw.toString('latin1')))
    .map((raw) => {
      const line = raw.toString('latin1');
      // Status responses: the code matters, not the human text; UIDVALIDITY values are each
      // server's own.
      const status = /^\* (OK|NO|BAD|BYE) (?:\[([^\]]*)\])?/.exec(line);
      if (status && !/^\[?PERMANENTFLAGS/.test(status[2] ?? '')) return `${status[1]} ${(status[2] ?? '').replace(/^UIDVALIDITY \d+$/, 'UIDVALIDITY')}`;
      if (/^\* \d+ FETCH /.test(line)) {
        const { seq, items } = fetchItems(raw);
        delete items.MODSEQ;
        return { fetch: seq, items };
      }
      const flags = /^\* (FLAGS|OK \[PERMANENTFLAGS) \(([^)]*)\)/.exec(line);
      if (flags) return `${flags[1]} ${flags[2]!.split(' ').sort().join(' ')}`;
      return parseResponse(line);
    });
  // Dovecot sends a bare "* n FETCH (UID n)" before a failed FETCH; it says nothing.
  const said = code?.[1] === 'NO' ? untagged.filter((u) => !(typeof u === 'object' && u !== null && 'items' in u && Object.keys(u.items).join() === 'UID')) : untagged;
  return { status: code?.[1], code: code?.[2] ?? null, untagged: said };
}

test('same answers as Dovecot: FETCH items and sections, SEARCH, STORE, error codes', async (t) => {
  const dovecot = await startDovecot({ users: [{ name: 'alice', password: 'secret' }], specialUse: true });
  t.after(() => dovecot.stop());
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  const mk = await session(ts.port('imap'));
  const dc = await session(dovecot.imapPort);
  t.after(() => {
    mk.close();
    dc.close();
  });

  // The same messages with the same flags and dates on both.
  let n = 0;
  for (const name of FIXTURES) {
    const bytes = fixture(name);
    const flags = ['(\\Seen)', '(\\Flagged $Work)', '()', '(\\Answered \\Seen)', '(\\Draft)'][n++ % 5];
    const day = String((n % 28) + 1).padStart(2, '0');
    for (const client of [mk, dc]) {
      client.send(`a APPEND INBOX ${flags} "${day}-Mar-2025 10:00:00 +0000" {${bytes.length}+}\r\n`);
      client.send(bytes);
      client.send('\r\n');
      const result = await client.until('a');
      assert.equal(result.status, 'OK', `${name}: ${result.tagged}`);
    }
  }
  const differed: string[] = [];
  const compare = async (command: string) => {
    const [a, b] = [await mk.command(command), await dc.command(command)];
    const [ma, mb] = [meaning(a), meaning(b)] as [Meaning, Meaning];
    if (/^(UID )?STORE /.test(command)) {
      // RFC 9051 6.4.6 example: Mailkeep returns the flags of every message in the set, Dovecot
      // only of those that changed; the ones both return must agree.
      const seqs = new Set(mb.untagged.map((u) => (u as { fetch?: number }).fetch));
      ma.untagged = ma.untagged.filter((u) => (u as { fetch?: number }).fetch === undefined || seqs.has((u as { fetch: number }).fetch));
    }
    if (ma.code !== null && mb.code === null && ma.status === mb.status) {
      // An RFC 5530 code where Dovecot gives none (e.g. NONEXISTENT for SELECT): more, not other.
      differed.push(`${command}: Mailkeep adds [${ma.code}]`);
      ma.code = null;
    }
    if (JSON.stringify(ma) === JSON.stringify(mb)) return;
    const known = KNOWN_DIFFERENCES.find(([pattern]) => pattern.test(command));
    if (known) {
      differed.push(`${command}: ${known[1]}`);
      return;
    }
    assert.deepEqual(ma, mb, `${command}\n  Mailkeep: ${[...a.untagged, a.tagged].join('\n    ')}\n  Dovecot:  ${[...b.untagged, b.tagged].join('\n    ')}`);
  };

  await compare('EXAMINE INBOX');
  await compare('FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY)');
  for (let i = 1; i <= FIXTURES.length; i++) {
    for (const section of SECTIONS) await compare(`FETCH ${i} (${section})`);
    await compare(`FETCH ${i} (BINARY.SIZE[1])`);
    await compare(`FETCH ${i} (BINARY.PEEK[1])`);
    await compare(`FETCH ${i} (BINARY.PEEK[2]<1.5>)`);
  }
  for (const key of SEARCHES) {
    await compare(`SEARCH ${key}`);
    await compare(`UID SEARCH ${key}`);
  }
  await compare('SELECT INBOX');
  await compare('STORE 1:3 +FLAGS ($Work \\Flagged)');
  await compare('STORE 2 -FLAGS (\\Flagged)');
  await compare('STORE 4 FLAGS.SILENT (\\Deleted $Other)');
  await compare('UID STORE 5,7 +FLAGS (\\Answered)');
  await compare('FETCH 1:* (FLAGS)');
  await compare('FETCH 6 (BODY[1])');
  await compare('FETCH 6 (FLAGS)');
  await compare('SEARCH KEYWORD $Other');
  await compare('EXPUNGE');
  await compare('FETCH 1:* (UID)');
  await compare('COPY 1 Nope');
  await compare('UID COPY 999 Trash');
  await compare('CREATE INBOX');
  await compare('DELETE Nope');
  await compare('RENAME Nope Other');
  await compare('SELECT Nope');
  await compare('FETCH 1 (UID)');
  if (differed.length > 0) t.diagnostic(`known differences seen: ${differed.join('; ')}`);
});

test('same answers as Dovecot: LIST, LSUB, STATUS and mailbox commands on a hierarchy', async (t) => {
  const dovecot = await startDovecot({ users: [{ name: 'alice', password: 'secret' }], specialUse: true });
  t.after(() => dovecot.stop());
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  const mk = await session(ts.port('imap'));
  const dc = await session(dovecot.imapPort);
  t.after(() => {
    mk.close();
    dc.close();
  });
  /** Untagged lines sorted (each server lists in its own order) and the tagged status. */
  const answer = async (client: ImapTestClient, command: string) => {
    const result = await client.command(command);
    const code = /^\S+ (OK|NO|BAD) (?:\[([A-Z-]+)[^\]]*\])?/.exec(result.tagged);
    // RFC 5258 lets a server add child information and RFC 6154 special-use attributes to any
    // LIST; Mailkeep always does, Dovecot only when asked (RETURN options, SPECIAL-USE).
    const extended = /^LIST \(|RETURN/.test(command);
    const keepChildren = !extended || /CHILDREN/.test(command);
    const keepUse = (!extended && !command.startsWith('LSUB')) || /SPECIAL-USE/.test(command);
    const lines = result.untagged
      .map((l) =>
        l.replace(/^\* (LIST|LSUB) \(([^)]*)\)/, (_m, kind: string, attrs: string) => {
          const kept = attrs
            .split(' ')
            .filter((a) => a !== '' && (keepChildren || !/^\\Has(No)?Children$/.test(a)) && (keepUse || !/^\\(Archive|Drafts|Junk|Sent|Trash|All|Flagged)$/.test(a)))
            .sort();
          return `* ${kind} (${kept.join(' ')})`;
        }),
      )
      .filter((l) => !/^\* OK \[(MAILBOXID|HIGHESTMODSEQ)/.test(l))
      .map((l) => l.replace(/ \(MAILBOXID \([^)]*\)\)/, '').replace(/\* STATUS (\S+) \((.*)\)/, (_m, name: string, items: string) => `* STATUS ${name} (${items.replace(/ ?MAILBOXID \([^)]*\)/, '')})`))
      .sort();
    // MAILBOXID (RFC 8474 OBJECTID) is Mailkeep's alone.
    return { status: code?.[1], code: code?.[2] === 'MAILBOXID' ? null : (code?.[2] ?? null), lines };
  };
  for (const command of [
    // The same subscriptions to start with (Mailkeep subscribes the standard mailboxes).
    'SUBSCRIBE INBOX',
    'SUBSCRIBE Drafts',
    'SUBSCRIBE Sent',
    'SUBSCRIBE Trash',
    'SUBSCRIBE Junk',
    'SUBSCRIBE Archive',
    // Parents created explicitly: Dovecot's Maildir++ does not make them real mailboxes.
    'CREATE Work',
    'CREATE Work/2026',
    'CREATE Work/2026/Q1',
    'CREATE Work/2025',
    'CREATE "Entw&APw-rfe"',
    'CREATE Spaces" "in name',
    'SUBSCRIBE Work/2026',
    'SUBSCRIBE Work/2025',
    'UNSUBSCRIBE Sent',
    'LIST "" *',
    'LIST "" %',
    'LIST "" Work/%',
    'LIST Work/ %',
    'LIST "" Work*',
    'LIST "" ""',
    'LIST "" inbox',
    'LIST (SUBSCRIBED) "" *',
    // Not 'LIST "" * RETURN (SUBSCRIBED)': Dovecot 2.3 leaves \Subscribed off its
    // auto-created special-use mailboxes there, though LIST (SUBSCRIBED) lists them.
    'LIST "" Work* RETURN (SUBSCRIBED)',
    'LIST "" % RETURN (CHILDREN)',
    'LIST (SPECIAL-USE) "" *',
    'LIST "" (Work Drafts) RETURN (STATUS (MESSAGES UIDNEXT UNSEEN))',
    'LSUB "" *',
    'LSUB "" Work/*',
    'STATUS Work/2026 (MESSAGES RECENT UIDNEXT UNSEEN)',
    'STATUS "Entw&APw-rfe" (MESSAGES)',
    'RENAME Work/2025 Work/Old',
    'LIST "" Work/*',
    'CREATE Work/Old',
    'RENAME Work/2026/Q1 Work/Old',
    'DELETE Work/Old',
    'LIST "" Work*',
    'NAMESPACE',
  ]) {
    const [a, b] = [await answer(mk, command), await answer(dc, command)];
    assert.deepEqual(a, b, `${command}\n  Mailkeep: ${a.lines.join('\n    ')}\n  Dovecot:  ${b.lines.join('\n    ')}`);
  }
});
