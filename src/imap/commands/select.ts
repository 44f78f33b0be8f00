/**
 * SELECT and EXAMINE (RFC 9051 6.3.2-6.3.3, RFC 3501 for IMAP4rev1's RECENT and UNSEEN,
 * RFC 7162 CONDSTORE/QRESYNC), CLOSE, UNSELECT (RFC 3691) and CHECK.
 */

import { FLAG_DELETED, FLAG_SEEN } from '../../store/types.js';
import { expungeMessages } from '../../services/messages.js';
import { findMailbox } from '../../services/mailboxes.js';
import {
  encodeExists,
  encodeFetch,
  encodeRecent,
  encodeStatusResponse,
  encodeVanished,
  mergeRanges,
  normalizeSequenceSet,
  rangesContain,
  type ResponseCode,
  type SelectCommand,
} from '../protocol/index.js';
import { AUTHENTICATED, SELECTED, type CommandTable, type Completion } from '../session/command-spec.js';
import { BadError, NoError } from '../session/errors.js';
import { flagList } from '../session/flags.js';
import { mailboxName } from '../session/names.js';
import type { ImapSession } from '../session/session.js';
import { MailboxView } from '../session/view.js';
import { writeFlags } from '../session/announce.js';
import { writeSelectedList } from './list.js';

function untaggedOk(session: ImapSession, code: ResponseCode, text: string): void {
  session.out.write(encodeStatusResponse({ status: 'OK', code, text }, session.encoding));
}

async function select(session: ImapSession, command: SelectCommand): Promise<Completion> {
  const readOnly = command.name === 'EXAMINE';
  // RFC 7162 3.2.5: BAD, and nothing changes, when QRESYNC was not enabled first.
  if (command.qresync && !session.qresync) throw new BadError('QRESYNC parameter without ENABLE QRESYNC');
  if (session.view) {
    session.deselect();
    // RFC 9051 6.3.2 / RFC 7162 3.2.11: the previous mailbox is closed. Sent to IMAP4rev1
    // sessions too (an unknown code is ignored, RFC 3501 7.1), as Dovecot does.
    untaggedOk(session, { code: 'CLOSED' }, 'Previous mailbox closed');
  }
  if (command.condstore) session.condstore = true;
  const services = session.context.services;
  const name = mailboxName(session, command.mailbox);
  const found = await findMailbox(services, session.account!, name);
  if (!found || !found.selectable) throw new NoError(`Mailbox ${name} does not exist`, { code: 'NONEXISTENT' });
  // \Recent goes to the first read-write session to see a message (RFC 3501 2.3.2); a read-only
  // session sees what nobody claimed yet, without claiming it. IMAP4rev2 has no \Recent.
  // The claim covers the UIDs known now, exactly; later ones are claimed as they are announced.
  const recentTo = found.uidNext - 1;
  const recentFrom = session.rev2 ? Number.MAX_SAFE_INTEGER : readOnly ? found.firstRecentUid : await services.store.claimRecent(found.id, recentTo);
  // Read the mailbox (its MODSEQ) before its UIDs: changes committed in between show up again
  // through the journal, where the view ignores what it already has.
  const mailbox = (await services.store.getMailbox(found.id))!;
  const uids = await services.store.listUids(mailbox.id);
  const view = new MailboxView(mailbox, readOnly, uids, mailbox.highestModseq, recentFrom, recentTo);
  session.view = view;
  session.state = 'selected';
  session.savedSearch = [];
  const unsubscribe = await session.shared.feeds.subscribe(mailbox.id, mailbox.highestModseq, {
    onRows: (rows) => {
      view.record(rows);
      session.changesArrived();
    },
    onDeleted: () => {
      view.deleted = true;
      session.changesArrived();
    },
  });
  // The connection may have gone while subscribing: nobody would unsubscribe later.
  if (session.isEnded) {
    unsubscribe();
    return { text: 'Connection closed' };
  }
  session.unsubscribeFeed = unsubscribe;

  writeFlags(session, await services.store.listKeywords(mailbox.id));
  session.out.write(encodeExists(view.exists));
  if (session.rev2) await writeSelectedList(session, mailbox);
  else {
    session.out.write(encodeRecent(view.countRecent()));
    const firstUnseen = await services.store.firstUidWithout(mailbox.id, FLAG_SEEN);
    const msn = firstUnseen === null ? 0 : view.msnOf(firstUnseen);
    if (msn > 0) untaggedOk(session, { code: 'other', name: 'UNSEEN', text: String(msn) }, `Message ${msn} is the first unseen`);
  }
  untaggedOk(session, { code: 'UIDVALIDITY', value: mailbox.uidValidity }, 'UIDs valid');
  untaggedOk(session, { code: 'UIDNEXT', value: mailbox.uidNext }, 'Predicted next UID');
  if (session.condstore) untaggedOk(session, { code: 'HIGHESTMODSEQ', value: mailbox.highestModseq }, 'Highest');
  untaggedOk(session, { code: 'MAILBOXID', id: mailbox.guid }, 'Mailbox id');
  if (command.qresync && command.qresync.uidValidity === mailbox.uidValidity) await resynchronize(session, command.qresync);
  session.log.info({ event: 'select', mailbox: mailbox.name, exists: view.exists, readOnly });
  return { code: { code: readOnly ? 'READ-ONLY' : 'READ-WRITE' }, text: `${command.name} completed` };
}

/**
 * QRESYNC (RFC 7162 3.2.5): tell the client what changed since the MODSEQ it knows, without
 * a full flag fetch: VANISHED (EARLIER) for messages expunged since, FETCH for changed ones.
 */
async function resynchronize(session: ImapSession, params: NonNullable<SelectCommand['qresync']>): Promise<void> {
  const view = session.view!;
  const { store } = session.context.services;
  const known = params.knownUids ? normalizeSequenceSet(params.knownUids, view.maxUid) : null;
  const expunged = new Set<number>();
  let since = params.modseq;
  for (;;) {
    const rows = await store.readJournal(view.mailbox.id, since, 10_000);
    for (const row of rows) if (row.kind === 'expunged' && (!known || rangesContain(known, row.uid))) expunged.add(row.uid);
    if (rows.length < 10_000) break;
    since = rows[rows.length - 1]!.modseq;
  }
  const gone = [...expunged].filter((uid) => view.msnOf(uid) === 0).sort((a, b) => a - b);
  if (gone.length > 0) session.out.write(encodeVanished(mergeRanges(gone.map((u): [number, number] => [u, u])), true));
  const list = await store.listEntries(view.mailbox.id);
  for (let row = 0; row < list.uids.length; row++) {
    const modseq = list.modseqs[row]!;
    if (modseq <= params.modseq) continue;
    const uid = list.uids[row]!;
    const msn = view.msnOf(uid);
    if (msn === 0) continue;
    const values = [
      { kind: 'UID' as const, uid },
      { kind: 'FLAGS' as const, flags: flagList(session, { uid, flags: list.flags[row]!, keywords: list.keywords[row] ?? [] }) },
      { kind: 'MODSEQ' as const, modseq },
    ];
    for (const part of encodeFetch(msn, values, session.encoding)) if (Buffer.isBuffer(part)) await session.out.send(part);
  }
}

export const selectCommands: CommandTable = {
  SELECT: { states: AUTHENTICATED, announce: 'none', run: select },
  EXAMINE: { states: AUTHENTICATED, announce: 'none', run: select },
  CLOSE: {
    states: SELECTED,
    announce: 'none',
    async run(session) {
      const view = session.view!;
      // RFC 9051 6.4.1: CLOSE expunges \Deleted messages silently (no EXPUNGE responses),
      // unless the mailbox was opened read-only.
      if (!view.readOnly) {
        const services = session.context.services;
        const deleted = await services.store.uidsWithFlags(view.mailbox.id, FLAG_DELETED);
        if (deleted.length > 0) await expungeMessages(services, session.account!, view.mailbox, deleted);
      }
      session.deselect();
    },
  },
  UNSELECT: {
    states: SELECTED,
    announce: 'none',
    async run(session) {
      session.deselect();
    },
  },
  CHECK: {
    states: SELECTED,
    announce: 'all',
    // Everything is durable when a command completes; CHECK has nothing left to do.
    async run() {},
  },
};
