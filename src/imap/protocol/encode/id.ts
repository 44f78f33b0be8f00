/** `* ID ("name" "Mailkeep" ...)` or `* ID NIL` (RFC 2971 section 3.2). */
import { ResponseBuilder, type EncodeOptions } from './builder.js';

export function encodeId(
  params: ReadonlyArray<readonly [string, string | null]> | null,
  options: EncodeOptions,
): Buffer {
  const b = new ResponseBuilder(options).raw('* ID ');
  if (params === null || params.length === 0) b.raw('NIL');
  else {
    b.list(params, ([field, value]) => {
      b.string(field).sp().nstring(value);
    });
  }
  return b.crlf().take();
}
