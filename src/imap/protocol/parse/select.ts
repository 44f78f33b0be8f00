/**
 * SELECT and EXAMINE (RFC 9051 6.3.2-3) with select parameters (RFC 4466 section 2.1):
 * CONDSTORE (RFC 7162 3.1.8) and QRESYNC (RFC 7162 3.2.5). Unknown parameters are BAD.
 */
import type { Cursor } from '../cursor.js';
import type { SequenceSet } from '../sequence-set.js';
import type { QresyncParams, SelectCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

export function parseSelect(c: Cursor, head: CommandHead): SelectCommand {
  c.sp();
  const mailbox = c.astring();
  let condstore = false;
  let qresync: QresyncParams | undefined;
  if (c.trySp()) {
    c.parenList(() => {
      const param = c.atom().toUpperCase();
      if (param === 'CONDSTORE') condstore = true;
      else if (param === 'QRESYNC') {
        if (qresync) c.fail('QRESYNC given twice');
        c.sp();
        qresync = qresyncParams(c);
      } else c.fail(`unknown select parameter ${param}`);
    });
  }
  return { tag: head.tag, name: head.name as 'SELECT' | 'EXAMINE', mailbox, condstore, qresync };
}

/** "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")". */
function qresyncParams(c: Cursor): QresyncParams {
  return c.nested(() => {
    c.expect('(');
    const uidValidity = c.nzNumber();
    c.sp();
    const modseq = c.nzNumber64();
    let knownUids: SequenceSet | undefined;
    let seqMatch: QresyncParams['seqMatch'];
    if (c.trySp()) {
      if (c.peek() !== 0x28) {
        knownUids = c.sequenceSet({ allowStar: false, allowSaved: false });
        if (c.trySp()) seqMatch = seqMatchData(c);
      } else seqMatch = seqMatchData(c);
    }
    c.expect(')');
    return { uidValidity, modseq, knownUids, seqMatch };
  });
}

/** seq-match-data = "(" known-sequence-set SP known-uid-set ")"; "*" is not allowed. */
function seqMatchData(c: Cursor): NonNullable<QresyncParams['seqMatch']> {
  return c.nested(() => {
    c.expect('(');
    const sequences = c.sequenceSet({ allowStar: false, allowSaved: false });
    c.sp();
    const uids = c.sequenceSet({ allowStar: false, allowSaved: false });
    c.expect(')');
    return { sequences, uids };
  });
}
