/**
 * The pure IMAP protocol layer: frames from src/wire -> typed commands (parse/), responses ->
 * bytes (encode.ts), and the grammar's small pieces (sequence sets, dates, flags, mailbox
 * names). No I/O, no storage.
 */
export { parseCommand, peekCommand } from './parse/index.js';
export { parseSaslResponse, decodeBase64Strict, type SaslResponse } from './parse/auth.js';
export { isIdleDone } from './parse/idle.js';
export { peekAppendMailbox } from './parse/append.js';
export { SPECIAL_USES } from './parse/mailbox.js';
export { Cursor, type StringDecoding } from './cursor.js';
export {
  ImapParseError,
  MailboxNameError,
  Mutf7Error,
  type MailboxNameErrorReason,
  type ParseErrorReason,
} from './errors.js';
export * from './types/command.js';
export type { AppendMessage } from './types/append.js';
export type { FetchItem, PartialRange, SectionKind, SectionSpec, SimpleFetchItemKind } from './types/fetch.js';
export type { ListReturnOptions, ListSelectOptions } from './types/list.js';
export type { SearchKey, SearchReturnOption } from './types/search.js';
export { STATUS_ITEMS, type StatusItem } from './types/status.js';
export {
  compactNumbers,
  expandSequenceSet,
  formatRanges,
  formatRuns,
  formatSequenceSet,
  mergeRanges,
  normalizeSequenceSet,
  parseSequenceSet,
  rangesContain,
  SequenceSetTooLargeError,
  type NumberRange,
  type SeqNumber,
  type SeqRange,
  type SequenceSet,
  type SequenceSetOptions,
} from './sequence-set.js';
export { formatDate, formatDateTime, type ImapDate, type ImapDateTime } from './dates.js';
export { canonicalFlag, isKeyword, RECENT_FLAG, SYSTEM_FLAGS } from './flags.js';
export { decodeMutf7, encodeMutf7 } from '../../formats/mutf7.js';
export {
  decodeMailboxName,
  encodeMailboxName,
  HIERARCHY_SEPARATOR,
  normalizeInbox,
  validateMailboxName,
  type NameOptions,
} from './mailbox-name.js';
export * from './encode.js';
