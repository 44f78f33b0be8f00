/** SEARCH criteria and return options (RFC 9051 section 6.4.4, RFC 3501, extensions). */
import type { ImapDate } from '../dates.js';
import type { SequenceSet } from '../sequence-set.js';

export type SearchKey =
  | { readonly kind: 'all' }
  /** A bare sequence set: message sequence numbers. */
  | { readonly kind: 'seq'; readonly set: SequenceSet }
  | { readonly kind: 'uid'; readonly set: SequenceSet }
  /**
   * ANSWERED/UNANSWERED, DELETED, DRAFT, FLAGGED, SEEN and their UN- forms, KEYWORD/UNKEYWORD,
   * and RFC 3501's RECENT (NEW is RECENT with UNSEEN, OLD is not RECENT).
   */
  | { readonly kind: 'flag'; readonly flag: string; readonly present: boolean }
  /** FROM, TO, CC, BCC, SUBJECT: the envelope's field (RFC 9051 6.4.4). */
  | { readonly kind: 'envelope'; readonly field: 'from' | 'to' | 'cc' | 'bcc' | 'subject'; readonly value: string }
  /** HEADER name value; the field name as written, an empty value matches any such field. */
  | { readonly kind: 'header'; readonly field: string; readonly value: string }
  | { readonly kind: 'body'; readonly value: string }
  | { readonly kind: 'text'; readonly value: string }
  /** BEFORE/ON/SINCE (internal date), SENT*, SAVED* (RFC 8514): days, zone ignored. */
  | {
      readonly kind: 'date';
      readonly field: 'internal' | 'sent' | 'saved';
      readonly op: 'before' | 'on' | 'since';
      readonly date: ImapDate;
    }
  | { readonly kind: 'size'; readonly op: 'larger' | 'smaller'; readonly size: number }
  /** OLDER/YOUNGER (RFC 5032 WITHIN): internal date age in seconds. */
  | { readonly kind: 'age'; readonly op: 'older' | 'younger'; readonly seconds: number }
  /** MODSEQ (RFC 7162 section 3.1.5); the entry name/type are accepted and may be ignored. */
  | {
      readonly kind: 'modseq';
      readonly modseq: number;
      readonly entry?: { readonly name: string; readonly type: 'priv' | 'shared' | 'all' };
    }
  /** RFC 8514. */
  | { readonly kind: 'savedatesupported' }
  /** RFC 8474. */
  | { readonly kind: 'emailid'; readonly id: string }
  | { readonly kind: 'threadid'; readonly id: string }
  | { readonly kind: 'not'; readonly key: SearchKey }
  | { readonly kind: 'or'; readonly left: SearchKey; readonly right: SearchKey }
  /** A parenthesised list: all must match. */
  | { readonly kind: 'and'; readonly keys: readonly SearchKey[] };

/** RETURN options (RFC 4731 ESEARCH, RFC 5182 SAVE). */
export type SearchReturnOption = 'MIN' | 'MAX' | 'ALL' | 'COUNT' | 'SAVE';
