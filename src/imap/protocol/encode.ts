/**
 * The response encoder: every server response as bytes, strings in the form the session
 * allows (see encode/builder.ts). One file per response family under encode/.
 */
export { ResponseBuilder, type EncodeOptions, type StringValue } from './encode/builder.js';
export {
  encodeChallenge,
  encodeContinuation,
  encodeStatusResponse,
  type ConditionStatus,
  type StatusResponse,
} from './encode/condition.js';
export { writeResponseCode, type ResponseCode, type SimpleResponseCodeName } from './encode/response-code.js';
export { encodeCapability, encodeEnabled } from './encode/capability.js';
export { encodeId } from './encode/id.js';
export { encodeNamespace, type NamespaceEntry } from './encode/namespace.js';
export { encodeExists, encodeFlags, encodeRecent } from './encode/select.js';
export { encodeExpunge, encodeVanished } from './encode/expunge.js';
export { FlagLineWriter } from './encode/flag-lines.js';
export { encodeList, type ListEntry } from './encode/list.js';
export { encodeStatusData, type StatusValues } from './encode/status.js';
export { encodeEsearch, encodeSearch, type EsearchResult } from './encode/search.js';
export {
  encodeFetch,
  writeSection,
  type FetchSegment,
  type FetchValue,
  type SectionContent,
  type StreamSlot,
} from './encode/fetch.js';
