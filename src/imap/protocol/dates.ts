/**
 * IMAP dates: `date` for SEARCH (a calendar day) and `date-time` for APPEND and INTERNALDATE
 * (RFC 9051 section 9). Month names are case-insensitive on input and "Jan".."Dec" on output.
 */
import { isDigit } from './charclass.js';
import type { Cursor } from './cursor.js';

/** A calendar day without time or zone (SEARCH BEFORE/ON/SINCE compare days, RFC 9051 6.4.4). */
export interface ImapDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
}

/** An instant with the zone the client wrote it in (kept so INTERNALDATE can be echoed). */
export interface ImapDateTime {
  readonly instant: Date;
  /** Minutes east of UTC: "+0200" is 120. */
  readonly offsetMinutes: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function digitsOf(c: Cursor, min: number, max: number, what: string): number {
  let n = 0;
  let count = 0;
  while (count < max && isDigit(c.peek())) {
    n = n * 10 + (c.peek() - 0x30);
    c.skip(1);
    count++;
  }
  if (count < min) c.fail(`expected ${what}`);
  return n;
}

function month(c: Cursor): number {
  const name = c.rest(3).toUpperCase();
  const m = MONTHS.indexOf(name);
  if (m < 0) c.fail('expected a month name');
  c.skip(3);
  return m + 1;
}

/** Milliseconds since the epoch of a UTC wall time; unlike Date.UTC, years 0-99 stay themselves. */
function utcMillis(year: number, month0: number, day: number, h = 0, m = 0, s = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  d.setUTCHours(h, m, s, 0);
  return d.getTime();
}

function checkDay(c: Cursor, year: number, m: number, day: number): void {
  const last = new Date(utcMillis(year, m, 0)).getUTCDate(); // day 0 of the next month
  if (day < 1 || day > last) c.fail('no such day');
}

function dateText(c: Cursor): ImapDate {
  const day = digitsOf(c, 1, 2, 'day');
  c.expect('-');
  const m = month(c);
  c.expect('-');
  const year = digitsOf(c, 4, 4, 'year');
  checkDay(c, year, m, day);
  return { year, month: m, day };
}

export function readDate(c: Cursor): ImapDate {
  if (c.tryChar('"')) {
    const d = dateText(c);
    c.expect('"');
    return d;
  }
  return dateText(c);
}

export function readDateTime(c: Cursor): ImapDateTime {
  c.expect('"');
  // date-day-fixed = (SP DIGIT) / 2DIGIT; clients also send a single digit.
  c.tryChar(' ');
  const { year, month: m, day } = dateText(c);
  c.sp();
  const hh = digitsOf(c, 2, 2, 'hours');
  c.expect(':');
  const mm = digitsOf(c, 2, 2, 'minutes');
  c.expect(':');
  const ss = digitsOf(c, 2, 2, 'seconds');
  if (hh > 23 || mm > 59 || ss > 60) c.fail('bad time');
  c.sp();
  const sign = c.tryChar('+') ? 1 : c.tryChar('-') ? -1 : c.fail('expected zone');
  const zh = digitsOf(c, 2, 2, 'zone');
  const zm = digitsOf(c, 2, 2, 'zone');
  if (zm > 59) c.fail('bad zone');
  c.expect('"');
  const offsetMinutes = sign * (zh * 60 + zm);
  // A leap second (60) counts as 59: Date has no room for it.
  const utc = utcMillis(year, m - 1, day, hh, mm, Math.min(ss, 59)) - offsetMinutes * 60_000;
  return { instant: new Date(utc), offsetMinutes };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** date-time without the quotes: "17-Jul-1996 02:44:25 -0700". */
export function formatDateTime(instant: Date, offsetMinutes = 0): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad2(local.getUTCDate())}-${MONTH_NAMES[local.getUTCMonth()]}-${String(local.getUTCFullYear()).padStart(4, '0')} ` +
    `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())} ` +
    `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

/** date-text: "1-Feb-1994" style, for SEARCH keys written by tests and clients. */
export function formatDate(d: ImapDate): string {
  return `${d.day}-${MONTH_NAMES[d.month - 1]}-${String(d.year).padStart(4, '0')}`;
}
