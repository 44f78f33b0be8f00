/**
 * resp-text-code (RFC 9051 section 7.1, RFC 5530 codes, UIDPLUS RFC 4315, CONDSTORE/QRESYNC
 * RFC 7162, OBJECTID RFC 8474, CATENATE's TOOBIG RFC 4469 as APPENDLIMIT uses it, USEATTR
 * RFC 6154).
 */
import { formatRanges, formatRuns, type NumberRange } from '../sequence-set.js';
import type { ResponseBuilder } from './builder.js';

/** Codes without arguments. */
export type SimpleResponseCodeName =
  | 'ALERT'
  | 'PARSE'
  | 'READ-ONLY'
  | 'READ-WRITE'
  | 'TRYCREATE'
  | 'UIDNOTSTICKY'
  | 'UNAVAILABLE'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'EXPIRED'
  | 'PRIVACYREQUIRED'
  | 'CONTACTADMIN'
  | 'NOPERM'
  | 'INUSE'
  | 'EXPUNGEISSUED'
  | 'CORRUPTION'
  | 'SERVERBUG'
  | 'CLIENTBUG'
  | 'CANNOT'
  | 'LIMIT'
  | 'OVERQUOTA'
  | 'ALREADYEXISTS'
  | 'NONEXISTENT'
  | 'NOTSAVED'
  | 'HASCHILDREN'
  | 'CLOSED'
  | 'UNKNOWN-CTE'
  | 'NOMODSEQ'
  | 'TOOBIG'
  | 'USEATTR';

export type ResponseCode =
  | { readonly code: SimpleResponseCodeName }
  | { readonly code: 'BADCHARSET'; readonly charsets?: readonly string[] }
  | { readonly code: 'CAPABILITY'; readonly capabilities: readonly string[] }
  | { readonly code: 'PERMANENTFLAGS'; readonly flags: readonly string[] }
  | { readonly code: 'UIDNEXT' | 'UIDVALIDITY'; readonly value: number }
  | { readonly code: 'HIGHESTMODSEQ'; readonly value: number }
  /** uid-set of the appended messages, ascending (RFC 4315 section 3). */
  | { readonly code: 'APPENDUID'; readonly uidValidity: number; readonly uids: readonly number[] }
  /** Source and destination UIDs pair up element by element, in this order. */
  | {
      readonly code: 'COPYUID';
      readonly uidValidity: number;
      readonly source: readonly number[];
      readonly destination: readonly number[];
    }
  /** UIDs (or MSNs) that failed UNCHANGEDSINCE (RFC 7162 section 3.1.3). */
  | { readonly code: 'MODIFIED'; readonly set: readonly NumberRange[] }
  | { readonly code: 'MAILBOXID'; readonly id: string }
  /** Any other atom, with optional text (no "]"). */
  | { readonly code: 'other'; readonly name: string; readonly text?: string };

/** Writes "[" code "]" (without the space after it). */
export function writeResponseCode(b: ResponseBuilder, rc: ResponseCode): void {
  b.raw('[');
  switch (rc.code) {
    case 'BADCHARSET':
      b.raw('BADCHARSET');
      if (rc.charsets && rc.charsets.length > 0) b.sp().list(rc.charsets, (c) => b.astring(c));
      break;
    case 'CAPABILITY':
      b.raw(['CAPABILITY', ...rc.capabilities].join(' '));
      break;
    case 'PERMANENTFLAGS':
      b.raw('PERMANENTFLAGS ').list(rc.flags, (f) => b.raw(f));
      break;
    case 'UIDNEXT':
    case 'UIDVALIDITY':
    case 'HIGHESTMODSEQ':
      b.raw(`${rc.code} ${rc.value}`);
      break;
    case 'APPENDUID':
      b.raw(`APPENDUID ${rc.uidValidity} ${formatRuns(rc.uids)}`);
      break;
    case 'COPYUID':
      b.raw(`COPYUID ${rc.uidValidity} ${formatRuns(rc.source)} ${formatRuns(rc.destination)}`);
      break;
    case 'MODIFIED':
      b.raw(`MODIFIED ${formatRanges(rc.set)}`);
      break;
    case 'MAILBOXID':
      b.raw(`MAILBOXID (${rc.id})`);
      break;
    case 'other':
      b.raw(rc.name);
      if (rc.text) b.sp().humanText(rc.text.replace(/\]/g, ' '));
      break;
    default:
      b.raw(rc.code);
  }
  b.raw(']');
}
