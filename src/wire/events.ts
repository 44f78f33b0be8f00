/** What the receiver yields, one at a time, from `CommandReceiver.next()`. */
import type { CommandFrame } from './frame.js';

/** A literal as announced, before or while its bytes arrive. */
export interface LiteralInfo {
  readonly size: number;
  readonly sync: boolean;
  readonly binary: boolean;
  /** Position among the command's literals, from 0 (matches the frame's literal part). */
  readonly index: number;
  /** True when the bytes will come as `literal-data` events instead of inside the frame. */
  readonly streamed: boolean;
}

/** The limit a client crossed; each maps to one response (the session decides which). */
export type OverflowLimit =
  /** A line longer than IMAP_MAX_LINE_BYTES: `tag BAD`. */
  | 'line'
  /** Lines plus inline literals past IMAP_MAX_COMMAND_BUFFER_BYTES: `tag BAD`. */
  | 'command'
  /** More than IMAP_MAX_LITERALS_PER_COMMAND literals: `tag BAD`. */
  | 'literal-count'
  /** A literal over IMAP_MAX_LITERAL_BYTES (APPENDLIMIT): `tag NO [TOOBIG]` when synchronising
   *  (RFC 7889 section 4), `tag BAD [TOOBIG]` when it had to be read and discarded. */
  | 'literal'
  /** The command's literals together past IMAP_MAX_COMMAND_LITERAL_BYTES: as 'literal'. */
  | 'command-literals'
  /** A non-synchronising literal over 4096 bytes under LITERAL- (RFC 7888 section 5):
   *  `tag BAD [TOOBIG]`. */
  | 'literal-minus';

export type ReceiverEvent =
  /** A complete command. */
  | { readonly kind: 'command'; readonly frame: CommandFrame }
  /**
   * A synchronising literal was announced. Send `+ ...` and keep calling next(), or call
   * rejectLiteral() and answer the tag (NO/BAD): the client then sends no literal, and its next
   * line is a new command (RFC 9051 section 7.5). Without a tag, reject and answer `* BAD`.
   * `literal.streamed` says whether the bytes will come as literal-data events.
   */
  | {
      readonly kind: 'continue';
      readonly tag: string | undefined;
      readonly literal: LiteralInfo;
      /** The command up to the literal, for deciding early (e.g. APPEND's mailbox). */
      readonly head: CommandFrame;
    }
  /** A large literal begins; its bytes follow as literal-data events, then literal-end. */
  | {
      readonly kind: 'literal-start';
      readonly tag: string | undefined;
      readonly literal: LiteralInfo;
      readonly head: CommandFrame;
    }
  /** Bytes of a streamed literal; a view of the pushed input, valid until it is next pushed. */
  | { readonly kind: 'literal-data'; readonly chunk: Buffer }
  | { readonly kind: 'literal-end'; readonly literal: LiteralInfo }
  /** The line asked for with expectRawLine() (AUTHENTICATE response, IDLE's DONE), no CRLF. */
  | { readonly kind: 'raw-line'; readonly line: Buffer }
  /**
   * A limit was crossed. The offending command (or raw line) has been discarded and the
   * receiver is in step with the client again; answer the tag, or `* BAD` without one.
   */
  | {
      readonly kind: 'overflow';
      readonly limit: OverflowLimit;
      readonly tag: string | undefined;
      /** The literal that crossed a literal limit. */
      readonly literal?: { readonly size: number; readonly sync: boolean };
      /** True when the overflow happened on a raw line (expectRawLine). */
      readonly rawLine: boolean;
    };
