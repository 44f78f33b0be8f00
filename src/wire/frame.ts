/**
 * What the receiver hands over: one IMAP command as its line text with the literals cut out.
 * A frame always alternates text, literal, text, ..., text (RFC 9051 section 4.3: a literal
 * ends its line, and the command continues on the line after the literal's bytes).
 */

/** Text of a command between literals, without the CRLF and without the `{n}` marker. */
export interface TextPart {
  readonly kind: 'text';
  readonly bytes: Buffer;
}

interface LiteralCommon {
  readonly kind: 'literal';
  /** Octet count announced in `{n}`. */
  readonly size: number;
  /** `{n}` (the client waited for `+`) as opposed to `{n+}` (RFC 7888). */
  readonly sync: boolean;
  /** `~{n}`, literal8 (RFC 3516): may contain NUL. */
  readonly binary: boolean;
  /** Position among this command's literals, from 0; streamed literals are identified by it. */
  readonly index: number;
}

/** A small literal, kept in memory. */
export interface InlineLiteralPart extends LiteralCommon {
  readonly streamed: false;
  readonly data: Buffer;
}

/** A large literal whose bytes went to the consumer as `literal-data` events. */
export interface StreamedLiteralPart extends LiteralCommon {
  readonly streamed: true;
}

export type LiteralPart = InlineLiteralPart | StreamedLiteralPart;
export type FramePart = TextPart | LiteralPart;

export interface CommandFrame {
  /** The tag, when the first line starts with a syntactically valid one. */
  readonly tag: string | undefined;
  readonly parts: readonly FramePart[];
}

/** The frame as text, literals shown as `{n}` markers: for logs and error messages only. */
export function describeFrame(frame: CommandFrame, maxBytes = 200): string {
  let out = '';
  for (const part of frame.parts) {
    if (part.kind === 'text') out += part.bytes.toString('latin1');
    else out += `${part.binary ? '~' : ''}{${part.size}${part.sync ? '' : '+'}}`;
    if (out.length > maxBytes) return out.slice(0, maxBytes) + '...';
  }
  return out;
}
