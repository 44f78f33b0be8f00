/**
 * `* n FETCH (...)` (RFC 9051 7.5.2, RFC 3516 BINARY, RFC 7162 MODSEQ, RFC 8970 PREVIEW,
 * RFC 8514 SAVEDATE, RFC 8474 EMAILID/THREADID).
 *
 * Section contents may be too large to hold: give them as { kind: 'stream', length, source }
 * and the result is a list of segments, Buffers to write as they are and stream slots where
 * the session copies `length` bytes from its source (a blob slice, with back-pressure). The
 * `{n}` prefix is already in the Buffer before each slot and the rest follows after it.
 */
import { formatDateTime } from '../dates.js';
import type { SectionSpec } from '../types/fetch.js';
import { ResponseBuilder, type EncodeOptions } from './builder.js';

/** The bytes of a section: in hand, NIL (no such part), or to be streamed by the session. */
export type SectionContent<S> =
  | { readonly kind: 'bytes'; readonly data: Buffer }
  | { readonly kind: 'nil' }
  | { readonly kind: 'stream'; readonly length: number; readonly source: S };

export type FetchValue<S = never> =
  | { readonly kind: 'UID'; readonly uid: number }
  | { readonly kind: 'FLAGS'; readonly flags: readonly string[] }
  | { readonly kind: 'INTERNALDATE'; readonly date: Date; readonly offsetMinutes?: number }
  | { readonly kind: 'RFC822.SIZE'; readonly size: number }
  | { readonly kind: 'MODSEQ'; readonly modseq: number }
  /**
   * ENVELOPE, BODYSTRUCTURE and BODY (the non-extensible form) as wire bytes: the MIME engine
   * renders them once at delivery (src/mime), so FETCH copies them instead of building them.
   */
  | { readonly kind: 'ENVELOPE' | 'BODY' | 'BODYSTRUCTURE'; readonly rendered: Buffer }
  | { readonly kind: 'EMAILID'; readonly id: string }
  | { readonly kind: 'THREADID'; readonly id: string | null }
  | { readonly kind: 'SAVEDATE'; readonly date: Date | null; readonly offsetMinutes?: number }
  | { readonly kind: 'PREVIEW'; readonly text: string | null }
  | { readonly kind: 'BINARY.SIZE'; readonly part: readonly number[]; readonly size: number }
  /** BODY[section]<origin>: the partial's origin is echoed, its length is not (RFC 9051 7.5.2). */
  | { readonly kind: 'BODY[]'; readonly section: SectionSpec; readonly origin?: number; readonly content: SectionContent<S> }
  | { readonly kind: 'BINARY[]'; readonly part: readonly number[]; readonly origin?: number; readonly content: SectionContent<S> }
  | { readonly kind: 'RFC822' | 'RFC822.HEADER' | 'RFC822.TEXT'; readonly content: SectionContent<S> };

/** Where the session streams `length` bytes from `source`. */
export interface StreamSlot<S> {
  readonly kind: 'stream';
  readonly length: number;
  readonly source: S;
}

export type FetchSegment<S> = Buffer | StreamSlot<S>;

/** The section as echoed in the response name: "1.2.HEADER.FIELDS (FROM TO)". */
export function writeSection(b: ResponseBuilder, section: SectionSpec): void {
  const parts: string[] = section.part.map(String);
  if (section.kind !== 'full') parts.push(section.kind.toUpperCase());
  b.raw(`[${parts.join('.')}`);
  if (section.kind === 'header.fields' || section.kind === 'header.fields.not') {
    b.sp().list(section.fields, (f) => b.astring(f));
  }
  b.raw(']');
}

/** Encodes one FETCH response; returns a single Buffer unless some content is streamed. */
export function encodeFetch<S = never>(
  seq: number,
  values: readonly FetchValue<S>[],
  options: EncodeOptions,
): FetchSegment<S>[] {
  const b = new ResponseBuilder(options);
  const segments: FetchSegment<S>[] = [];
  const content = (c: SectionContent<S>, binary: boolean): void => {
    if (c.kind === 'nil') b.raw('NIL');
    else if (c.kind === 'bytes') {
      // literal8 only when needed: NUL cannot travel in a literal (RFC 3516 section 4.2).
      if (binary && c.data.includes(0)) b.literal(c.data, true);
      else b.string(c.data);
    } else {
      // The bytes are unknown: a literal always fits; literal8 for BINARY in case of NUL.
      b.raw(`${binary ? '~' : ''}{${c.length}}\r\n`);
      segments.push(b.take(), { kind: 'stream', length: c.length, source: c.source });
    }
  };

  b.raw(`* ${seq} FETCH (`);
  values.forEach((v, i) => {
    if (i > 0) b.sp();
    switch (v.kind) {
      case 'UID':
        b.raw(`UID ${v.uid}`);
        break;
      case 'FLAGS':
        b.raw('FLAGS ').list(v.flags, (f) => b.raw(f));
        break;
      case 'INTERNALDATE':
        b.raw(`INTERNALDATE "${formatDateTime(v.date, v.offsetMinutes ?? 0)}"`);
        break;
      case 'RFC822.SIZE':
        b.raw(`RFC822.SIZE ${v.size}`);
        break;
      case 'MODSEQ':
        b.raw(`MODSEQ (${v.modseq})`);
        break;
      case 'ENVELOPE':
      case 'BODY':
      case 'BODYSTRUCTURE':
        b.raw(`${v.kind} `).bytes(v.rendered);
        break;
      case 'EMAILID':
        b.raw(`EMAILID (${v.id})`);
        break;
      case 'THREADID':
        b.raw(v.id === null ? 'THREADID NIL' : `THREADID (${v.id})`);
        break;
      case 'SAVEDATE':
        b.raw(v.date === null ? 'SAVEDATE NIL' : `SAVEDATE "${formatDateTime(v.date, v.offsetMinutes ?? 0)}"`);
        break;
      case 'PREVIEW':
        b.raw('PREVIEW ').nstring(v.text);
        break;
      case 'BINARY.SIZE':
        b.raw(`BINARY.SIZE[${v.part.join('.')}] ${v.size}`);
        break;
      case 'BODY[]':
        b.raw('BODY');
        writeSection(b, v.section);
        if (v.origin !== undefined) b.raw(`<${v.origin}>`);
        b.sp();
        content(v.content, false);
        break;
      case 'BINARY[]':
        b.raw(`BINARY[${v.part.join('.')}]`);
        if (v.origin !== undefined) b.raw(`<${v.origin}>`);
        b.sp();
        content(v.content, true);
        break;
      case 'RFC822':
      case 'RFC822.HEADER':
      case 'RFC822.TEXT':
        b.raw(`${v.kind} `);
        content(v.content, false);
        break;
    }
  });
  b.raw(')').crlf();
  segments.push(b.take());
  return segments;
}
