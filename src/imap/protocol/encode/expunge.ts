/**
 * `* n EXPUNGE` (RFC 9051 7.5.1) and `* VANISHED [(EARLIER)] uids` (RFC 7162 section 3.2.10),
 * the latter replacing EXPUNGE once QRESYNC is enabled.
 */
import { formatRanges, type NumberRange } from '../sequence-set.js';

export function encodeExpunge(seq: number): Buffer {
  return Buffer.from(`* ${seq} EXPUNGE\r\n`, 'latin1');
}

/** `uids` normalised (sorted, merged); EARLIER for answers to UID FETCH and SELECT. */
export function encodeVanished(uids: readonly NumberRange[], earlier: boolean): Buffer {
  return Buffer.from(`* VANISHED ${earlier ? '(EARLIER) ' : ''}${formatRanges(uids)}\r\n`, 'latin1');
}
