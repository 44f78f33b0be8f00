/**
 * BODYSTRUCTURE and BODY (RFC 9051 section 7.5.2 and the body grammar of section 9; the same
 * shapes in RFC 3501). Extension data is always written in full for BODYSTRUCTURE (md5,
 * disposition, language, location for single parts; parameters, disposition, language, location
 * for multiparts) and never for BODY. Text parts and message/rfc822 (and message/global, RFC 9051
 * media-message) carry a line count; message parts carry the inner ENVELOPE and body.
 */
import { downgradeImapValue } from './imap-value.js';
import { isMessageType, isMultipart } from './part-header.js';
import type { ImapValue, MimeParam, MimePart } from './types.js';

export interface BodystructureOptions {
  /** true: BODYSTRUCTURE with extension data; false: BODY (non-extensible). */
  extensible: boolean;
  /** false for a session without UTF8=ACCEPT (RFC 6855 section 3): 8-bit parameter values are
   *  sent in RFC 2231 form (name*=utf-8''...), other 8-bit strings as RFC 2047 encoded words.
   *  Default true. */
  utf8?: boolean;
  /** false for an IMAP4rev1 session: message/global is a basic body there (RFC 3501 knows only
   *  MESSAGE/RFC822 in body-type-msg). Default true (RFC 9051). */
  rev2?: boolean;
}

const HEX = '0123456789ABCDEF';

/** RFC 2231 section 4 value: utf-8'' followed by the percent-encoded UTF-8 bytes. */
function rfc2231Value(v: string): string {
  let out = "utf-8''";
  for (const b of Buffer.from(v, 'utf8')) {
    if (b > 0x20 && b < 0x7f && !"*'%()<>@,;:\\\"/[]?=".includes(String.fromCharCode(b))) out += String.fromCharCode(b);
    else out += '%' + HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

function paramList(params: MimeParam[], textDefault = false, utf8 = true): ImapValue {
  const out: ImapValue[] = [];
  for (const p of params) {
    if (!utf8 && typeof p.value === 'string' && /[^\x00-\x7f]/.test(p.value)) {
      out.push(p.name.endsWith('*') ? p.name : p.name + '*', rfc2231Value(p.value));
    } else out.push(p.name, p.value);
  }
  // RFC 2046 section 4.1.2: text without a charset parameter is us-ascii; said explicitly, as
  // Dovecot does, so clients need not know the default.
  if (textDefault && !params.some((p) => p.name.toLowerCase() === 'charset')) out.push('charset', 'us-ascii');
  return out.length > 0 ? out : null;
}

/** RFC 9051 body-fld-lang: NIL, or a list of language tags. */
function languageValue(part: MimePart): ImapValue {
  if (part.language === null || part.language.length === 0) return null;
  return [...part.language];
}

function dispositionValue(part: MimePart, utf8 = true): ImapValue {
  if (part.disposition === null) return null;
  return [part.disposition.value, paramList(part.disposition.params, false, utf8)];
}

/** The 0-length text/plain body Dovecot writes for a multipart with no parts, since the grammar
 *  (1*body) cannot express an empty multipart. */
function emptyTextBody(extensible: boolean): ImapValue {
  const v: ImapValue[] = ['text', 'plain', ['charset', 'us-ascii'], null, null, '7bit', 0, 0];
  if (extensible) v.push(null, null, null, null);
  return v;
}

const EMPTY_ENVELOPE: ImapValue = [null, null, null, null, null, null, null, null, null, null];

/** Builds the BODYSTRUCTURE (or BODY) value of a part. */
export function buildBodystructure(part: MimePart, opts: BodystructureOptions): ImapValue {
  const v = buildPart(part, opts);
  return opts.utf8 === false ? downgradeImapValue(v) : v;
}

function buildPart(part: MimePart, opts: BodystructureOptions): ImapValue {
  const ext = opts.extensible;
  const utf8 = opts.utf8 !== false;
  if (isMultipart(part) && part.children.length > 0) {
    const v: ImapValue[] = [{ concat: part.children.map((c) => buildPart(c, opts)) }, part.subtype];
    if (ext) v.push(paramList(part.params, false, utf8), dispositionValue(part, utf8), languageValue(part), part.location);
    return v;
  }
  if (part.opaque === true) {
    // Past MIME_MAX_DEPTH a multipart or message is not parsed: it is shown as the opaque data it
    // is treated as (Dovecot does the same), keeping its parameters.
    const v: ImapValue[] = ['application', 'octet-stream', paramList(part.params, false, utf8), part.id, part.description, part.encoding ?? '7bit', part.end - part.bodyStart];
    if (ext) v.push(part.md5, dispositionValue(part, utf8), languageValue(part), part.location);
    return v;
  }
  if (isMultipart(part)) {
    // No parts could be found (no boundary parameter, or no boundary line).
    const v: ImapValue[] = [{ concat: [emptyTextBody(ext)] }, part.subtype];
    if (ext) v.push(paramList(part.params, false, utf8), dispositionValue(part, utf8), languageValue(part), part.location);
    return v;
  }
  const size = part.end - part.bodyStart;
  const isText = part.type.toLowerCase() === 'text';
  const v: ImapValue[] = [
    part.type,
    part.subtype,
    paramList(part.params, isText, utf8),
    part.id,
    part.description,
    part.encoding ?? '7bit',
    size,
  ];
  const global = part.subtype.toLowerCase() === 'global';
  if (isMessageType(part) && (opts.rev2 !== false || !global)) {
    const inner = part.children[0];
    if (inner !== undefined) {
      v.push(inner.message?.envelope ?? EMPTY_ENVELOPE, buildPart(inner, opts), part.lines);
    } else {
      // Not parsed (encoded, or past the depth limit): an empty message keeps the grammar.
      v.push(EMPTY_ENVELOPE, emptyTextBody(ext), part.lines);
    }
  } else if (isText) {
    v.push(part.lines);
  }
  if (ext) v.push(part.md5, dispositionValue(part, utf8), languageValue(part), part.location);
  return v;
}

/** True when the tree has a message/global part (whose rev1 rendering differs). */
export function hasMessageGlobal(part: MimePart): boolean {
  if (isMessageType(part) && part.subtype.toLowerCase() === 'global') return true;
  return part.children.some(hasMessageGlobal);
}
