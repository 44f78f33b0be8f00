/**
 * Reads a part's MIME header fields (RFC 2045 sections 5-8, RFC 2183, RFC 3282, RFC 2557 for
 * Content-Location, RFC 1864 for Content-MD5) into the MimePart, applying the defaults of
 * RFC 2045 section 5.2 (no or unreadable Content-Type: text/plain; charset=us-ascii) and
 * RFC 2046 section 5.1.5 (in multipart/digest the default is message/rfc822).
 */
import { fieldValue, type RawField } from './header-block.js';
import { parseContentType, parseDisposition, parseLanguageList, parseToken } from './params.js';
import { headerText } from './tokens.js';
import { encodingKind } from './transfer-decoder.js';
import type { HeaderText, MimePart } from './types.js';

/** A part with its header not read yet (the text/plain default). */
export function emptyPart(headerStart: number): MimePart {
  return {
    headerStart,
    bodyStart: headerStart,
    end: headerStart,
    type: 'text',
    subtype: 'plain',
    params: [{ name: 'charset', value: 'us-ascii' }],
    id: null,
    description: null,
    encoding: null,
    encodingKind: 'identity',
    md5: null,
    disposition: null,
    language: null,
    location: null,
    lines: 0,
    decodedSize: 0,
    children: [],
    message: null,
  };
}

function textValue(f: RawField): HeaderText {
  return headerText(fieldValue(f.value));
}

/** Fills the MIME fields of `part` from its header fields. The first occurrence of each wins. */
export function applyMimeHeader(part: MimePart, fields: RawField[], inDigest: boolean): void {
  const seen = new Set<string>();
  if (inDigest) {
    part.type = 'message';
    part.subtype = 'rfc822';
    part.params = [];
  }
  for (const f of fields) {
    if (!f.lname.startsWith('content-') || seen.has(f.lname)) continue;
    seen.add(f.lname);
    switch (f.lname) {
      case 'content-type': {
        const ct = parseContentType(fieldValue(f.value));
        if (ct !== null) {
          part.type = ct.type;
          part.subtype = ct.subtype;
          part.params = ct.params;
        }
        break;
      }
      case 'content-transfer-encoding': {
        const tok = parseToken(fieldValue(f.value));
        if (tok !== null) {
          part.encoding = headerText(tok);
          part.encodingKind = encodingKind(tok.toString('latin1'));
        }
        break;
      }
      case 'content-id':
        part.id = textValue(f);
        break;
      case 'content-description':
        part.description = textValue(f);
        break;
      case 'content-md5':
        part.md5 = textValue(f);
        break;
      case 'content-location':
        part.location = textValue(f);
        break;
      case 'content-language': {
        const langs = parseLanguageList(fieldValue(f.value));
        if (langs.length > 0) part.language = langs;
        break;
      }
      case 'content-disposition': {
        const d = parseDisposition(fieldValue(f.value));
        if (d !== null) part.disposition = d;
        break;
      }
    }
  }
}

/** The value of a parameter, case-insensitively, or null. */
export function paramValue(part: MimePart, name: string): string | null {
  const lname = name.toLowerCase();
  for (const p of part.params) {
    if (p.name.toLowerCase() === lname) return typeof p.value === 'string' ? p.value : p.value.toString('latin1');
  }
  return null;
}

export function isMultipart(part: MimePart): boolean {
  return part.type.toLowerCase() === 'multipart';
}

/** message/rfc822 and message/global (RFC 6532 section 3.7) carry a parsed inner message. */
export function isMessageType(part: MimePart): boolean {
  if (part.type.toLowerCase() !== 'message') return false;
  const s = part.subtype.toLowerCase();
  return s === 'rfc822' || s === 'global';
}
