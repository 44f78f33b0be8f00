/**
 * The search data stored beside each message at delivery (store message_search): envelope
 * fields decoded and folded the way SEARCH compares text (src/mime/match.ts), the Date header,
 * and the raw header block. With them, SEARCH FROM/SUBJECT/HEADER... over a mailbox is one SQL
 * query that narrows 100,000 messages to a few candidates, which are then checked exactly.
 */

import { decodeSearchFields, foldForSearch, type SearchAddress } from '../mime/index.js';
import type { MessageSearchData } from '../store/types.js';

function addressText(list: readonly SearchAddress[]): string {
  return foldForSearch(list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', '));
}

/** From an encoded MIME index and the message's first bytes (enough for its header, or not). */
export function searchDataFor(mimeIndex: Buffer, firstBytes: Buffer): MessageSearchData {
  const { headerSize, search } = decodeSearchFields(mimeIndex);
  return {
    subject: foldForSearch(search.subject),
    from: addressText(search.from),
    to: addressText(search.to),
    cc: addressText(search.cc),
    bcc: addressText(search.bcc),
    sentDate: search.date,
    header: firstBytes.length >= headerSize ? Buffer.from(firstBytes.subarray(0, headerSize)) : null,
  };
}
