/**
 * The trace header fields final delivery adds in front of a message (RFC 5321 4.4): a
 * Return-Path with the envelope sender, and a Received line saying from where, by whom, with
 * which protocol (RFC 3848 names: LMTP, ESMTPS, ...), under which id and when.
 */

export interface TraceInfo {
  /** The envelope sender ('' for the null reverse-path <>). */
  sender: string;
  /** The name the client gave in HELO/EHLO/LHLO, if any. */
  helo: string | null;
  /** The client's IP address, or null for local delivery. */
  remoteAddress: string | null;
  hostname: string;
  /** "LMTP", "ESMTPS", "local", ... */
  protocol: string;
  id: string;
  /** Named in the Received line only when the message goes to one recipient (RFC 5321 4.4:
   *  naming every recipient would disclose Bcc addresses). */
  recipient: string | null;
  date: Date;
}

export function traceHeaders(info: TraceInfo): Buffer {
  const from = info.remoteAddress !== null ? `from ${clean(info.helo ?? 'unknown')} ([${info.remoteAddress}])\r\n\t` : '';
  const recipient = info.recipient ? `\r\n\tfor <${clean(info.recipient)}>` : '';
  return Buffer.from(
    `Return-Path: <${clean(info.sender)}>\r\n` +
      `Received: ${from}by ${clean(info.hostname)} (Mailkeep) with ${info.protocol} id ${info.id}${recipient};\r\n\t${rfc5322Date(info.date)}\r\n`,
    'utf8',
  );
}

/** Client-supplied text never gets to add header lines. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f<>]/g, '').slice(0, 255);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 3.3 date-time, in UTC: "Fri, 27 Nov 2026 23:03:47 +0000". */
export function rfc5322Date(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
