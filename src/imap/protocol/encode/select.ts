/**
 * The untagged data of SELECT/EXAMINE and of mailbox changes: `* FLAGS (...)`, `* n EXISTS`,
 * `* n RECENT` (RFC 9051 7.3.2-7.3.5; RECENT for IMAP4rev1 sessions only).
 */
import { ResponseBuilder, type EncodeOptions } from './builder.js';

export function encodeFlags(flags: readonly string[], options: EncodeOptions): Buffer {
  const b = new ResponseBuilder(options).raw('* FLAGS ');
  return b.list(flags, (f) => b.raw(f)).crlf().take();
}

export function encodeExists(count: number): Buffer {
  return Buffer.from(`* ${count} EXISTS\r\n`, 'latin1');
}

export function encodeRecent(count: number): Buffer {
  return Buffer.from(`* ${count} RECENT\r\n`, 'latin1');
}
