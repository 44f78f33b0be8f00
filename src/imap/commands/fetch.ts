/**
 * FETCH and UID FETCH (RFC 9051 6.4.5, RFC 3501 6.4.5 for the RFC822.* items, RFC 3516
 * BINARY, RFC 7162 CHANGEDSINCE/VANISHED/MODSEQ, RFC 8970 PREVIEW, RFC 8514 SAVEDATE,
 * RFC 8474 EMAILID/THREADID).
 *
 * Messages are fetched in groups: one store read per group, responses written with
 * back-pressure, section bytes sliced from the blob by the MIME index (never the whole
 * message unless asked for). ENVELOPE and BODYSTRUCTURE are copied from what the MIME engine
 * rendered at delivery. A non-PEEK body fetch sets \Seen first, so its FLAGS are in the
 * same response (RFC 9051 6.4.5).
 */

import { decodeIndex, encodedBodystructure, encodedEnvelope, indexMessage, makePreview, partText, previewFromText, renderBodystructure, renderEnvelope, type MimeIndex } from '../../mime/index.js';
import { previewPart } from '../../mime/search-text.js';
import { storeFlags } from '../../services/messages.js';
import { FLAG_SEEN, type BlobReader, type EntryDetail, type FlagListing } from '../../store/types.js';
import { encodeFetch, encodeVanished, FlagLineWriter, mergeRanges, type FetchCommand, type FetchItem, type FetchValue } from '../protocol/index.js';
import { noExpungeUnlessUid, SELECTED, type CommandTable, type Completion } from '../session/command-spec.js';
import { enableCondstore } from '../session/condstore.js';
import { BadError } from '../session/errors.js';
import { FlagText, flagList } from '../session/flags.js';
import { binaryContent, binarySize, rangeContent, sectionContent, type SectionSource } from '../session/sections.js';
import { resolveSet, requireView } from '../session/sequence.js';
import type { ImapSession } from '../session/session.js';
import type { MailboxView } from '../session/view.js';

/** Messages per store read: bounds memory and lets other sessions run in between. */
const GROUP = 200;
/** Bytes of a text part read to make a PREVIEW (RFC 8970: 200 characters of text). */
const PREVIEW_READ_BYTES = 16 * 1024;

const FLAG_ONLY = new Set(['UID', 'FLAGS', 'MODSEQ']);

/** True when the items set \Seen (BODY[...] and BINARY[...] without PEEK, RFC822, RFC822.TEXT). */
function setsSeen(items: readonly FetchItem[]): boolean {
  return items.some(
    (item) =>
      ((item.kind === 'BODY[]' || item.kind === 'BINARY[]') && !item.peek) || item.kind === 'RFC822' || item.kind === 'RFC822.TEXT',
  );
}

async function fetch(session: ImapSession, command: FetchCommand): Promise<Completion | void> {
  const view = requireView(session);
  // RFC 7162 3.2.6: BAD unless QRESYNC was enabled.
  if (command.vanished && !session.qresync) throw new BadError('VANISHED needs ENABLE QRESYNC');
  const services = session.context.services;
  const store = services.store;
  const uids = resolveSet(session, command.sequence, command.uid);
  const items = [...command.items];
  if (command.changedSince !== undefined || items.some((i) => i.kind === 'MODSEQ')) await enableCondstore(session);
  const wantModseq = command.changedSince !== undefined || items.some((i) => i.kind === 'MODSEQ');
  // RFC 7162 3.2.6: UID FETCH ... (CHANGEDSINCE m VANISHED) first reports what was expunged.
  if (command.vanished && command.changedSince !== undefined) await reportVanished(session, view, command, command.changedSince);
  const markSeen = setsSeen(items) && !view.readOnly;
  const flagOnly = items.every((i) => FLAG_ONLY.has(i.kind));
  let expungeIssued = false;
  if (flagOnly) expungeIssued = await fetchFlags(session, view, command, uids, wantModseq);
  else for (let at = 0; at < uids.length; at += GROUP) {
    const group = uids.slice(at, at + GROUP);
    const seen = markSeen ? await setSeen(session, view, group) : NONE;
    const entries = await store.getEntries(view.mailbox.id, group);
    if (entries.length < group.length) expungeIssued = true;
    for (const entry of entries) {
      if (command.changedSince !== undefined && entry.modseq <= command.changedSince) continue;
      await write(session, view, entry.uid, await messageValues(session, command, entry, wantModseq, seen.has(entry.uid)));
    }
  }
  // RFC 2180 4.1.2, RFC 5530: some requested messages were expunged by another client; the
  // others were sent. OK with the code (as RFC 5530's example and Dovecot do): a NO would make
  // clients throw away the data they did get.
  if (expungeIssued && !command.uid) return { code: { code: 'EXPUNGEISSUED' }, text: 'Some of the requested messages no longer exist' };
}

const NONE: ReadonlySet<number> = new Set();

/** Sets \Seen on the group; returns the UIDs whose flags changed. */
async function setSeen(session: ImapSession, view: MailboxView, uids: number[]): Promise<ReadonlySet<number>> {
  const result = await storeFlags(session.context.services, session.account!, view.mailbox, uids, { mode: 'add', flags: FLAG_SEEN, keywords: [] });
  // RFC 9051 6.4.5: the FETCH responses carry the new flags (FLAGS is added to the items of
  // each changed message), so no separate announcement is needed.
  for (const changed of result.changed) view.markReported(changed.uid, changed.modseq);
  return new Set(result.changed.map((c) => c.uid));
}

async function write(session: ImapSession, view: MailboxView, uid: number, values: FetchValue<SectionSource>[]): Promise<void> {
  const msn = view.msnOf(uid);
  if (msn === 0) return;
  for (const segment of encodeFetch(msn, values, session.encoding)) {
    if (Buffer.isBuffer(segment)) await session.out.send(segment);
    else await session.out.pipe(segment.source(), segment.length);
  }
}

/** Mailbox positions per store read when only UID, FLAGS and MODSEQ are asked for: bounds the
 *  listing held at once, and the client gets its first lines after one read of that size. */
const FLAG_SPAN = 10_000;

/**
 * The common "what changed" fetch (`UID FETCH 1:* (UID FLAGS)`, CONDSTORE's MODSEQ): the
 * entries read as compact columns for whole ranges of the mailbox, MSNs found by walking the
 * view alongside, response lines sent in 64 KB pieces. Returns whether some
 * requested messages were gone.
 */
async function fetchFlags(session: ImapSession, view: MailboxView, command: FetchCommand, uids: number[], wantModseq: boolean): Promise<boolean> {
  const withUid = command.uid || command.items.some((i) => i.kind === 'UID');
  const withFlags = command.items.some((i) => i.kind === 'FLAGS');
  const flagText = new FlagText(session, view);
  const lines = new FlagLineWriter();
  let missing = false;
  let at = 0;
  while (at < uids.length) {
    // The requested UIDs are all in the view, ascending: a group spans at most FLAG_SPAN
    // positions of it, so the range read holds about that many entries.
    const first = view.lowerBound(uids[at]!);
    const stop = first + FLAG_SPAN < view.exists ? view.uidAt(first + FLAG_SPAN + 1) : Infinity;
    let end = at + 1;
    while (end < uids.length && uids[end]! < stop) end++;
    const group = uids.slice(at, end);
    at = end;
    const list = await listFlags(session, view, group, wantModseq);
    let row = 0;
    let position = first;
    for (const uid of group) {
      while (row < list.uids.length && list.uids[row]! < uid) row++;
      if (row === list.uids.length || list.uids[row] !== uid) {
        missing = true;
        continue;
      }
      const modseq = list.modseqs?.[row] ?? 0;
      if (command.changedSince !== undefined && modseq <= command.changedSince) continue;
      while (position < view.exists && view.uidAt(position + 1) < uid) position++;
      if (view.uidAt(position + 1) !== uid) continue;
      lines.add(position + 1, withUid ? uid : null, withFlags ? flagText.of(uid, list.flags[row]!, list.keywords[row]) : null, wantModseq ? modseq : null);
      if (lines.full) await session.out.send(lines.take()!);
    }
  }
  const rest = lines.take();
  if (rest) await session.out.send(rest);
  return missing;
}

/**
 * Flags of a group of requested UIDs: the whole UID range when the group is dense in it,
 * just those UIDs when it is sparse (e.g. `UID FETCH 1,50000,99999 FLAGS`).
 */
async function listFlags(session: ImapSession, view: MailboxView, group: number[], withModseq: boolean): Promise<FlagListing> {
  const store = session.context.services.store;
  const fromUid = group[0]!;
  const toUid = group[group.length - 1]!;
  const span = view.lowerBound(toUid + 1) - view.lowerBound(fromUid);
  if (group.length * 4 >= span) return store.listFlags(view.mailbox.id, { fromUid, toUid }, withModseq);
  const states = await store.getFlags(view.mailbox.id, group);
  return {
    uids: Uint32Array.from(states, (s) => s.uid),
    flags: Uint8Array.from(states, (s) => s.flags),
    modseqs: Float64Array.from(states, (s) => s.modseq),
    keywords: states.map((s) => (s.keywords.length > 0 ? s.keywords : undefined)),
  };
}

async function messageValues(
  session: ImapSession,
  command: FetchCommand,
  entry: EntryDetail,
  wantModseq: boolean,
  seenNow: boolean,
): Promise<FetchValue<SectionSource>[]> {
  const store = session.context.services.store;
  let index: MimeIndex | null = null;
  let reader: BlobReader | null = null;
  // The index stored at delivery; a message stored without one is indexed now (once).
  const mime = async (): Promise<MimeIndex> =>
    (index ??= entry.mimeIndex && entry.mimeIndex.length > 0 ? decodeIndex(entry.mimeIndex) : indexMessage(await (await blob()).read(0, entry.size)));
  const stored = entry.mimeIndex && entry.mimeIndex.length > 0 ? entry.mimeIndex : null;
  const blob = async (): Promise<BlobReader> => (reader ??= await store.openBlob(entry.blobHash));
  const form = { utf8: session.utf8, rev2: session.rev2 };
  const values: FetchValue<SectionSource>[] = [];
  let uidDone = false;
  let modseqDone = false;
  if (command.uid && !command.items.some((i) => i.kind === 'UID')) {
    values.push({ kind: 'UID', uid: entry.uid });
    uidDone = true;
  }
  for (const item of command.items) {
    switch (item.kind) {
      case 'UID':
        if (!uidDone) values.push({ kind: 'UID', uid: entry.uid });
        uidDone = true;
        break;
      case 'FLAGS':
        values.push({ kind: 'FLAGS', flags: flagList(session, entry) });
        break;
      case 'MODSEQ':
        modseqDone = true;
        values.push({ kind: 'MODSEQ', modseq: entry.modseq });
        break;
      case 'INTERNALDATE':
        values.push({ kind: 'INTERNALDATE', date: entry.internalDate });
        break;
      case 'RFC822.SIZE':
        values.push({ kind: 'RFC822.SIZE', size: entry.size });
        break;
      case 'SAVEDATE':
        values.push({ kind: 'SAVEDATE', date: entry.savedAt });
        break;
      case 'EMAILID':
        values.push({ kind: 'EMAILID', id: `E${entry.messageId}` });
        break;
      case 'THREADID':
        values.push({ kind: 'THREADID', id: null });
        break;
      case 'ENVELOPE': {
        const fast = stored ? encodedEnvelope(stored) : null;
        values.push({ kind: 'ENVELOPE', rendered: fast && (form.utf8 || !fast.has8bit) ? fast.bytes : renderEnvelope(await mime(), form) });
        break;
      }
      case 'BODY':
      case 'BODYSTRUCTURE': {
        const extensible = item.kind === 'BODYSTRUCTURE';
        const fast = stored ? encodedBodystructure(stored, extensible) : null;
        const usable = fast !== null && (form.utf8 || !fast.has8bit) && (form.rev2 || !fast.hasGlobal);
        values.push({ kind: item.kind, rendered: usable ? fast.bytes : renderBodystructure(await mime(), extensible, form) });
        break;
      }
      case 'RFC822':
        values.push({ kind: 'RFC822', content: await rangeContent(await blob(), 0, entry.size) });
        break;
      case 'RFC822.HEADER':
        values.push({ kind: 'RFC822.HEADER', content: await rangeContent(await blob(), 0, (await mime()).headerSize) });
        break;
      case 'RFC822.TEXT':
        values.push({ kind: 'RFC822.TEXT', content: await rangeContent(await blob(), (await mime()).headerSize, entry.size) });
        break;
      case 'BODY[]':
        values.push({
          kind: 'BODY[]',
          section: item.section,
          ...(item.partial ? { origin: item.partial.origin } : {}),
          content: await sectionContent(await mime(), await blob(), item.section, item.partial),
        });
        break;
      case 'BINARY[]':
        values.push({
          kind: 'BINARY[]',
          part: item.part,
          ...(item.partial ? { origin: item.partial.origin } : {}),
          content: await binaryContent(await mime(), await blob(), item.part, item.partial),
        });
        break;
      case 'BINARY.SIZE':
        values.push({ kind: 'BINARY.SIZE', part: item.part, size: binarySize(await mime(), item.part) });
        break;
      case 'PREVIEW':
        values.push({ kind: 'PREVIEW', text: await preview(await mime(), await blob()) });
        break;
    }
  }
  if (seenNow && !command.items.some((i) => i.kind === 'FLAGS')) values.push({ kind: 'FLAGS', flags: flagList(session, entry) });
  if ((wantModseq || (seenNow && session.condstore)) && !modseqDone) values.push({ kind: 'MODSEQ', modseq: entry.modseq });
  return values;
}

/** RFC 8970: up to 200 characters of the main text, read from the text part's first bytes. */
async function preview(index: MimeIndex, reader: BlobReader): Promise<string> {
  const part = previewPart(index);
  if (part === null) return '';
  if (index.size <= PREVIEW_READ_BYTES) return makePreview(await reader.read(0, index.size), index);
  const body = await reader.read(part.bodyStart, Math.min(part.end, part.bodyStart + PREVIEW_READ_BYTES));
  return previewFromText(partText(part, body));
}

async function reportVanished(session: ImapSession, view: MailboxView, command: FetchCommand, since: number): Promise<void> {
  const store = session.context.services.store;
  const requested = resolveSet(session, command.sequence, true);
  const bounds = requested.length > 0 ? [requested[0]!, requested[requested.length - 1]!] : [1, view.maxUid];
  const gone = new Set<number>();
  let from = since;
  for (;;) {
    const rows = await store.readJournal(view.mailbox.id, from, 10_000);
    for (const row of rows) if (row.kind === 'expunged' && row.uid >= bounds[0]! && row.uid <= bounds[1]!) gone.add(row.uid);
    if (rows.length < 10_000) break;
    from = rows[rows.length - 1]!.modseq;
  }
  const uids = [...gone].filter((uid) => view.msnOf(uid) === 0).sort((a, b) => a - b);
  if (uids.length > 0) session.out.write(encodeVanished(mergeRanges(uids.map((u): [number, number] => [u, u])), true));
}

export const fetchCommands: CommandTable = {
  FETCH: { states: SELECTED, announce: noExpungeUnlessUid, run: fetch },
};
