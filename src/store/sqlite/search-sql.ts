/**
 * SearchPredicate -> SQL over `entry e JOIN message m LEFT JOIN message_search s`. Flag, size,
 * date, UID and MODSEQ tests are exact; text tests compare folded text with instr() and let
 * entries without search data through (the caller verifies those).
 */

import type { SearchPredicate } from '../types.js';

export interface CompiledSql {
  where: string;
  params: unknown[];
}

const TEXT_COLUMNS = { subject: 's.subject', from: 's.from_addr', to: 's.to_addr', cc: 's.cc_addr', bcc: 's.bcc_addr' } as const;
const TIME_COLUMNS = { internal: 'm.internal_date', saved: 'e.saved_at', sent: 's.sent_date' } as const;

/** Whether any test in the predicate (through NOT, AND and OR) satisfies `leaf`. */
function anyTest(p: SearchPredicate, leaf: (test: SearchPredicate) => boolean): boolean {
  switch (p.kind) {
    case 'not':
      return anyTest(p.predicate, leaf);
    case 'and':
    case 'or':
      return p.predicates.some((q) => anyTest(q, leaf));
    default:
      return leaf(p);
  }
}

/** Whether the predicate needs the message_search join (text tests, the Date header). */
export function usesSearchTable(p: SearchPredicate): boolean {
  return anyTest(p, (t) => t.kind === 'field' || t.kind === 'headerMay' || (t.kind === 'time' && t.field === 'sent'));
}

/** Whether the predicate reads the message row (size, INTERNALDATE): without it, the search
 *  scans the entries alone, with no lookup in the message table per entry. */
export function usesMessageTable(p: SearchPredicate): boolean {
  return anyTest(p, (t) => t.kind === 'size' || (t.kind === 'time' && t.field === 'internal'));
}

export function compilePredicate(p: SearchPredicate): CompiledSql {
  const params: unknown[] = [];
  const where = compile(p, params);
  return { where, params };
}

function compile(p: SearchPredicate, params: unknown[]): string {
  switch (p.kind) {
    case 'all':
      return '1';
    case 'none':
      return '0';
    case 'uids': {
      if (p.ranges.length === 0) return '0';
      // Ranges as JSON pairs: one parameter however many ranges the client sent.
      params.push(JSON.stringify(p.ranges));
      return 'EXISTS (SELECT 1 FROM json_each(?) r WHERE e.uid BETWEEN json_extract(r.value, \'$[0]\') AND json_extract(r.value, \'$[1]\'))';
    }
    case 'flags':
      params.push(p.mask, p.mask);
      return p.present ? '(e.flags & ?) = ?' : '(e.flags & ?) <> ?';
    case 'keyword':
      // Keywords are stored space-separated; they compare without regard to case.
      params.push(` ${p.keyword.toLowerCase()} `);
      return `${p.present ? '' : 'NOT '}instr(' ' || lower(coalesce(e.keywords, '')) || ' ', ?) > 0`;
    case 'size':
      params.push(p.value);
      return `m.size ${p.op} ?`;
    case 'time': {
      params.push(p.value);
      const column = TIME_COLUMNS[p.field];
      // A message without a Date header matches no SENT* test (RFC 9051 6.4.4 compares the
      // header's date); one stored before search data existed is left for the caller.
      if (p.field === 'sent') return `(s.message_id IS NULL OR (${column} IS NOT NULL AND ${column} ${p.op} ?))`;
      return `${column} ${p.op} ?`;
    }
    case 'modseq':
      params.push(p.min);
      return 'e.modseq >= ?';
    case 'field':
      params.push(p.folded);
      return `(s.message_id IS NULL OR instr(${TEXT_COLUMNS[p.field]}, ?) > 0)`;
    case 'headerMay':
      params.push(p.lower);
      return "(s.header IS NULL OR instr(s.header, CAST('=?' AS BLOB)) > 0 OR instr(lower(CAST(s.header AS TEXT)), ?) > 0)";
    case 'not':
      return `NOT (${compile(p.predicate, params)})`;
    case 'and':
      return p.predicates.length === 0 ? '1' : p.predicates.map((q) => `(${compile(q, params)})`).join(' AND ');
    case 'or':
      return p.predicates.length === 0 ? '0' : p.predicates.map((q) => `(${compile(q, params)})`).join(' OR ');
  }
}
