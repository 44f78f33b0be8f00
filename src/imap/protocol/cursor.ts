/**
 * The grammar cursor: reads the tokens of RFC 9051 section 9 from a command frame, across its
 * literals. Every method either consumes what it names or throws ImapParseError (with the tag),
 * so a parse/<family>.ts file reads like the ABNF it implements.
 */
import { IMAP_MAX_NESTING_DEPTH } from '../../limits.js';
import type { CommandFrame, LiteralPart } from '../../wire/frame.js';
import { isAstringChar, isAtomChar, isDigit, isListChar } from './charclass.js';
import { readDate, readDateTime, type ImapDate, type ImapDateTime } from './dates.js';
import { ImapParseError, type ParseErrorReason } from './errors.js';
import { readFlag, readFlagList } from './flags.js';
import { readSequenceSet, type SequenceSet, type SequenceSetOptions } from './sequence-set.js';

const SP = 0x20;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_UINT32 = 0xffffffff;
const MAX_INT63 = 9223372036854775807n;
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** How quoted and literal strings become JS strings. */
export type StringDecoding =
  /** Strict UTF-8 (RFC 9051: strings are UTF-8); invalid bytes are a syntax error. */
  | 'utf8'
  /** Byte for byte, for SEARCH under a CHARSET this server does not know: the command is then
   *  refused with NO [BADCHARSET] by the session, not BAD by the parser (RFC 9051 6.4.4). */
  | 'latin1';

export class Cursor {
  private partIndex = 0;
  private pos = 0;
  private text: Buffer;
  private depth = 0;
  /** Set once the command name is known, for error context. */
  command: string | undefined;
  decoding: StringDecoding = 'utf8';

  constructor(
    readonly frame: CommandFrame,
    /** The tag for errors; the frame's own when it has one. */
    readonly tag: string | undefined = frame.tag,
  ) {
    const first = frame.parts[0];
    this.text = first?.kind === 'text' ? first.bytes : Buffer.alloc(0);
  }

  /** Throws the parse error for this command. */
  fail(message: string, reason: ParseErrorReason = 'syntax'): never {
    throw new ImapParseError(message, this.tag, reason, this.command);
  }

  // --- position ---------------------------------------------------------------------------

  /** The next byte of the current line, or -1 at its end (end of command or a literal). */
  peek(offset = 0): number {
    const i = this.pos + offset;
    return i < this.text.length ? this.text[i]! : -1;
  }

  /** True when the next token is a literal. */
  atLiteral(): boolean {
    return this.pos === this.text.length && this.frame.parts[this.partIndex + 1]?.kind === 'literal';
  }

  atEnd(): boolean {
    return this.pos === this.text.length && this.partIndex >= this.frame.parts.length - 1;
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail(this.atLiteral() ? 'unexpected literal' : `unexpected "${this.rest(20)}"`);
  }

  /** Skips n bytes of the current line (the caller has checked them). */
  skip(n: number): void {
    this.pos += n;
  }

  /** Up to n bytes of the rest of the line, for error messages. */
  rest(n: number): string {
    return this.text.toString('latin1', this.pos, Math.min(this.text.length, this.pos + n));
  }

  // --- punctuation --------------------------------------------------------------------------

  /** Exactly one SP (RFC 9051 section 9, note 2: no other whitespace). */
  sp(): void {
    if (this.peek() !== SP) this.fail('expected space');
    this.pos++;
  }

  trySp(): boolean {
    if (this.peek() !== SP) return false;
    this.pos++;
    return true;
  }

  expect(ch: string): void {
    if (!this.tryChar(ch)) this.fail(`expected "${ch}"`);
  }

  tryChar(ch: string): boolean {
    if (this.peek() !== ch.charCodeAt(0)) return false;
    this.pos++;
    return true;
  }

  /** Consumes `word` (case-insensitive) when it comes next and is not followed by an atom char. */
  tryWord(word: string): boolean {
    const n = word.length;
    if (this.pos + n > this.text.length) return false;
    if (this.text.toString('latin1', this.pos, this.pos + n).toUpperCase() !== word) return false;
    const after = this.peek(n);
    if (after !== -1 && isAtomChar(after)) return false;
    this.pos += n;
    return true;
  }

  // --- atoms --------------------------------------------------------------------------------

  /** atom = 1*ATOM-CHAR, as written. */
  atom(): string {
    return this.run(isAtomChar, 'atom');
  }

  /**
   * A keyword: 1*ATOM-CHAR that stops before any of `stop` (for "BODY.PEEK[", "BINARY<"),
   * upper-cased since keywords are case-insensitive (RFC 9051 section 9, note 1).
   */
  keyword(stop = ''): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const b = this.text[this.pos]!;
      if (!isAtomChar(b) || stop.includes(String.fromCharCode(b))) break;
      this.pos++;
    }
    if (this.pos === start) this.fail(this.atLiteral() ? 'expected a keyword, got a literal' : 'expected a keyword');
    return this.text.toString('latin1', start, this.pos).toUpperCase();
  }

  private run(test: (b: number) => boolean, what: string): string {
    const start = this.pos;
    while (this.pos < this.text.length && test(this.text[this.pos]!)) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.text.toString('latin1', start, this.pos);
  }

  // --- strings ------------------------------------------------------------------------------

  /** astring = 1*ASTRING-CHAR / string. */
  astring(): string {
    if (this.peek() === DQUOTE || this.atLiteral()) return this.string();
    return this.run(isAstringChar, 'astring');
  }

  /** astring as bytes (passwords, SEARCH strings in a foreign charset). */
  astringBytes(): Buffer {
    if (this.peek() === DQUOTE || this.atLiteral()) return this.stringBytes();
    return Buffer.from(this.run(isAstringChar, 'astring'), 'latin1');
  }

  /** list-mailbox = 1*list-char / string. */
  listMailbox(): string {
    if (this.peek() === DQUOTE || this.atLiteral()) return this.string();
    return this.run(isListChar, 'mailbox pattern');
  }

  /** string = quoted / literal. */
  string(): string {
    return this.decode(this.stringBytes());
  }

  stringBytes(): Buffer {
    if (this.peek() === DQUOTE) return this.quotedBytes();
    if (this.atLiteral()) {
      const part = this.literal();
      if (part.binary) this.fail('literal8 is not allowed here');
      if (part.streamed) this.fail('literal too large for this argument', 'literal-too-large');
      if (part.data.includes(0)) this.fail('NUL in literal'); // CHAR8 excludes NUL
      return part.data;
    }
    return this.fail('expected string');
  }

  /** nstring = string / nil. */
  nstring(): string | null {
    if (this.tryWord('NIL')) return null;
    return this.string();
  }

  /** quoted = DQUOTE *QUOTED-CHAR DQUOTE; 8-bit (UTF-8) allowed as in RFC 9051. */
  quoted(): string {
    return this.decode(this.quotedBytes());
  }

  private quotedBytes(): Buffer {
    this.expect('"');
    const start = this.pos;
    let escaped = false;
    for (let i = start; i < this.text.length; i++) {
      const b = this.text[i]!;
      if (b === DQUOTE) {
        const raw = this.text.subarray(start, i);
        this.pos = i + 1;
        return escaped ? unescapeQuoted(raw) : raw;
      }
      if (b === BACKSLASH) {
        const next = this.text[i + 1];
        if (next !== DQUOTE && next !== BACKSLASH) {
          this.pos = i;
          this.fail('backslash in quoted string must escape " or \\');
        }
        escaped = true;
        i++;
      } else if (b === 0 || b === 0x0d || b === 0x0a) {
        this.pos = i;
        this.fail('control character in quoted string');
      }
    }
    return this.fail('unterminated quoted string');
  }

  /** The literal that comes next (the raw part: APPEND takes it whole, possibly streamed). */
  literal(): LiteralPart {
    if (!this.atLiteral()) this.fail('expected literal');
    const part = this.frame.parts[this.partIndex + 1] as LiteralPart;
    const next = this.frame.parts[this.partIndex + 2];
    this.partIndex += 2;
    this.pos = 0;
    this.text = next?.kind === 'text' ? next.bytes : Buffer.alloc(0);
    return part;
  }

  private decode(bytes: Buffer): string {
    if (this.decoding === 'latin1' || isAscii(bytes)) return bytes.toString('latin1');
    try {
      return utf8Strict.decode(bytes);
    } catch {
      return this.fail('string is not valid UTF-8');
    }
  }

  // --- numbers ------------------------------------------------------------------------------

  /** 1*DIGIT without leading zeros (which the grammar allows and which must not overflow). */
  private digits(): string {
    return this.run(isDigit, 'number').replace(/^0+(?=\d)/, '');
  }

  /** number: unsigned 32-bit. */
  number(): number {
    const d = this.digits();
    const n = d.length > 10 ? Infinity : Number(d);
    if (n > MAX_UINT32) this.fail('number out of range');
    return n;
  }

  /** nz-number: 1 .. 2^32-1. */
  nzNumber(): number {
    const n = this.number();
    if (n === 0) this.fail('number must not be zero');
    return n;
  }

  /**
   * number64: 0 .. 2^63-1 (RFC 9051). Values past Number.MAX_SAFE_INTEGER saturate there:
   * Mailkeep's own MODSEQs and sizes never come close, so any such value compares the same
   * against every real one (CHANGEDSINCE, LARGER, partial origins).
   */
  number64(): number {
    const d = this.digits();
    if (d.length > 19 || BigInt(d) > MAX_INT63) this.fail('number out of range');
    return Math.min(Number(d), Number.MAX_SAFE_INTEGER);
  }

  /** nz-number64. */
  nzNumber64(): number {
    const n = this.number64();
    if (n === 0) this.fail('number must not be zero');
    return n;
  }

  // --- composites ---------------------------------------------------------------------------

  /**
   * "(" [item *(SP item)] ")": `allowEmpty` for the productions with brackets inside.
   * Counts towards the nesting limit.
   */
  parenList<T>(item: () => T, allowEmpty = false): T[] {
    return this.nested(() => {
      this.expect('(');
      const items: T[] = [];
      if (this.tryChar(')')) {
        if (!allowEmpty) this.fail('empty list');
        return items;
      }
      items.push(item());
      while (this.trySp()) items.push(item());
      this.expect(')');
      return items;
    });
  }

  /** Runs `fn` one level deeper, failing past IMAP_MAX_NESTING_DEPTH. */
  nested<T>(fn: () => T): T {
    if (++this.depth > IMAP_MAX_NESTING_DEPTH) this.fail('nesting too deep', 'too-complex');
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  sequenceSet(options?: SequenceSetOptions): SequenceSet {
    return readSequenceSet(this, options);
  }

  /** flag: system flags in canonical case, keywords as written. */
  flag(): string {
    return readFlag(this);
  }

  /** flag-list = "(" [flag *(SP flag)] ")". */
  flagList(): string[] {
    return readFlagList(this);
  }

  /** date = date-text / DQUOTE date-text DQUOTE. */
  date(): ImapDate {
    return readDate(this);
  }

  /** date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE. */
  dateTime(): ImapDateTime {
    return readDateTime(this);
  }
}

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

function unescapeQuoted(raw: Buffer): Buffer {
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === BACKSLASH) i++;
    out[n++] = raw[i]!;
  }
  return out.subarray(0, n);
}
