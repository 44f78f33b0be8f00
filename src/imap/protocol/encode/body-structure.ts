/**
 * BODY and BODYSTRUCTURE (RFC 9051 7.5.2 and the body production of section 9). BODY is the
 * non-extensible form: the same without the extension data.
 */
import type { ResponseBuilder, StringValue } from './builder.js';
import { writeEnvelope, type EnvelopeData } from './envelope.js';

/** body-fld-param: attribute/value pairs; null or empty is NIL. */
export type BodyParams = ReadonlyArray<readonly [string, StringValue]> | null;

export interface DispositionData {
  readonly type: string;
  readonly params: BodyParams;
}

/** Extension data shared by both kinds of part (body-ext-1part / body-ext-mpart). */
interface BodyExtension {
  readonly disposition: DispositionData | null;
  /** body-fld-lang: one tag as a string, several as a list, none as NIL. */
  readonly language: readonly string[] | null;
  readonly location: StringValue | null;
}

export interface MultipartData extends BodyExtension {
  readonly kind: 'multipart';
  readonly parts: readonly BodyStructureData[];
  readonly subtype: string;
  readonly params: BodyParams;
}

export interface SinglePartData extends BodyExtension {
  readonly kind: 'single';
  readonly type: string;
  readonly subtype: string;
  readonly params: BodyParams;
  readonly id: StringValue | null;
  readonly description: StringValue | null;
  /** Content-Transfer-Encoding, "7BIT" when absent. */
  readonly encoding: string;
  /** Size in octets of the encoded body. */
  readonly size: number;
  /** Lines of the body: written for TEXT/* and MESSAGE/RFC822|GLOBAL. */
  readonly lines?: number;
  /** The encapsulated message of a MESSAGE/RFC822 or MESSAGE/GLOBAL part. */
  readonly message?: { readonly envelope: EnvelopeData; readonly body: BodyStructureData };
  readonly md5: StringValue | null;
}

export type BodyStructureData = MultipartData | SinglePartData;

function writeParams(b: ResponseBuilder, params: BodyParams): void {
  if (params === null || params.length === 0) b.raw('NIL');
  else b.list(params, ([name, value]) => b.string(name).sp().string(value));
}

function writeExtension(b: ResponseBuilder, ext: BodyExtension): void {
  b.sp();
  if (ext.disposition === null) b.raw('NIL');
  else {
    b.raw('(').string(ext.disposition.type).sp();
    writeParams(b, ext.disposition.params);
    b.raw(')');
  }
  b.sp();
  const lang = ext.language;
  if (lang === null || lang.length === 0) b.raw('NIL');
  else if (lang.length === 1) b.string(lang[0]!);
  else b.list(lang, (l) => b.string(l));
  b.sp().nstring(ext.location);
}

/** Writes `body`; `extensible` for BODYSTRUCTURE, false for BODY. */
export function writeBodyStructure(b: ResponseBuilder, body: BodyStructureData, extensible: boolean): void {
  b.raw('(');
  if (body.kind === 'multipart') {
    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]: parts without SP.
    for (const part of body.parts) writeBodyStructure(b, part, extensible);
    b.sp().string(body.subtype);
    if (extensible) {
      b.sp();
      writeParams(b, body.params);
      writeExtension(b, body);
    }
  } else {
    b.string(body.type).sp().string(body.subtype).sp();
    writeParams(b, body.params);
    b.sp().nstring(body.id).sp().nstring(body.description).sp().string(body.encoding).sp().number(body.size);
    const type = body.type.toUpperCase();
    const subtype = body.subtype.toUpperCase();
    if (type === 'MESSAGE' && (subtype === 'RFC822' || subtype === 'GLOBAL') && body.message) {
      // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
      b.sp();
      writeEnvelope(b, body.message.envelope);
      b.sp();
      writeBodyStructure(b, body.message.body, extensible);
      b.sp().number(body.lines ?? 0);
    } else if (type === 'TEXT') {
      b.sp().number(body.lines ?? 0);
    }
    if (extensible) {
      b.sp().nstring(body.md5);
      writeExtension(b, body);
    }
  }
  b.raw(')');
}
