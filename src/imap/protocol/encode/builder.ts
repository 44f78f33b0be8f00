/**
 * Builds one response as bytes, token by token, choosing each string's form: atom, quoted or
 * literal (RFC 9051 section 4.3). The choice depends on the session: without UTF-8 enabled
 * (IMAP4rev2 or UTF8=ACCEPT, RFC 6855 section 3) 8-bit strings go as literals.
 */
import { isAstringChar } from '../charclass.js';
import { encodeMailboxName } from '../mailbox-name.js';

export interface EncodeOptions {
  /** IMAP4rev2 or UTF8=ACCEPT is enabled: UTF-8 may appear in quoted strings and text. */
  readonly utf8: boolean;
}

/** A string value from the store: text, or raw bytes (header values of unknown charset). */
export type StringValue = string | Buffer;

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Buffer): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** How a string must travel: quoted when it can (shorter, readable), else a literal. */
function needsLiteral(bytes: Buffer, utf8: boolean): boolean {
  let eightBit = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    // QUOTED-CHAR is TEXT-CHAR: no NUL, CR or LF. Other controls are allowed by the grammar
    // but break clients that scan quoted strings naively (and BINARY data is full of them):
    // they go as literals, as Dovecot sends them.
    if (b < 0x20 || b === 0x7f) return true;
    if (b >= 0x80) eightBit = true;
  }
  return eightBit && !(utf8 && isValidUtf8(bytes));
}

export class ResponseBuilder {
  private readonly chunks: Buffer[] = [];
  private text = '';

  constructor(readonly options: EncodeOptions) {}

  /** Protocol text written as is (keywords, numbers, punctuation). */
  raw(s: string): this {
    this.text += s;
    return this;
  }

  bytes(b: Buffer): this {
    this.flush();
    this.chunks.push(b);
    return this;
  }

  sp(): this {
    this.text += ' ';
    return this;
  }

  number(n: number): this {
    this.text += String(n);
    return this;
  }

  /** quoted = DQUOTE *QUOTED-CHAR DQUOTE; the caller has checked the value may be quoted. */
  private quoted(bytes: Buffer): this {
    const s = bytes.toString('utf8').replace(/["\\]/g, '\\$&');
    this.text += '"' + s + '"';
    return this;
  }

  /** literal = "{" number "}" CRLF *CHAR8, or literal8 "~{" number "}" (RFC 3516). */
  literal(bytes: Buffer, binary = false): this {
    this.text += `${binary ? '~' : ''}{${bytes.length}}\r\n`;
    return this.bytes(bytes);
  }

  /** string = quoted / literal, whichever the value allows. */
  string(value: StringValue): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return needsLiteral(bytes, this.options.utf8) ? this.literal(bytes) : this.quoted(bytes);
  }

  /** nstring = string / nil. */
  nstring(value: StringValue | null): this {
    return value === null ? this.raw('NIL') : this.string(value);
  }

  /** astring: an atom when it can be one (and is not "NIL", which clients may misread). */
  astring(value: StringValue): this {
    const s = typeof value === 'string' ? value : value.toString('latin1');
    let atom = s.length > 0 && s.toUpperCase() !== 'NIL';
    for (let i = 0; atom && i < s.length; i++) atom = isAstringChar(s.charCodeAt(i));
    return atom ? this.raw(s) : this.string(value);
  }

  /** A stored (UTF-8) mailbox name in the session's encoding (RFC 9051 5.1, RFC 3501 5.1.3). */
  mailbox(name: string): this {
    return this.astring(encodeMailboxName(name, this.options));
  }

  /** "(" item *(SP item) ")"; `nilWhenEmpty` for productions that want NIL instead of "()". */
  list<T>(items: readonly T[], write: (item: T) => void, nilWhenEmpty = false): this {
    if (items.length === 0 && nilWhenEmpty) return this.raw('NIL');
    this.text += '(';
    items.forEach((item, i) => {
      if (i > 0) this.text += ' ';
      write(item);
    });
    this.text += ')';
    return this;
  }

  /** Human-readable text (resp-text): one line, and ASCII unless UTF-8 is enabled. */
  humanText(s: string): this {
    let clean = s.replace(/[\r\n\0]+/g, ' ');
    // RFC 9051 section 9 "text": non-ASCII only after ENABLE IMAP4rev2 (or UTF8=ACCEPT).
    if (!this.options.utf8) clean = clean.replace(/[^\x01-\x7f]/g, '?');
    this.text += clean;
    return this;
  }

  crlf(): this {
    this.text += '\r\n';
    return this;
  }

  private flush(): void {
    if (this.text.length > 0) {
      this.chunks.push(Buffer.from(this.text, 'utf8'));
      this.text = '';
    }
  }

  /** Everything written so far as one Buffer; the builder is empty afterwards. */
  take(): Buffer {
    this.flush();
    const out = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks.length = 0;
    return out;
  }
}
