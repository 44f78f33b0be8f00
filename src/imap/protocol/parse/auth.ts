/**
 * AUTHENTICATE (RFC 9051 6.2.2 with SASL-IR, RFC 4959) and LOGIN (RFC 9051 6.2.3), and the
 * client's answers to AUTHENTICATE challenges, which arrive as raw lines.
 */
import type { Cursor } from '../cursor.js';
import { ImapParseError } from '../errors.js';
import type { AuthenticateCommand, LoginCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes strict base64 (RFC 9051 base64 production); undefined when invalid. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** AUTHENTICATE SP auth-type [SP (base64 / "=")]. */
export function parseAuthenticate(c: Cursor, head: CommandHead): AuthenticateCommand {
  c.sp();
  const mechanism = c.atom().toUpperCase();
  let initialResponse: Buffer | undefined;
  if (c.trySp()) {
    const text = c.rest(Number.MAX_SAFE_INTEGER);
    // RFC 4959 section 3: "=" is an initial response of zero length.
    initialResponse = text === '=' ? Buffer.alloc(0) : text.length > 0 ? decodeBase64Strict(text) : undefined;
    if (!initialResponse) c.fail('initial response is not base64');
    c.skip(text.length);
  }
  return { tag: head.tag, name: 'AUTHENTICATE', mechanism, initialResponse };
}

/** LOGIN SP userid SP password. */
export function parseLogin(c: Cursor, head: CommandHead): LoginCommand {
  c.sp();
  const username = c.astring();
  c.sp();
  const password = c.astring();
  return { tag: head.tag, name: 'LOGIN', username, password };
}

export type SaslResponse = { readonly kind: 'cancel' } | { readonly kind: 'response'; readonly data: Buffer };

/**
 * A line sent in answer to a `+` challenge: base64, or "*" to cancel (RFC 9051 6.2.2, which
 * the session answers with tagged BAD). Throws ImapParseError (tag: the AUTHENTICATE's).
 */
export function parseSaslResponse(line: Buffer, tag: string | undefined): SaslResponse {
  const text = line.toString('latin1');
  if (text === '*') return { kind: 'cancel' };
  const data = decodeBase64Strict(text);
  if (!data) throw new ImapParseError('authentication response is not base64', tag, 'syntax', 'AUTHENTICATE');
  return { kind: 'response', data };
}
