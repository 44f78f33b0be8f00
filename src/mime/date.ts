/**
 * Date header parsing: RFC 5322 section 3.3 and the obsolete forms of section 4.3 (two- and
 * three-digit years, alphabetic zones, comments, missing seconds), plus forms seen in real mail
 * (full month names, missing day-of-week comma, missing zone, ISO 8601). Returns null instead of
 * guessing when the day, month, year or time is missing or out of range.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
};

/** RFC 5322 4.3 obs-zone; military zones are "-0000" (unknown) per that section. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS[w] ?? MONTHS[w.slice(0, 3)];
}

/** Parses a Date header value; null when it cannot be read. */
const STANDARD = /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4})\s*$/;

export function parseDate(raw: string): Date | null {
  // Fast path: the RFC 5322 form almost all mail uses.
  const std = STANDARD.exec(raw);
  if (std !== null) {
    const month = MONTHS[std[2]!.toLowerCase()];
    if (month !== undefined) return build(+std[3]!, month, +std[1]!, +std[4]!, +std[5]!, std[6] === undefined ? 0 : +std[6], zoneMinutes(std[7]!));
  }
  // Comments go first (RFC 5322 CFWS), then the optional day-of-week.
  let s = raw.replace(/\([^()]*\)/g, ' ').replace(/[\r\n]/g, ' ').trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (iso !== null) return build(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, iso[6] === undefined ? 0 : +iso[6], zoneMinutes(iso[7] ?? 'Z'));
  s = s.replace(/^[A-Za-z]+\s*,?\s*(?=\d)/, '');
  const toks = s.split(/[\s,]+/).filter((t) => t.length > 0);
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let time: number[] | undefined;
  let zone: number | undefined;
  for (const t of toks) {
    if (time === undefined && /^\d{1,2}:\d{1,2}(:\d{1,2})?(\.\d+)?$/.test(t)) {
      time = t.split(/[:.]/).slice(0, 3).map(Number);
    } else if (/^[+-]\d{4}$/.test(t) && time !== undefined) {
      zone = zoneMinutes(t);
    } else if (/^\d+$/.test(t)) {
      if (day === undefined && month === undefined && t.length <= 2) day = +t;
      else if (day === undefined && month !== undefined && t.length <= 2) day = +t;
      else if (year === undefined) year = fixYear(t);
    } else if (/^\d{1,2}-[A-Za-z]{3}-\d{2,4}$/.test(t)) {
      const [d, m, y] = t.split('-') as [string, string, string];
      day = +d;
      month = monthOf(m);
      year = fixYear(y);
    } else if (month === undefined && monthOf(t) !== undefined && /^[A-Za-z]+\.?$/.test(t)) {
      month = monthOf(t);
    } else if (zone === undefined && time !== undefined && /^[A-Za-z]{1,5}$/.test(t)) {
      zone = ZONES[t.toLowerCase()] ?? 0;
    }
  }
  if (day === undefined || month === undefined || year === undefined || time === undefined) return null;
  return build(year, month, day, time[0]!, time[1]!, time[2] ?? 0, zone ?? 0);
}

function zoneMinutes(z: string): number {
  if (z.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (m === null) return 0;
  const v = +m[2]! * 60 + +m[3]!;
  return m[1] === '-' ? -v : v;
}

/** RFC 5322 4.3: two-digit years below 50 are 20xx, others 19xx; three-digit years add 1900. */
function fixYear(t: string): number {
  const y = +t;
  if (t.length === 2) return y < 50 ? 2000 + y : 1900 + y;
  if (t.length === 3) return 1900 + y;
  return y;
}

function build(year: number, month: number, day: number, h: number, mi: number, sec: number, zone: number): Date | null {
  if (day < 1 || day > 31 || h > 23 || mi > 59 || sec > 60 || year < 1000 || year > 9999) return null;
  const ms = Date.UTC(year, month, day, h, mi, Math.min(sec, 59)) - zone * 60000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}
