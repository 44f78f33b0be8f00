/** FETCH data items as requested (RFC 9051 section 6.4.5 and extensions). */

/** What part of a message (or of a message/rfc822 part) a section names. */
export type SectionKind = 'full' | 'header' | 'header.fields' | 'header.fields.not' | 'text' | 'mime';

/**
 * section-spec (RFC 9051 section 6.4.5): a part path ([] for the whole message, [1, 2] for
 * "1.2") and what of it. HEADER and TEXT after a path mean the message/rfc822 part's; MIME
 * needs a path.
 */
export type SectionSpec =
  | { readonly part: readonly number[]; readonly kind: 'full' | 'header' | 'text' | 'mime' }
  | {
      readonly part: readonly number[];
      readonly kind: 'header.fields' | 'header.fields.not';
      /** Field names as the client wrote them (echoed in the response). */
      readonly fields: readonly string[];
    };

/** `<origin.length>`: the octets origin .. origin+length-1 of the section. */
export interface PartialRange {
  readonly origin: number;
  readonly length: number;
}

/** Items without arguments. BODY is the non-extensible BODYSTRUCTURE. */
export type SimpleFetchItemKind =
  | 'ENVELOPE'
  | 'FLAGS'
  | 'INTERNALDATE'
  | 'RFC822.SIZE'
  | 'BODY'
  | 'BODYSTRUCTURE'
  | 'UID'
  /** RFC 7162 CONDSTORE. */
  | 'MODSEQ'
  /** RFC 8514. */
  | 'SAVEDATE'
  /** RFC 8474 OBJECTID. */
  | 'EMAILID'
  | 'THREADID'
  /** RFC 3501 only: BODY[], BODY.PEEK[HEADER], BODY[TEXT] answered under these names. */
  | 'RFC822'
  | 'RFC822.HEADER'
  | 'RFC822.TEXT';

export type FetchItem =
  | { readonly kind: SimpleFetchItemKind }
  /** BODY[section]<partial> and BODY.PEEK[...]; only the non-PEEK form sets \Seen. */
  | { readonly kind: 'BODY[]'; readonly peek: boolean; readonly section: SectionSpec; readonly partial?: PartialRange }
  /** BINARY[part]<partial> and BINARY.PEEK (RFC 3516): the part decoded from its CTE. */
  | { readonly kind: 'BINARY[]'; readonly peek: boolean; readonly part: readonly number[]; readonly partial?: PartialRange }
  | { readonly kind: 'BINARY.SIZE'; readonly part: readonly number[] }
  /** RFC 8970: LAZY lets the server answer NIL when no preview is at hand. */
  | { readonly kind: 'PREVIEW'; readonly lazy: boolean };
