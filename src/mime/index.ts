/**
 * The MIME engine's public API: a pure library (no I/O). It indexes a message once at delivery
 * (MimeIndexer, streaming) into a MimeIndex (types.ts), stored with encodeIndex, and answers from
 * it: ENVELOPE/BODYSTRUCTURE/BODY (pre-rendered, fetch-values.ts), BODY[section] byte ranges
 * (section.ts), BINARY (binary.ts), and text for SEARCH and PREVIEW (search-text.ts).
 */
export type * from './types.js';
export { MimeIndexer, indexMessage } from './indexer.js';
export { encodeIndex, decodeIndex, decodeSearchFields, encodedBodystructure, encodedEnvelope } from './codec.js';
export { renderImapValue, imapValueHas8bit, downgradeImapValue } from './imap-value.js';
export { renderBodystructure, renderEnvelope, type SessionForm } from './fetch-values.js';
export { buildBodystructure, type BodystructureOptions } from './bodystructure.js';
export { buildEnvelope } from './envelope.js';
export { resolveSection, applyPartial, findPart, sectionBytes } from './section.js';
export { binaryInfo, createBinaryDecoder, decodeBody, type BinaryInfo } from './binary.js';
export {
  extractSearchText,
  extractSearchTextAsync,
  headerValuesForSearch,
  makePreview,
  previewPart,
  PREVIEW_MAX_CHARS,
  previewFromText,
  partText,
  type RangeReader,
  type AsyncRangeReader,
  type SearchText,
} from './search-text.js';
export { matchesText, createMatcher, foldForSearch } from './match.js';
export { htmlToText } from './html-text.js';
export { parseAddressList, flattenAddresses, type AddressItem, type MailboxAddress, type GroupAddress } from './address.js';
export { parseDate } from './date.js';
export { decodeEncodedWords, decodeHeaderText } from './rfc2047.js';
export { decodeCharset, knownCharset } from './charset.js';
