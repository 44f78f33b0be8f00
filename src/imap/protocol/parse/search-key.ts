/**
 * search-key (RFC 9051 section 9 and 6.4.4, plus RFC 3501's NEW/OLD/RECENT and the
 * extensions listed in search.ts). Recursive for NOT, OR and parentheses, bounded by
 * IMAP_MAX_NESTING_DEPTH and IMAP_MAX_SEARCH_KEYS.
 */
import { IMAP_MAX_SEARCH_KEYS } from '../../../limits.js';
import { isDigit } from '../charclass.js';
import type { Cursor } from '../cursor.js';
import type { SearchKey } from '../types/search.js';

type DateKey = Extract<SearchKey, { kind: 'date' }>;

/** Keys that test a flag: name -> [flag, present]. */
const FLAG_KEYS: Record<string, readonly [string, boolean]> = {
  ANSWERED: ['\\Answered', true],
  UNANSWERED: ['\\Answered', false],
  DELETED: ['\\Deleted', true],
  UNDELETED: ['\\Deleted', false],
  DRAFT: ['\\Draft', true],
  UNDRAFT: ['\\Draft', false],
  FLAGGED: ['\\Flagged', true],
  UNFLAGGED: ['\\Flagged', false],
  SEEN: ['\\Seen', true],
  UNSEEN: ['\\Seen', false],
  // RFC 3501 only: \Recent is session state, still matched by the search engine.
  RECENT: ['\\Recent', true],
  OLD: ['\\Recent', false],
};

const ENVELOPE_KEYS: Record<string, Extract<SearchKey, { kind: 'envelope' }>['field']> = {
  FROM: 'from',
  TO: 'to',
  CC: 'cc',
  BCC: 'bcc',
  SUBJECT: 'subject',
};

const DATE_KEYS: Record<string, readonly [DateKey['field'], DateKey['op']]> = {
  BEFORE: ['internal', 'before'],
  ON: ['internal', 'on'],
  SINCE: ['internal', 'since'],
  SENTBEFORE: ['sent', 'before'],
  SENTON: ['sent', 'on'],
  SENTSINCE: ['sent', 'since'],
  SAVEDBEFORE: ['saved', 'before'],
  SAVEDON: ['saved', 'on'],
  SAVEDSINCE: ['saved', 'since'],
};

/** objectid = 1*255(ALPHA / DIGIT / "_" / "-") (RFC 8474 section 7). */
const OBJECT_ID = /^[A-Za-z0-9_-]{1,255}$/;

export class SearchKeyReader {
  private count = 0;

  constructor(private readonly c: Cursor) {}

  key(): SearchKey {
    const c = this.c;
    if (++this.count > IMAP_MAX_SEARCH_KEYS) c.fail('too many search keys', 'too-complex');
    const b = c.peek();
    if (b === 0x28) return { kind: 'and', keys: c.parenList(() => this.key()) };
    if (isDigit(b) || b === 0x2a || b === 0x24) return { kind: 'seq', set: c.sequenceSet() };

    const word = c.keyword();
    const flagKey = FLAG_KEYS[word];
    if (flagKey) return { kind: 'flag', flag: flagKey[0], present: flagKey[1] };
    const envelopeField = ENVELOPE_KEYS[word];
    if (envelopeField) return { kind: 'envelope', field: envelopeField, value: this.arg() };
    const dateKey = DATE_KEYS[word];
    if (dateKey) {
      c.sp();
      return { kind: 'date', field: dateKey[0], op: dateKey[1], date: c.date() };
    }
    switch (word) {
      case 'ALL':
        return { kind: 'all' };
      case 'NEW':
        return {
          kind: 'and',
          keys: [
            { kind: 'flag', flag: '\\Recent', present: true },
            { kind: 'flag', flag: '\\Seen', present: false },
          ],
        };
      case 'KEYWORD':
      case 'UNKEYWORD':
        c.sp();
        return { kind: 'flag', flag: c.atom(), present: word === 'KEYWORD' };
      case 'BODY':
        return { kind: 'body', value: this.arg() };
      case 'TEXT':
        return { kind: 'text', value: this.arg() };
      case 'HEADER': {
        const field = this.arg();
        return { kind: 'header', field, value: this.arg() };
      }
      case 'LARGER':
      case 'SMALLER':
        c.sp();
        return { kind: 'size', op: word === 'LARGER' ? 'larger' : 'smaller', size: c.number64() };
      case 'UID':
        c.sp();
        return { kind: 'uid', set: c.sequenceSet() };
      case 'NOT':
        c.sp();
        return c.nested(() => ({ kind: 'not', key: this.key() }));
      case 'OR':
        return c.nested(() => {
          c.sp();
          const left = this.key();
          c.sp();
          return { kind: 'or', left, right: this.key() };
        });
      case 'OLDER':
      case 'YOUNGER':
        c.sp();
        return { kind: 'age', op: word === 'OLDER' ? 'older' : 'younger', seconds: c.nzNumber() };
      case 'MODSEQ':
        return this.modseq();
      case 'SAVEDATESUPPORTED':
        return { kind: 'savedatesupported' };
      case 'EMAILID':
      case 'THREADID': {
        c.sp();
        const id = c.atom();
        if (!OBJECT_ID.test(id)) c.fail('invalid object id');
        return word === 'EMAILID' ? { kind: 'emailid', id } : { kind: 'threadid', id };
      }
      default:
        return c.fail(`unknown search key ${word}`);
    }
  }

  /** SP astring. */
  private arg(): string {
    this.c.sp();
    return this.c.astring();
  }

  /** "MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer (RFC 7162 3.1.5). */
  private modseq(): SearchKey {
    const c = this.c;
    c.sp();
    let entry: { name: string; type: 'priv' | 'shared' | 'all' } | undefined;
    if (c.peek() === 0x22) {
      const name = c.quoted();
      c.sp();
      const type = c.atom().toLowerCase();
      if (type !== 'priv' && type !== 'shared' && type !== 'all') return c.fail('expected priv, shared or all');
      entry = { name, type };
      c.sp();
    }
    const modseq = c.number64();
    return entry ? { kind: 'modseq', modseq, entry } : { kind: 'modseq', modseq };
  }
}
