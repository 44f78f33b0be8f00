/** One message of an APPEND (RFC 9051 6.3.12, RFC 3502 MULTIAPPEND, RFC 3516, RFC 6855). */
import type { LiteralPart } from '../../../wire/frame.js';
import type { ImapDateTime } from '../dates.js';

export interface AppendMessage {
  readonly flags: readonly string[];
  readonly internalDate: ImapDateTime | undefined;
  /** Sent as UTF8 (literal8) (RFC 6855 section 4). */
  readonly utf8: boolean;
  /**
   * The message literal: inline bytes, or a streamed literal whose bytes went to the session
   * as literal-data events (identified by its index). `binary` for literal8 (RFC 3516).
   */
  readonly literal: LiteralPart;
}
