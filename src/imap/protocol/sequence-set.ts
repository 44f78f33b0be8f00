/**
 * Sequence sets (RFC 9051 section 9 sequence-set, RFC 5182 "$"): parsing, normalising to
 * sorted disjoint ranges, bounded expansion, and compact rendering of number lists.
 */
import { IMAP_MAX_SEQUENCE_EXPANSION } from '../../limits.js';
import { isDigit } from './charclass.js';
import { Cursor } from './cursor.js';

/** seq-number = nz-number / "*" (the largest number in use). */
export type SeqNumber = number | '*';

/** seq-range, or a single seq-number when from === to. Order is as written ("4:2" is 2..4). */
export interface SeqRange {
  readonly from: SeqNumber;
  readonly to: SeqNumber;
}

export type SequenceSet =
  /** "$": the result saved by SEARCH RETURN (SAVE) (RFC 5182). */
  | { readonly kind: 'saved' }
  | { readonly kind: 'ranges'; readonly ranges: readonly SeqRange[] };

/** An inclusive range of numbers, low <= high. */
export type NumberRange = readonly [low: number, high: number];

export interface SequenceSetOptions {
  /** Accept "$" (RFC 5182: wherever a sequence set is, except where noted). Default true. */
  readonly allowSaved?: boolean;
  /** Accept "*" (QRESYNC known-uids and friends do not). Default true. */
  readonly allowStar?: boolean;
}

function seqNumber(c: Cursor, allowStar: boolean): SeqNumber {
  if (c.peek() === 0x2a) {
    if (!allowStar) c.fail('"*" is not allowed here');
    c.skip(1);
    return '*';
  }
  if (!isDigit(c.peek())) c.fail('expected sequence number');
  return c.nzNumber();
}

/** sequence-set = (seq-number / seq-range) ["," sequence-set] / "$". */
export function readSequenceSet(c: Cursor, options: SequenceSetOptions = {}): SequenceSet {
  const allowStar = options.allowStar ?? true;
  if (c.peek() === 0x24) {
    if (options.allowSaved === false) c.fail('"$" is not allowed here');
    c.skip(1);
    return { kind: 'saved' };
  }
  const ranges: SeqRange[] = [];
  do {
    const from = seqNumber(c, allowStar);
    const to = c.tryChar(':') ? seqNumber(c, allowStar) : from;
    ranges.push({ from, to });
  } while (c.tryChar(','));
  return { kind: 'ranges', ranges };
}

/** Parses a sequence set given as text ("1:5,7,9:*"); throws ImapParseError. */
export function parseSequenceSet(text: string, options?: SequenceSetOptions): SequenceSet {
  const c = new Cursor({ tag: undefined, parts: [{ kind: 'text', bytes: Buffer.from(text, 'latin1') }] });
  const set = readSequenceSet(c, options);
  c.expectEnd();
  return set;
}

/** The set as written on the wire. */
export function formatSequenceSet(set: SequenceSet): string {
  if (set.kind === 'saved') return '$';
  return set.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`)).join(',');
}

/**
 * Sorted, merged, disjoint ranges, with "*" as `star` (the highest MSN, or the highest UID;
 * 0 for an empty mailbox, which drops ranges that are only "*"). `saved` stands for "$".
 * Work is proportional to the number of ranges written, never to the numbers they cover.
 */
export function normalizeSequenceSet(
  set: SequenceSet,
  star: number,
  saved: readonly NumberRange[] = [],
): NumberRange[] {
  if (set.kind === 'saved') return mergeRanges(saved);
  const raw: NumberRange[] = [];
  for (const r of set.ranges) {
    const a = r.from === '*' ? star : r.from;
    const b = r.to === '*' ? star : r.to;
    const low = Math.max(1, Math.min(a, b));
    const high = Math.max(a, b);
    if (high >= 1) raw.push([low, high]);
  }
  return mergeRanges(raw);
}

/** Sorts and merges overlapping or adjacent ranges. */
export function mergeRanges(ranges: readonly NumberRange[]): NumberRange[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = out[out.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else out.push([low, high]);
  }
  return out;
}

/** True when `n` lies in the normalised `ranges` (binary search). */
export function rangesContain(ranges: readonly NumberRange[], n: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const [low, high] = ranges[mid]!;
    if (n < low) hi = mid - 1;
    else if (n > high) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Thrown when an expansion would exceed its bound. */
export class SequenceSetTooLargeError extends Error {
  override readonly name = 'SequenceSetTooLargeError';
}

/**
 * Every number of the set, ascending and distinct, at most `limit` of them (default
 * IMAP_MAX_SEQUENCE_EXPANSION); throws SequenceSetTooLargeError beyond. Prefer the ranges.
 */
export function expandSequenceSet(
  set: SequenceSet,
  star: number,
  saved: readonly NumberRange[] = [],
  limit = IMAP_MAX_SEQUENCE_EXPANSION,
): number[] {
  const ranges = normalizeSequenceSet(set, star, saved);
  let count = 0;
  for (const [low, high] of ranges) count += high - low + 1;
  if (count > limit) throw new SequenceSetTooLargeError(`sequence set covers ${count} numbers, limit ${limit}`);
  const out = new Array<number>(count);
  let i = 0;
  for (const [low, high] of ranges) for (let n = low; n <= high; n++) out[i++] = n;
  return out;
}

/** Renders ranges as "1:5,7,9:12". */
export function formatRanges(ranges: readonly NumberRange[]): string {
  return ranges.map(([low, high]) => (low === high ? `${low}` : `${low}:${high}`)).join(',');
}

/** Compact rendering of any numbers (sorted, duplicates dropped): [1,2,3,4,5,7,9,10] -> "1:5,7,9:10". */
export function compactNumbers(numbers: Iterable<number>): string {
  return formatRanges(mergeRanges([...numbers].map((n): NumberRange => [n, n])));
}

/**
 * Numbers in the order given, ascending runs joined: COPYUID pairs its source and destination
 * sets element by element (RFC 4315 section 3), so neither may be reordered.
 */
export function formatRuns(numbers: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < numbers.length) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(i === j ? `${numbers[i]}` : `${numbers[i]}:${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
