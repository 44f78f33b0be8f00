/**
 * Evaluates SEARCH keys (RFC 9051 6.4.4, RFC 3501 6.4.4, RFC 5032 WITHIN, RFC 7162 MODSEQ,
 * RFC 8514 SAVEDATE, RFC 8474 EMAILID/THREADID) against one message. Everything a key may need
 * is fetched lazily and at most once per message: the MIME index, header values, and the
 * decoded text (only for BODY and TEXT).
 */

import { decodeIndex, decodeSearchFields, extractSearchTextAsync, headerValuesForSearch, indexMessage, createMatcher, type MimeIndex, type SearchFields, type SearchText } from '../mime/index.js';
import type { BlobReader, EntryDetail, Store } from '../store/types.js';
import { SYSTEM_FLAG_BITS } from '../services/flags.js';
import type { ImapDate } from '../imap/protocol/dates.js';
import type { SearchKey } from '../imap/protocol/index.js';
import type { NumberRange } from '../imap/protocol/sequence-set.js';


/** What keys know about the session: MSNs, \Recent, "$", the clock. */
export interface SearchScope {
  /** UID -> MSN in the session's view (0 when unknown). */
  msnOf(uid: number): number;
  isRecent(uid: number): boolean;
  now: Date;
}

/** A key tree with its sequence sets already turned into UID ranges. */
export type PreparedKey =
  | Exclude<SearchKey, { kind: 'seq' | 'uid' | 'not' | 'or' | 'and' }>
  | { kind: 'uids'; ranges: readonly NumberRange[] }
  | { kind: 'msns'; ranges: readonly NumberRange[] }
  | { kind: 'not'; key: PreparedKey }
  | { kind: 'or'; left: PreparedKey; right: PreparedKey }
  | { kind: 'and'; keys: readonly PreparedKey[] };

/** Whether a key needs the message's content (MIME index or bytes), not just its entry row. */
export function needsContent(key: PreparedKey): boolean {
  switch (key.kind) {
    case 'envelope':
    case 'header':
    case 'body':
    case 'text':
    case 'date':
      return key.kind !== 'date' || key.field === 'sent';
    case 'not':
      return needsContent(key.key);
    case 'or':
      return needsContent(key.left) || needsContent(key.right);
    case 'and':
      return key.keys.some(needsContent);
    default:
      return false;
  }
}

function inRanges(ranges: readonly NumberRange[], n: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const [a, b] = ranges[mid]!;
    if (n < a) hi = mid - 1;
    else if (n > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Days since the epoch of a calendar date, to compare dates "disregarding time and timezone". */
function dayNumber(d: ImapDate): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

function dayOf(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

function compareDay(ms: number | null, op: 'before' | 'on' | 'since', date: ImapDate): boolean {
  if (ms === null) return false;
  const day = dayOf(ms);
  const target = dayNumber(date);
  return op === 'before' ? day < target : op === 'on' ? day === target : day >= target;
}

/** Per-message lazy data, shared by all keys evaluated on it. */
export class MessageData {
  private index: MimeIndex | null = null;
  private reader: BlobReader | null = null;
  private text: SearchText | null = null;

  constructor(
    readonly entry: EntryDetail,
    private readonly store: Store,
  ) {}

  async blob(): Promise<BlobReader> {
    return (this.reader ??= await this.store.openBlob(this.entry.blobHash));
  }

  /** The envelope's search fields, read from the stored index without its part tree. */
  async fields(): Promise<SearchFields> {
    const stored = this.entry.mimeIndex;
    if (!this.index && stored && stored.length > 0) return decodeSearchFields(stored).search;
    return (await this.mime()).search;
  }

  async mime(): Promise<MimeIndex> {
    if (this.index) return this.index;
    const stored = this.entry.mimeIndex;
    this.index = stored && stored.length > 0 ? decodeIndex(stored) : indexMessage(await (await this.blob()).read(0, this.entry.size));
    return this.index;
  }

  async header(name: string): Promise<string[]> {
    const index = await this.mime();
    const reader = await this.blob();
    const header = await reader.read(0, index.headerSize);
    return headerValuesForSearch(header, index, name);
  }

  async searchText(): Promise<SearchText> {
    if (this.text) return this.text;
    const index = await this.mime();
    const reader = await this.blob();
    this.text = await extractSearchTextAsync((start, end) => reader.read(start, end), index);
    return this.text;
  }
}

const matcherCache = new Map<string, (haystack: string) => boolean>();
function matcher(needle: string): (haystack: string) => boolean {
  let m = matcherCache.get(needle);
  if (!m) {
    m = createMatcher(needle);
    if (matcherCache.size > 1000) matcherCache.clear();
    matcherCache.set(needle, m);
  }
  return m;
}

export async function evaluate(key: PreparedKey, message: MessageData, scope: SearchScope): Promise<boolean> {
  const entry = message.entry;
  switch (key.kind) {
    case 'all':
    case 'savedatesupported':
      return true;
    case 'uids':
      return inRanges(key.ranges, entry.uid);
    case 'msns':
      return inRanges(key.ranges, scope.msnOf(entry.uid));
    case 'flag': {
      const lower = key.flag.toLowerCase();
      let has: boolean;
      if (lower === '\\recent') has = scope.isRecent(entry.uid);
      else if (SYSTEM_FLAG_BITS.has(lower)) has = (entry.flags & SYSTEM_FLAG_BITS.get(lower)!) !== 0;
      else has = entry.keywords.some((k) => k.toLowerCase() === lower);
      return has === key.present;
    }
    case 'size':
      return key.op === 'larger' ? entry.size > key.size : entry.size < key.size;
    case 'age': {
      const age = (scope.now.getTime() - entry.internalDate.getTime()) / 1000;
      return key.op === 'older' ? age > key.seconds : age <= key.seconds;
    }
    case 'modseq':
      return entry.modseq >= key.modseq;
    case 'emailid':
      return key.id === `E${entry.messageId}`;
    case 'threadid':
      return false;
    case 'date': {
      if (key.field === 'internal') return compareDay(entry.internalDate.getTime(), key.op, key.date);
      if (key.field === 'saved') return compareDay(entry.savedAt.getTime(), key.op, key.date);
      return compareDay((await message.fields()).date, key.op, key.date);
    }
    case 'envelope': {
      const match = matcher(key.value);
      const fields = await message.fields();
      if (key.field === 'subject') return match(fields.subject);
      // FROM/TO/CC/BCC: the field's names and addresses (RFC 9051 6.4.4); when it held nothing
      // that parsed as an address (groups only, garbage), its decoded text.
      const list = fields[key.field];
      if (list.length > 0) return list.some((a) => match(a.name) || match(a.address) || match(`${a.name} <${a.address}>`));
      return (await message.header(key.field)).some(match);
    }
    case 'header': {
      const values = await message.header(key.field);
      if (key.value === '') return values.length > 0;
      const match = matcher(key.value);
      return values.some(match);
    }
    case 'body':
      return matcher(key.value)((await message.searchText()).body);
    case 'text': {
      const match = matcher(key.value);
      const text = await message.searchText();
      return match(text.header) || match(text.body);
    }
    case 'not':
      return !(await evaluate(key.key, message, scope));
    case 'or':
      return (await evaluate(key.left, message, scope)) || (await evaluate(key.right, message, scope));
    case 'and':
      for (const k of key.keys) if (!(await evaluate(k, message, scope))) return false;
      return true;
  }
}
