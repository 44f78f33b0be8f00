/**
 * SASL mechanisms shared by IMAP AUTHENTICATE and POP3 AUTH: PLAIN (RFC 4616) and LOGIN (the
 * de-facto two-step mechanism Outlook and others still use). Pure: the protocol sessions
 * carry the base64 lines; this decodes them into credentials.
 */

export const SASL_MECHANISMS = ['PLAIN', 'LOGIN'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface Credentials {
  /** The identity to act as (empty: the same as `username`). */
  authzid: string;
  username: string;
  password: string;
}

export class SaslError extends Error {}

/**
 * RFC 4616 2: message = [authzid] UTF8NUL authcid UTF8NUL passwd. Throws SaslError for
 * anything else (wrong number of parts, empty user or password, invalid UTF-8).
 */
export function decodePlain(response: Buffer): Credentials {
  const parts = splitNul(response);
  if (parts.length !== 3) throw new SaslError('PLAIN needs authzid NUL user NUL password');
  const [authzid, username, password] = parts.map(utf8) as [string, string, string];
  if (username === '' || password === '') throw new SaslError('empty user name or password');
  return { authzid, username, password };
}

/** The LOGIN mechanism's two prompts, base64-encoded as they go on the wire. */
export const LOGIN_PROMPTS = {
  username: Buffer.from('Username:').toString('base64'),
  password: Buffer.from('Password:').toString('base64'),
} as const;

export function decodeLoginStep(response: Buffer): string {
  const text = utf8(response);
  if (text.includes('\0')) throw new SaslError('NUL in LOGIN response');
  return text;
}

function splitNul(buffer: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buffer.length; i++) {
    if (buffer[i] === 0) {
      parts.push(buffer.subarray(start, i));
      start = i + 1;
    }
  }
  parts.push(buffer.subarray(start));
  return parts;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(buffer: Buffer): string {
  try {
    return decoder.decode(buffer);
  } catch {
    throw new SaslError('credentials are not valid UTF-8');
  }
}
