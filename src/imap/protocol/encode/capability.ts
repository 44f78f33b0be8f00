/** `* CAPABILITY ...` (RFC 9051 7.2.2) and `* ENABLED ...` (RFC 5161 section 3.2). */
import { ResponseBuilder, type EncodeOptions } from './builder.js';

export function encodeCapability(capabilities: readonly string[], options: EncodeOptions): Buffer {
  return new ResponseBuilder(options).raw(['* CAPABILITY', ...capabilities].join(' ')).crlf().take();
}

/** Lists only what the ENABLE turned on now; may be empty. */
export function encodeEnabled(capabilities: readonly string[], options: EncodeOptions): Buffer {
  return new ResponseBuilder(options).raw(['* ENABLED', ...capabilities].join(' ')).crlf().take();
}
