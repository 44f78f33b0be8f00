/** `* STATUS name (MESSAGES 3 UIDNEXT 9 ...)` (RFC 9051 7.3.3 with RFC 7162, 7889, 8474). */
import type { StatusItem } from '../types/status.js';
import { ResponseBuilder, type EncodeOptions } from './builder.js';

/**
 * Values in the order to write them: numbers; APPENDLIMIT may be null (NIL: no limit for this
 * mailbox, RFC 7889 section 3.2); MAILBOXID is the object id (written as "(id)", RFC 8474).
 */
export type StatusValues = ReadonlyArray<readonly [StatusItem, number | string | null]>;

export function encodeStatusData(mailbox: string, values: StatusValues, options: EncodeOptions): Buffer {
  const b = new ResponseBuilder(options).raw('* STATUS ').mailbox(mailbox).sp();
  b.list(values, ([item, value]) => {
    b.raw(item).sp();
    if (value === null) b.raw('NIL');
    else if (item === 'MAILBOXID') b.raw(`(${value})`);
    else b.raw(String(value));
  });
  return b.crlf().take();
}
