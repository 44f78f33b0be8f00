/**
 * The shapes the MIME engine produces and stores. A `MimeIndex` is computed once per message at
 * delivery (see indexer.ts), serialised with encodeIndex (codec.ts) and later answers ENVELOPE,
 * BODYSTRUCTURE, BODY[section], BINARY and SEARCH without re-reading the message.
 *
 * Every offset is a byte offset into the stored message as delivered (no line-ending rewriting),
 * so a section is a slice of the stored blob.
 */

/**
 * An IMAP value tree (RFC 9051 section 4): `null` is NIL, a number is a number, a string is a
 * string (rendered as UTF-8), a Buffer is a string of raw bytes (kept when header bytes are not
 * valid UTF-8, so they go on the wire exactly as received), an array is a parenthesised list
 * with items separated by one space, and an ImapConcat is items written with no separator.
 * renderImapValue (imap-value.ts) picks quoted or literal form per string.
 */
export type ImapValue = null | number | string | Buffer | ImapValue[] | ImapConcat;

/**
 * Values written one after another with no space: the `1*body` of a multipart BODYSTRUCTURE
 * (RFC 9051 section 9, body-type-mpart), e.g. `((...)(...) "mixed")`.
 */
export interface ImapConcat {
  concat: ImapValue[];
}

/** Text taken from a header: a string when its bytes were valid UTF-8, else the raw bytes. */
export type HeaderText = string | Buffer;

/** One parameter of Content-Type or Content-Disposition after RFC 2231 reassembly. */
export interface MimeParam {
  /** Name as written (continuation suffixes `*0`, `*1*` removed). */
  name: string;
  /** Value; for RFC 2231 extended values, decoded to UTF-8 from the declared charset. */
  value: HeaderText;
}

export interface MimeDisposition {
  value: HeaderText;
  params: MimeParam[];
}

/** One header field of a message header (top level or message/rfc822), for HEADER.FIELDS. */
export interface HeaderFieldRef {
  /** Field name, lower-cased. */
  name: string;
  /** Byte range of the whole field, continuation lines and final line ending included. */
  start: number;
  end: number;
}

/** Content-Transfer-Encoding as far as decoding goes (RFC 2045 section 6, RFC 3516). */
export type TransferEncodingKind = 'identity' | 'base64' | 'quoted-printable' | 'unknown';

/**
 * One MIME part. The part's own header is [headerStart, bodyStart) (the blank line included when
 * present); its body is [bodyStart, end). For message/rfc822 and message/global the body is the
 * whole encapsulated message, which is the single child.
 */
export interface MimePart {
  headerStart: number;
  bodyStart: number;
  end: number;
  /** Media type and subtype as written (or the RFC 2045 / RFC 2046 default, in lower case). */
  type: string;
  subtype: string;
  params: MimeParam[];
  id: HeaderText | null;
  description: HeaderText | null;
  /** Content-Transfer-Encoding as written; null when absent (BODYSTRUCTURE says "7bit"). */
  encoding: HeaderText | null;
  encodingKind: TransferEncodingKind;
  md5: HeaderText | null;
  disposition: MimeDisposition | null;
  language: HeaderText[] | null;
  location: HeaderText | null;
  /** Number of LF characters in the body (RFC 9051 body-fld-lines). */
  lines: number;
  /** Size of the body after transfer decoding (RFC 3516 BINARY.SIZE); null if unknown encoding. */
  decodedSize: number | null;
  /** Children: the parts of a multipart, or the one encapsulated message of message/rfc822. */
  children: MimePart[];
  /** Set on message roots (the top level and each encapsulated message). */
  message: MessageInfo | null;
  /** True when a multipart or message part was not split because of MIME_MAX_DEPTH. */
  opaque?: boolean;
}

/** What a message header (top level or encapsulated) yields beyond its MIME fields. */
export interface MessageInfo {
  envelope: ImapValue;
  fields: HeaderFieldRef[];
}

/** An address as SEARCH and SORT use it (display name decoded per RFC 2047). */
export interface SearchAddress {
  name: string;
  address: string;
}

/** Header data SEARCH and SORT read without opening the message. */
export interface SearchFields {
  subject: string;
  from: SearchAddress[];
  to: SearchAddress[];
  cc: SearchAddress[];
  bcc: SearchAddress[];
  /** Date header in ms since the epoch, null when missing or unparsable. */
  date: number | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
}

export interface MimeIndex {
  /** Size of the whole message in bytes. */
  size: number;
  root: MimePart;
  /** Size of the top-level header block, blank line included (RFC822.HEADER). */
  headerSize: number;
  search: SearchFields;
  /** Pre-rendered wire bytes: ENVELOPE, BODYSTRUCTURE (extensible) and BODY (non-extensible). */
  rendered: RenderedValues;
  /** Names of the limits.ts caps this message crossed (e.g. 'MIME_MAX_DEPTH'); empty if none. */
  limitsHit: string[];
}

export interface RenderedValues {
  envelope: Buffer;
  bodystructure: Buffer;
  body: Buffer;
  /** True when any of the three contains 8-bit bytes (UTF-8 or raw headers, RFC 6532): a session
   *  without UTF8=ACCEPT should be served a downgraded rendering (see downgradeImapValue). */
  has8bit: boolean;
  /** True when the message has a message/global part, which IMAP4rev1 shows as a basic body. */
  hasGlobal: boolean;
}

/** A byte range of the stored message, end exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One piece of a section: a slice of the stored message or bytes generated for it. */
export type SectionPiece = ByteRange | Buffer;

export interface SectionResult {
  pieces: SectionPiece[];
  /** Sum of the pieces' lengths. */
  length: number;
}

export type SectionKind = 'full' | 'header' | 'header.fields' | 'header.fields.not' | 'text' | 'mime';

/** A FETCH BODY[...] section (RFC 9051 section 6.4.5) in typed form. */
export interface SectionSpec {
  /** Part numbers, e.g. [1, 2, 3] for "1.2.3"; empty for the whole message. */
  part: number[];
  kind: SectionKind;
  /** Field names for header.fields and header.fields.not. */
  fields?: string[];
}
