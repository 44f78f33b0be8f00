/**
 * Deterministic benchmark messages, the same bytes for Mailkeep and Dovecot: message `i` always
 * has the same headers, MIME shape and length. Four shapes rotate (plain text, an alternative
 * text/HTML pair, a mixed message with a small base64 attachment, a text with RFC 2047 encoded
 * headers and Cc), with senders, subjects, dates and threading headers varying by `i`.
 *
 * A few messages are "needles" for the SEARCH workloads: their Subject contains `needle`
 * (i % 20000 === 3) or their From is `someone@...` (i % 25000 === 5); no other header or body
 * contains either word. Lines are CRLF (body lines at most 78 characters, headers under 100),
 * and none starts with ".".
 */

export const SMALL_BYTES = 4 * 1024;
export const LARGE_BYTES = 200 * 1024;

/** The word the needle subjects contain (SEARCH HEADER Subject). */
export const NEEDLE_WORD = 'needle';
/** The word the rare senders' addresses contain (SEARCH FROM). */
export const RARE_SENDER = 'someone';

export function isNeedle(i: number): boolean {
  return i % 20_000 === 3;
}

export function isRareSender(i: number): boolean {
  return i % 25_000 === 5;
}

/** Whether message `i` starts out \Seen (two in three do, as in a read mailbox). */
export function initiallySeen(i: number): boolean {
  return i % 3 !== 0;
}

/** 1-based UIDs of the first `count` messages matching `predicate` (UID = i + 1 after a bulk load). */
export function expectedUids(count: number, predicate: (i: number) => boolean): number[] {
  const uids: number[] = [];
  for (let i = 0; i < count; i++) if (predicate(i)) uids.push(i + 1);
  return uids;
}

const FIRST = ['Alice', 'Bruno', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Marta', 'Nils', 'Olga', 'Pavel'];
const LAST = ['Archer', 'Berger', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Horvat', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau'];
const DOMAINS = ['example.org', 'example.com', 'lists.example.net', 'corp.example', 'mail.example.edu'];
const TOPICS = ['quarterly report', 'build failure on main', 'meeting notes', 'invoice', 'release plan', 'travel booking', 'lunch on friday', 'security update', 'draft contract', 'holiday schedule', 'server migration', 'feedback wanted'];
const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'do', 'eiusmod', 'tempor', 'incididunt', 'ut', 'labore', 'et', 'dolore', 'magna', 'aliqua', 'enim', 'ad', 'minim', 'veniam', 'quis', 'nostrud', 'exercitation', 'ullamco', 'laboris', 'nisi', 'aliquip', 'ex', 'ea', 'commodo', 'consequat'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A small deterministic generator (mulberry32) so that message i never changes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function person(rand: () => number): { name: string; address: string } {
  const first = pick(rand, FIRST);
  const last = pick(rand, LAST);
  return { name: `${first} ${last}`, address: `${first.toLowerCase()}.${last.toLowerCase()}@${pick(rand, DOMAINS)}` };
}

/** The Date header of message i: one message every 5 minutes from 2023-01-01 (UTC). */
export function messageDate(i: number): Date {
  return new Date(Date.UTC(2023, 0, 1) + i * 300_000);
}

function dateHeader(i: number): string {
  const d = messageDate(i);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[(d.getUTCDay() + 6) % 7]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Exactly `bytes` bytes of CRLF-terminated text lines of at most 78 characters (bytes >= 2). */
function filler(rand: () => number, bytes: number): string {
  const lines: string[] = [];
  let left = bytes;
  while (left > 160) {
    let line = pick(rand, WORDS);
    const width = 45 + Math.floor(rand() * 15);
    while (line.length < width) line += ` ${pick(rand, WORDS)}`;
    lines.push(`${line}\r\n`);
    left -= line.length + 2;
  }
  // The last one or two lines take exactly what is left (each 2..80 bytes with its CRLF).
  const first = left > 80 ? Math.floor(left / 2) : 0;
  for (const part of first > 0 ? [first, left - first] : [left]) lines.push(`${'x'.repeat(part - 2)}\r\n`);
  return lines.join('');
}

function base64Lines(rand: () => number, rawBytes: number): string {
  const raw = Buffer.alloc(rawBytes);
  for (let k = 0; k < rawBytes; k++) raw[k] = Math.floor(rand() * 256);
  return (raw.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n';
}

/**
 * Message number `i` (0-based) of exactly `size` bytes (size >= 2 KB). The same i and size
 * always give the same bytes.
 */
export function benchMessage(i: number, size: number = SMALL_BYTES): Buffer {
  const rand = random(i * 2654435761 + size);
  const from = isRareSender(i) ? { name: 'Some One', address: `${RARE_SENDER}@rare.example` } : person(rand);
  const to = person(rand);
  const topic = pick(rand, TOPICS);
  const subject = isNeedle(i) ? `Re: the ${NEEDLE_WORD} in the haystack #${i}` : `${rand() < 0.3 ? 'Re: ' : ''}${topic} #${i}`;
  const shape = i % 4;
  const head: string[] = [
    `Return-Path: <${from.address}>`,
    `Received: from mx${i % 7}.example.net (mx${i % 7}.example.net [192.0.2.${i % 250}])`,
    `\tby mail.example.org with ESMTPS id ${(i * 7919).toString(36)}; ${dateHeader(i)}`,
    `Date: ${dateHeader(i)}`,
    shape === 3 ? `From: =?UTF-8?B?${Buffer.from(`${from.name} \u00e9t\u00e9`).toString('base64')}?= <${from.address}>` : `From: "${from.name}" <${from.address}>`,
    `To: ${to.name} <${to.address}>`,
  ];
  if (shape === 3 || i % 5 === 0) {
    const cc = person(rand);
    head.push(`Cc: ${cc.name} <${cc.address}>, team@${pick(rand, DOMAINS)}`);
  }
  head.push(shape === 3 && !isNeedle(i) ? `Subject: =?UTF-8?Q?${topic.replace(/ /g, '_')}_=E2=80=94_#${i}?=` : `Subject: ${subject}`);
  head.push(`Message-ID: <${i}.${size}.${(i * 104729).toString(36)}@bench.example>`);
  if (i > 0 && i % 3 === 1) {
    head.push(`In-Reply-To: <${i - 1}.${size}.${((i - 1) * 104729).toString(36)}@bench.example>`);
    head.push(`References: <${i - 1}.${size}.${((i - 1) * 104729).toString(36)}@bench.example>`);
  }
  head.push(`X-Mailer: Bench Mailer ${1 + (i % 9)}.${i % 13}`, 'MIME-Version: 1.0');

  const boundary = `=_bench_${i}_${size}`;
  let before: string;
  let after: string;
  switch (shape) {
    case 1:
      head.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
      before = `This is a multi-part message in MIME format.\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n`;
      after = `\r\n--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>${topic}</p><p>${pick(rand, WORDS)} ${pick(rand, WORDS)}</p></body></html>\r\n\r\n--${boundary}--\r\n`;
      break;
    case 2:
      head.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
      before = `--${boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n`;
      after =
        `\r\n--${boundary}\r\nContent-Type: application/pdf; name="report-${i}.pdf"\r\nContent-Disposition: attachment; filename="report-${i}.pdf"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\n${base64Lines(rand, 600)}\r\n--${boundary}--\r\n`;
      break;
    case 3:
      head.push('Content-Type: text/plain; charset=utf-8; format=flowed', 'Content-Transfer-Encoding: 8bit');
      before = '';
      after = '';
      break;
    default:
      head.push('Content-Type: text/plain; charset=us-ascii');
      before = '';
      after = '';
  }
  const prefix = `${head.join('\r\n')}\r\n\r\n${before}`;
  const fixed = Buffer.byteLength(prefix, 'utf8') + Buffer.byteLength(after, 'utf8');
  if (fixed + 2 > size) throw new Error(`message ${i}: ${size} bytes is too small`);
  return Buffer.from(prefix + filler(rand, size - fixed) + after, 'utf8');
}

/** The SMTP/LMTP DATA form of a message: dot-stuffed and ended by "." (RFC 5321 4.5.2). */
export function dataStuffed(message: Buffer): Buffer {
  const text = message.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
  return Buffer.concat([Buffer.from(text, 'latin1'), Buffer.from(text.endsWith('\r\n') ? '.\r\n' : '\r\n.\r\n')]);
}
