/**
 * The mbox From_ line ("From sender Mon Jan  1 00:00:00 2024"): parsing it into the sender and
 * the envelope date that becomes INTERNALDATE, and writing it.
 */

import { stripLineEnd } from './header-field.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Zone names seen in From_ lines, in minutes east of UTC (RFC 822 5.1 plus common European
 *  ones). An unknown name is read as UTC: the time is then off by hours, not lost. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  WET: 0, WEST: 60, BST: 60, CET: 60, MET: 60, CEST: 120, MEST: 120, EET: 120, EEST: 180,
};

const MON = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const ZONE = '[A-Za-z]{1,5}|[+-]\\d{4}';
/** asctime: "Mon Jan  1 00:00:00 2024", seconds optional, a zone before or after the year. */
const ASCTIME = new RegExp(
  `(?:^|\\s)(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\\s+(${MON})\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?` +
    `(?:\\s+(${ZONE}))?\\s+(\\d{4})(?:\\s+(${ZONE}))?(?:\\s|$)`,
  'i',
);
/** RFC 5322 style, which some tools write instead: "Mon, 1 Jan 2024 00:00:00 +0000". */
const RFC5322 = new RegExp(
  `(?:^|\\s)(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\\s+)?(\\d{1,2})\\s+(${MON})\\s+(\\d{4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?` +
    `(?:\\s+(${ZONE}))?(?:\\s|$)`,
  'i',
);

export interface FromLine {
  /** The envelope sender as written ("-" or "MAILER-DAEMON" are common); '' if absent. */
  sender: string;
  /** The envelope date; null when the line has none we can read. */
  date: Date | null;
}

function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0; // no zone: we write UTC, and so read it back as UTC
  if (/^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  }
  return ZONES[zone.toUpperCase()] ?? 0;
}

function makeDate(year: string, month: string, day: string, h: string, m: string, s: string | undefined, zone: string | undefined): Date | null {
  const monthIndex = MONTHS.findIndex((name) => name.toLowerCase() === month.toLowerCase());
  const [d, hh, mm] = [Number(day), Number(h), Number(m)];
  const ss = Math.min(Number(s ?? '0'), 59); // a leap second ":60" becomes :59
  if (monthIndex < 0 || d < 1 || d > 31 || hh > 23 || mm > 59) return null;
  const utc = Date.UTC(Number(year), monthIndex, d, hh, mm, ss) - zoneMinutes(zone) * 60_000;
  return Number.isFinite(utc) ? new Date(utc) : null;
}

/** Parses the date part of a From_ line (the text after "From "). */
export function parseEnvelopeDate(text: string): Date | null {
  const a = ASCTIME.exec(text);
  if (a) return makeDate(a[7]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5], a[6] ?? a[8]);
  const r = RFC5322.exec(text);
  if (r) return makeDate(r[3]!, r[2]!, r[1]!, r[4]!, r[5]!, r[6], r[7]);
  return null;
}

/** True when the line starts with "From " (the only thing that can make it a separator). */
export function startsWithFrom(line: Buffer): boolean {
  return line.length >= 5 && line[0] === 0x46 && line.toString('latin1', 0, 5) === 'From ';
}

/** Parses a From_ line; null when the line does not start with "From ". */
export function parseFromLine(line: Buffer): FromLine | null {
  if (!startsWithFrom(line)) return null;
  const rest = stripLineEnd(line.toString('latin1', 5));
  const date = parseEnvelopeDate(rest);
  const sender = /^\s/.test(rest) ? '' : (rest.split(/\s/, 1)[0] ?? '');
  return { sender, date };
}

/** C asctime() in UTC: "Mon Jan  1 00:00:00 2024" (day padded with a space). */
export function formatAsctime(date: Date): string {
  if (!Number.isFinite(date.getTime())) throw new RangeError('invalid date for a From_ line');
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ` +
    `${String(date.getUTCFullYear()).padStart(4, '0')}`
  );
}

/** Envelope senders become one token; anything unusable is MAILER-DAEMON (the convention for
 *  "no sender"). */
export function cleanSender(sender: string | null): string {
  if (sender === null) return 'MAILER-DAEMON';
  const bare = sender.trim().replace(/^<(.*)>$/, '$1').trim();
  return bare.length > 0 && /^[\x21-\x7e]+$/.test(bare) ? bare : 'MAILER-DAEMON';
}

/** "From sender date\n". */
export function formatFromLine(sender: string | null, date: Date): string {
  return `From ${cleanSender(sender)} ${formatAsctime(date)}\n`;
}
