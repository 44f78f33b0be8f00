/** `* NAMESPACE personal other shared` (RFC 9051 7.3.5, RFC 2342). */
import { encodeMailboxName } from '../mailbox-name.js';
import { ResponseBuilder, type EncodeOptions } from './builder.js';

export interface NamespaceEntry {
  /** A stored (UTF-8) prefix such as "" or "Shared/". */
  readonly prefix: string;
  /** The hierarchy delimiter, or null when there is none. */
  readonly delimiter: string | null;
}

export function encodeNamespace(
  personal: readonly NamespaceEntry[],
  otherUsers: readonly NamespaceEntry[],
  shared: readonly NamespaceEntry[],
  options: EncodeOptions,
): Buffer {
  const b = new ResponseBuilder(options).raw('* NAMESPACE');
  for (const group of [personal, otherUsers, shared]) {
    b.sp();
    // namespace = nil / "(" 1*namespace-descr ")": descriptors follow each other without SP.
    if (group.length === 0) b.raw('NIL');
    else {
      b.raw('(');
      for (const ns of group) {
        // namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil) ")"
        b.raw('(').string(encodeMailboxName(ns.prefix, options)).sp();
        if (ns.delimiter === null) b.raw('NIL');
        else b.string(ns.delimiter);
        b.raw(')');
      }
      b.raw(')');
    }
  }
  return b.crlf().take();
}
