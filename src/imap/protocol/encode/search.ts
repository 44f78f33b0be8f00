/**
 * Search results: `* SEARCH 2 5 7 [(MODSEQ n)]` (RFC 3501 7.2.5, RFC 7162 3.1.5) for
 * IMAP4rev1 without RETURN, and `* ESEARCH (TAG "t") UID MIN 2 ...` (RFC 4731, RFC 9051 7.3.4).
 */
import { formatRanges, type NumberRange } from '../sequence-set.js';
import { ResponseBuilder, type EncodeOptions } from './builder.js';

export function encodeSearch(numbers: readonly number[], highestModseq?: number): Buffer {
  let line = '* SEARCH';
  for (const n of numbers) line += ` ${n}`;
  // The MODSEQ suffix only when something matched (RFC 7162 3.1.5).
  if (highestModseq !== undefined && numbers.length > 0) line += ` (MODSEQ ${highestModseq})`;
  return Buffer.from(line + '\r\n', 'latin1');
}

export interface EsearchResult {
  /** The command's tag (search-correlator). */
  readonly tag?: string;
  readonly uid: boolean;
  readonly min?: number;
  readonly max?: number;
  /** ALL as normalised ranges; omitted when nothing matched (RFC 4731 section 3.1). */
  readonly all?: readonly NumberRange[];
  readonly count?: number;
  readonly modseq?: number;
}

export function encodeEsearch(r: EsearchResult, options: EncodeOptions): Buffer {
  const b = new ResponseBuilder(options).raw('* ESEARCH');
  if (r.tag !== undefined) b.raw(' (TAG ').string(r.tag).raw(')');
  if (r.uid) b.raw(' UID');
  if (r.min !== undefined) b.raw(` MIN ${r.min}`);
  if (r.max !== undefined) b.raw(` MAX ${r.max}`);
  if (r.all !== undefined && r.all.length > 0) b.raw(` ALL ${formatRanges(r.all)}`);
  if (r.count !== undefined) b.raw(` COUNT ${r.count}`);
  if (r.modseq !== undefined) b.raw(` MODSEQ ${r.modseq}`);
  return b.crlf().take();
}
