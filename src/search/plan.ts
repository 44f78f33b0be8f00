/**
 * Turns SEARCH keys into a predicate the store runs in SQL (Store.searchUids). Keys on flags,
 * sizes, dates, UIDs and MODSEQ translate exactly; text keys become prefilters over the search
 * data stored at delivery (src/search/fields.ts) whose candidates are then checked one by one
 * (evaluate.ts). A plan is `exact` when no candidate needs checking.
 */

import { foldForSearch } from '../mime/index.js';
import type { SearchPredicate } from '../store/types.js';
import { SYSTEM_FLAG_BITS } from '../services/flags.js';
import type { ImapDate } from '../imap/protocol/dates.js';
import type { PreparedKey } from './evaluate.js';

export interface Plan {
  predicate: SearchPredicate;
  /** True when every entry the predicate accepts matches the keys (no check needed). */
  exact: boolean;
}

export interface PlanScope {
  /** UID ranges (in the session's view) for a range of MSNs. */
  msnRangeToUids(low: number, high: number): [number, number] | null;
  now: Date;
}


const ENVELOPE_HEADERS = new Set(['subject', 'from', 'to', 'cc', 'bcc']);

const ALL: Plan = { predicate: { kind: 'all' }, exact: true };
/** Anything may match: every candidate must be checked. */
const UNKNOWN: Plan = { predicate: { kind: 'all' }, exact: false };

function dayStart(d: ImapDate, plusDays = 0): number {
  return Date.UTC(d.year, d.month - 1, d.day + plusDays);
}

/** BEFORE/ON/SINCE compare calendar days (RFC 9051 6.4.4: "disregarding time and timezone"). */
function dayTest(field: 'internal' | 'saved' | 'sent', op: 'before' | 'on' | 'since', date: ImapDate): SearchPredicate {
  switch (op) {
    case 'before':
      return { kind: 'time', field, op: '<', value: dayStart(date) };
    case 'since':
      return { kind: 'time', field, op: '>=', value: dayStart(date) };
    case 'on':
      return {
        kind: 'and',
        predicates: [
          { kind: 'time', field, op: '>=', value: dayStart(date) },
          { kind: 'time', field, op: '<', value: dayStart(date, 1) },
        ],
      };
  }
}

/** A text prefilter, or UNKNOWN when the needle cannot narrow anything. */
function textPlan(field: 'subject' | 'from' | 'to' | 'cc' | 'bcc', value: string): Plan {
  const folded = foldForSearch(value);
  if (folded.trim() === '') return UNKNOWN;
  return { predicate: { kind: 'field', field, folded }, exact: false };
}

export function plan(key: PreparedKey, scope: PlanScope): Plan {
  switch (key.kind) {
    case 'all':
    case 'savedatesupported':
      return ALL;
    case 'uids':
      return { predicate: { kind: 'uids', ranges: key.ranges }, exact: true };
    case 'msns': {
      const ranges = key.ranges.map(([low, high]) => scope.msnRangeToUids(low, high)).filter((r): r is [number, number] => r !== null);
      return { predicate: { kind: 'uids', ranges }, exact: true };
    }
    case 'flag': {
      const lower = key.flag.toLowerCase();
      // \Recent belongs to the session (IMAP4rev1), not to the store: checked one by one.
      if (lower === '\\recent') return UNKNOWN;
      const bit = SYSTEM_FLAG_BITS.get(lower);
      if (bit !== undefined) return { predicate: { kind: 'flags', mask: bit, present: key.present }, exact: true };
      return { predicate: { kind: 'keyword', keyword: key.flag, present: key.present }, exact: true };
    }
    case 'size':
      return { predicate: { kind: 'size', op: key.op === 'larger' ? '>' : '<', value: key.size }, exact: true };
    case 'age': {
      // OLDER n: more than n seconds old; YOUNGER n: at most n (RFC 5032).
      const edge = scope.now.getTime() - key.seconds * 1000;
      return { predicate: { kind: 'time', field: 'internal', op: key.op === 'older' ? '<' : '>=', value: edge }, exact: true };
    }
    case 'date':
      // SENT* uses stored Date headers, which older messages may lack: checked.
      return { predicate: dayTest(key.field, key.op, key.date), exact: key.field !== 'sent' };
    case 'modseq':
      return { predicate: { kind: 'modseq', min: key.modseq }, exact: true };
    case 'envelope':
      return textPlan(key.field, key.value);
    case 'header': {
      const name = key.field.toLowerCase();
      if (key.value !== '' && ENVELOPE_HEADERS.has(name)) return textPlan(name as 'subject', key.value);
      // Raw header bytes narrow an ASCII needle without spaces (folding and decoding are then
      // the only differences, and an encoded word always passes the prefilter).
      if (/^[\x21-\x7e]+$/.test(key.value)) return { predicate: { kind: 'headerMay', lower: key.value.toLowerCase() }, exact: false };
      return UNKNOWN;
    }
    case 'body':
    case 'text':
    case 'emailid':
    case 'threadid':
      return UNKNOWN;
    case 'not': {
      const inner = plan(key.key, scope);
      // A prefilter's complement is no prefilter: NOT of an inexact plan narrows nothing.
      return inner.exact ? { predicate: { kind: 'not', predicate: inner.predicate }, exact: true } : UNKNOWN;
    }
    case 'or': {
      const left = plan(key.left, scope);
      const right = plan(key.right, scope);
      return { predicate: { kind: 'or', predicates: [left.predicate, right.predicate] }, exact: left.exact && right.exact };
    }
    case 'and': {
      const parts = key.keys.map((k) => plan(k, scope));
      const predicates = parts.map((p) => p.predicate).filter((p) => p.kind !== 'all');
      return { predicate: predicates.length === 1 ? predicates[0]! : { kind: 'and', predicates }, exact: parts.every((p) => p.exact) };
    }
  }
}
