/**
 * POP3 responses as they go on the wire. Pure.
 *   RFC 1939 3: "+OK" / "-ERR", text, CRLF; a multi-line response ends with "." CRLF and its
 *   lines starting with "." are byte-stuffed.
 *   RFC 2449 8: extended response codes in brackets right after -ERR (RESP-CODES).
 *   RFC 5034 4: "+ " continuation lines with a base64 challenge.
 */

/** RFC 2449 8.1 (IN-USE, LOGIN-DELAY), RFC 3206 (SYS/TEMP, SYS/PERM, AUTH), RFC 6856 5 (UTF8). */
export type ResponseCode = 'AUTH' | 'SYS/TEMP' | 'SYS/PERM' | 'IN-USE' | 'LOGIN-DELAY' | 'UTF8';

export const TERMINATOR = Buffer.from('.\r\n');

export function ok(text: string): Buffer {
  return Buffer.from(text === '' ? '+OK\r\n' : `+OK ${clean(text)}\r\n`);
}

export function err(text: string, code: ResponseCode | null = null): Buffer {
  return Buffer.from(`-ERR ${code ? `[${code}] ` : ''}${clean(text)}\r\n`);
}

/** RFC 5034 4: "+" SP base64 CRLF (an empty challenge is "+ "). */
export function continuation(base64: string): Buffer {
  return Buffer.from(`+ ${base64}\r\n`);
}

/** A whole multi-line response from short lines (CAPA, AUTH list): stuffed and terminated. */
export function multiline(first: Buffer, lines: readonly string[]): Buffer {
  const body = lines.map((line) => `${line.startsWith('.') ? '.' : ''}${line}\r\n`).join('');
  return Buffer.concat([first, Buffer.from(body), TERMINATOR]);
}

/** RFC 1939 5 scan listing / unique-id listing: "msg value". */
export function listingLine(msg: number, value: string | number): string {
  return `${msg} ${value}\r\n`;
}

/** Response text must stay one line (a CR or LF from an error message would break framing). */
function clean(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
