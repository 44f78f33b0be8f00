/**
 * Status responses and continuation requests (RFC 9051 section 7.1 and 7.5):
 *   response-tagged = tag SP resp-cond-state CRLF, and untagged "*" OK/NO/BAD/BYE/PREAUTH;
 *   continue-req = "+" SP (resp-text / base64) CRLF.
 */
import { ResponseBuilder, type EncodeOptions } from './builder.js';
import { writeResponseCode, type ResponseCode } from './response-code.js';

export type ConditionStatus = 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH';

export interface StatusResponse {
  /** undefined for an untagged ("*") response. */
  readonly tag?: string | undefined;
  readonly status: ConditionStatus;
  readonly code?: ResponseCode | undefined;
  readonly text: string;
}

/** RFC 3501 requires text after the status; these stand in when the caller gives none. */
const DEFAULT_TEXT: Record<ConditionStatus, string> = {
  OK: 'completed',
  NO: 'failed',
  BAD: 'invalid command',
  BYE: 'closing connection',
  PREAUTH: 'ready',
};

/** `tag OK [CODE] text` or `* BYE text`. */
export function encodeStatusResponse(r: StatusResponse, options: EncodeOptions): Buffer {
  const b = new ResponseBuilder(options);
  b.raw(`${r.tag ?? '*'} ${r.status} `);
  if (r.code) {
    writeResponseCode(b, r.code);
    b.sp();
  }
  b.humanText(r.text.length > 0 ? r.text : DEFAULT_TEXT[r.status]);
  return b.crlf().take();
}

/** `+ text` asking for a literal or the next line (RFC 9051 section 7.5). */
export function encodeContinuation(text = 'Ready', options: EncodeOptions = { utf8: false }): Buffer {
  return new ResponseBuilder(options).raw('+ ').humanText(text).crlf().take();
}

/** `+ base64`: a SASL challenge (RFC 9051 6.2.2); an empty challenge is "+ " alone. */
export function encodeChallenge(data: Buffer): Buffer {
  return Buffer.from(`+ ${data.toString('base64')}\r\n`, 'latin1');
}
