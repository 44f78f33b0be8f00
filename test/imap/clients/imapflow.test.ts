/**
 * The imapflow npm client against Mailkeep over real sockets, as IMAP4rev2 (its default: it
 * ENABLEs IMAP4rev2, CONDSTORE, UTF8=ACCEPT) and as IMAP4rev1, over STARTTLS and implicit TLS:
 * list, select, fetch a structure and one part, search, flag, move, append, and an IDLE
 * notification of another session's append.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { startImapServer, type ImapTestServer } from '../setup.js';

const MULTIPART = [
  'From: Carol <carol@example.org>',
  'To: Alice <alice@example.org>',
  'Subject: Report with attachment',
  'Date: Sat, 28 Nov 2026 10:00:00 +0000',
  'Message-ID: <report@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="XX"',
  '',
  '--XX',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9 numbers inside.',
  '--XX',
  'Content-Type: application/pdf; name="r.pdf"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="r.pdf"',
  '',
  'JVBERi0xLjQKJcOkw7zDtsOfCg==',
  '--XX--',
  '',
].join('\r\n');

function client(ts: ImapTestServer, options: { rev1?: boolean; secure?: boolean } = {}): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: options.secure ? ts.port('imaps') : ts.port('imap'),
    secure: options.secure ?? false,
    auth: { user: 'alice', pass: 'secret' },
    tls: { rejectUnauthorized: false },
    logger: false,
    disableIMAP4rev2: options.rev1 ?? false,
    qresync: true,
  });
}

async function scenario(t: import('node:test').TestContext, options: { rev1?: boolean; secure?: boolean }) {
  const ts = await startImapServer(t);
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, ['Subject: plain\r\nFrom: bob@example.org\r\n\r\nfirst\r\n', MULTIPART]);
  const imap = client(ts, options);
  await imap.connect();
  t.after(() => imap.close());
  assert.equal(imap.secureConnection, true, 'TLS (STARTTLS or implicit)');

  // LIST with special-use.
  const boxes = await imap.list();
  const byUse = Object.fromEntries(boxes.filter((b) => b.specialUse).map((b) => [b.specialUse, b.path]));
  assert.deepEqual(byUse, { '\\Archive': 'Archive', '\\Drafts': 'Drafts', '\\Junk': 'Junk', '\\Sent': 'Sent', '\\Trash': 'Trash', '\\Inbox': 'INBOX' });

  // SELECT.
  const lock = await imap.getMailboxLock('INBOX');
  try {
    const mailbox = imap.mailbox;
    assert.ok(mailbox && typeof mailbox !== 'boolean');
    assert.equal(mailbox.exists, 2);
    assert.equal(mailbox.uidNext, 3);

    // FETCH the structure, envelope and one part.
    const message = await imap.fetchOne('2', { uid: true, envelope: true, bodyStructure: true, flags: true, bodyParts: ['1'] });
    assert.ok(message);
    assert.equal(message.envelope?.subject, 'Report with attachment');
    assert.equal(message.envelope?.from?.[0]?.address, 'carol@example.org');
    const parts = message.bodyStructure?.childNodes ?? [];
    assert.deepEqual(
      parts.map((p) => [p.part, p.type, p.encoding]),
      [
        ['1', 'text/plain', 'quoted-printable'],
        ['2', 'application/pdf', 'base64'],
      ],
    );
    assert.equal(message.bodyParts?.get('1')?.toString(), 'Caf=C3=A9 numbers inside.');
    const { content } = await imap.download('2', '2');
    const chunks: Buffer[] = [];
    for await (const chunk of content!) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString('latin1'), Buffer.from('JVBERi0xLjQKJcOkw7zDtsOfCg==', 'base64').toString('latin1'));

    // SEARCH.
    assert.deepEqual(await imap.search({ body: 'numbers' }, { uid: true }), [2]);
    assert.deepEqual(await imap.search({ seen: false }), [1, 2]);

    // Flags.
    assert.equal(await imap.messageFlagsAdd('1', ['\\Flagged', '$Important']), true);
    const flagged = await imap.fetchOne('1', { flags: true });
    assert.ok(flagged);
    assert.deepEqual([...(flagged.flags ?? [])].filter((f) => f !== '\\Recent').sort(), ['$Important', '\\Flagged']);
    assert.deepEqual(await imap.search({ flagged: true }), [1]);

    // MOVE.
    const moved = await imap.messageMove('1', 'Archive');
    assert.ok(moved && typeof moved !== 'boolean');
    assert.equal(moved.destination, 'Archive');
    assert.deepEqual([...(moved.uidMap?.entries() ?? [])], [[1, 1]]);
    assert.equal((imap.mailbox as { exists: number }).exists, 1);

    // APPEND.
    const appended = await imap.append('Drafts', 'Subject: draft\r\n\r\nDraft text.\r\n', ['\\Draft', '\\Seen']);
    assert.ok(appended && typeof appended !== 'boolean');
    assert.equal(appended.uid, 1);
    const status = await imap.status('Drafts', { messages: true, unseen: true });
    assert.ok(status);
    assert.equal(status.messages, 1);
    assert.equal(status.unseen, 0);

    // IDLE: another session appends; this one is told.
    const told = new Promise<number>((resolve) => imap.on('exists', (data: { count: number }) => resolve(data.count)));
    const idling = imap.idle();
    const other = client(ts, options);
    await other.connect();
    await other.append('INBOX', 'Subject: while idle\r\n\r\nhello\r\n');
    await other.logout();
    assert.equal(await told, 2);
    await imap.noop();
    await idling.catch(() => undefined);
  } finally {
    lock.release();
  }
  await imap.logout();
}

test('imapflow (IMAP4rev2, STARTTLS): list, select, fetch, search, flag, move, append, IDLE', async (t) => {
  await scenario(t, {});
});

test('imapflow (IMAP4rev1, implicit TLS): the same', async (t) => {
  await scenario(t, { rev1: true, secure: true });
});
