/**
 * `* LIST (attributes) "/" name [(extended items)]` and `* LSUB ...` (RFC 9051 7.3.1,
 * RFC 5258 section 6 mailbox-list with CHILDINFO and OLDNAME, RFC 3501 7.2.3 LSUB).
 */
import { ResponseBuilder, type EncodeOptions } from './builder.js';

export interface ListEntry {
  /** Mailbox attributes (\HasChildren, \Noselect, \Subscribed, \Sent, ...), written as atoms. */
  readonly attributes: readonly string[];
  /** Hierarchy delimiter, or null for a flat namespace. */
  readonly delimiter: string | null;
  /** The stored (UTF-8) name; encoded for the session. */
  readonly name: string;
  /** CHILDINFO selection options, e.g. ["SUBSCRIBED"] (RFC 5258 section 3.5). */
  readonly childInfo?: readonly string[];
  /** OLDNAME after a rename (RFC 9051 7.3.1). */
  readonly oldName?: string;
}

export function encodeList(kind: 'LIST' | 'LSUB', entry: ListEntry, options: EncodeOptions): Buffer {
  const b = new ResponseBuilder(options).raw(`* ${kind} `);
  b.list(entry.attributes, (a) => b.raw(a)).sp();
  if (entry.delimiter === null) b.raw('NIL');
  else b.string(entry.delimiter);
  b.sp().mailbox(entry.name);
  const items: Array<() => void> = [];
  if (entry.childInfo && entry.childInfo.length > 0) {
    const info = entry.childInfo;
    // The tag and the selection options quoted, as in RFC 5258's and RFC 9051's examples
    // (and Dovecot): some clients parse only that form.
    items.push(() => b.raw('"CHILDINFO" ').list(info, (o) => b.raw(`"${o}"`)));
  }
  if (entry.oldName !== undefined) {
    const oldName = entry.oldName;
    items.push(() => b.raw('"OLDNAME" (').mailbox(oldName).raw(')'));
  }
  if (items.length > 0) b.sp().list(items, (write) => write());
  return b.crlf().take();
}
