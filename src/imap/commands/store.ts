/**
 * STORE and UID STORE (RFC 9051 6.4.6) with UNCHANGEDSINCE (RFC 7162 3.1.3). The answer lists
 * the flags of every message in the set (not only changed ones, as RFC 3501 asks), unless
 * .SILENT; under CONDSTORE every changed message gets a FETCH with its MODSEQ even when silent.
 */

import { parseFlags } from '../../services/flags.js';
import { storeFlags } from '../../services/messages.js';
import { encodeFetch, mergeRanges, type FetchValue, type StoreCommand } from '../protocol/index.js';
import { noExpungeUnlessUid, SELECTED, type CommandTable, type Completion } from '../session/command-spec.js';
import { BadError, NoError, orNo } from '../session/errors.js';
import { announceKeywords } from '../session/announce.js';
import { enableCondstore } from '../session/condstore.js';
import { flagList } from '../session/flags.js';
import { resolveSet, requireView } from '../session/sequence.js';
import type { ImapSession } from '../session/session.js';

async function store(session: ImapSession, command: StoreCommand): Promise<Completion | void> {
  const view = requireView(session);
  if (view.readOnly) throw new NoError('The mailbox is open read-only (EXAMINE)', { code: 'CANNOT' });
  let set;
  try {
    set = parseFlags(command.flags);
  } catch (error) {
    throw new BadError((error as Error).message);
  }
  if (command.unchangedSince !== undefined) await enableCondstore(session);
  const uids = resolveSet(session, command.sequence, command.uid);
  const services = session.context.services;
  const result = await orNo(
    storeFlags(
      services,
      session.account!,
      view.mailbox,
      uids,
      { mode: command.action, flags: set.flags, keywords: set.keywords },
      command.unchangedSince !== undefined ? { unchangedSince: command.unchangedSince } : {},
    ),
  );
  for (const changed of result.changed) view.markReported(changed.uid, changed.modseq);
  if (set.keywords.length > 0 && command.action !== 'remove') await announceKeywords(session, set.keywords);
  const changedUids = new Set(result.changed.map((c) => c.uid));
  const refused = new Set(result.modified);
  const report = command.silent ? (session.condstore ? [...changedUids] : []) : uids.filter((uid) => !refused.has(uid));
  if (report.length > 0) {
    for (const state of await services.store.getFlags(view.mailbox.id, report)) {
      const msn = view.msnOf(state.uid);
      if (msn === 0) continue;
      const values: FetchValue[] = [];
      if (command.uid) values.push({ kind: 'UID', uid: state.uid });
      if (!command.silent) values.push({ kind: 'FLAGS', flags: flagList(session, state) });
      if (session.condstore) values.push({ kind: 'MODSEQ', modseq: state.modseq });
      for (const segment of encodeFetch(msn, values, session.encoding)) if (Buffer.isBuffer(segment)) await session.out.send(segment);
    }
  }
  if (result.modified.length > 0) {
    // RFC 7162 3.1.3: MODIFIED lists what failed UNCHANGEDSINCE, as UIDs or MSNs.
    const numbers = command.uid ? result.modified : result.modified.map((uid) => view.msnOf(uid)).filter((n) => n > 0);
    return {
      code: { code: 'MODIFIED', set: mergeRanges(numbers.map((n): [number, number] => [n, n])) },
      text: 'Conditional STORE failed for some messages',
    };
  }
}

export const storeCommands: CommandTable = {
  STORE: { states: SELECTED, announce: noExpungeUnlessUid, run: store },
};
