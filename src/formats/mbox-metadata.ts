/**
 * mbox metadata headers: the header fields mail programs add to a message stored in an mbox to
 * keep its flags (Status, X-Status, X-Keywords, X-Mozilla-Status...) and bookkeeping (X-UID,
 * X-IMAP, Content-Length). They are not part of the message: as Dovecot does, the reader takes
 * the flags from them and removes them from the stored bytes, and the writer writes them from
 * the flags, so that export -> import gives back the same bytes.
 */

import { cleanKeywords, splitKeywordList } from './keywords.js';
import { SYSTEM_FLAGS, type SystemFlag } from './types.js';

/** Lower-case names of the fields removed on import (and replaced on export). */
export const MBOX_METADATA_FIELDS: ReadonlySet<string> = new Set([
  'status',
  'x-status',
  'x-keywords',
  'x-uid',
  'x-imap',
  'x-imapbase',
  'x-mozilla-status',
  'x-mozilla-status2',
  'x-mozilla-keys',
  'content-length',
]);

/** The raw values of the metadata fields of one message (first occurrence of each). */
export type MboxMetadata = Map<string, string>;

/** X-Status letters (the Dovecot/mutt/pine convention). */
const X_STATUS: ReadonlyArray<[string, SystemFlag]> = [
  ['A', '\\Answered'],
  ['F', '\\Flagged'],
  ['T', '\\Draft'],
  ['D', '\\Deleted'],
];

/** Thunderbird X-Mozilla-Status bits (nsMsgMessageFlags). */
const MOZILLA_BITS: ReadonlyArray<[number, SystemFlag]> = [
  [0x1, '\\Seen'],
  [0x2, '\\Answered'],
  [0x4, '\\Flagged'],
  [0x8, '\\Deleted'],
];
const MOZILLA_FORWARDED = 0x1000;

export interface MessageFlags {
  flags: SystemFlag[];
  keywords: string[];
}

/** Flags and keywords from a message's metadata fields. */
export function flagsFromMetadata(meta: MboxMetadata): MessageFlags {
  const flags = new Set<SystemFlag>();
  const keywords: string[] = [];
  const status = meta.get('status');
  const xStatus = meta.get('x-status');
  if (status !== undefined && status.includes('R')) flags.add('\\Seen'); // 'O' only means "not new"
  if (xStatus !== undefined) {
    for (const [letter, flag] of X_STATUS) if (xStatus.includes(letter)) flags.add(flag);
  }
  const mozilla = meta.get('x-mozilla-status');
  // Thunderbird keeps Status too when it imported the file; Status is then the truth.
  if (status === undefined && mozilla !== undefined && /^[0-9a-f]{1,8}$/i.test(mozilla)) {
    const bits = parseInt(mozilla, 16);
    for (const [bit, flag] of MOZILLA_BITS) if ((bits & bit) !== 0) flags.add(flag);
    if ((bits & MOZILLA_FORWARDED) !== 0) keywords.push('$Forwarded');
  }
  for (const field of ['x-keywords', 'x-mozilla-keys']) {
    const value = meta.get(field);
    if (value !== undefined) keywords.push(...splitKeywordList(value));
  }
  return { flags: SYSTEM_FLAGS.filter((f) => flags.has(f)), keywords: cleanKeywords(keywords) };
}

/** The metadata header lines (LF-terminated) written for a message's flags: Status always (so
 *  that mail readers see the message as old), X-Status and X-Keywords when there is something
 *  to say. */
export function metadataLines(flags: readonly SystemFlag[], keywords: readonly string[]): string {
  const has = new Set(flags);
  let out = has.has('\\Seen') ? 'Status: RO\n' : 'Status: O\n';
  const xStatus = X_STATUS.filter(([, flag]) => has.has(flag))
    .map(([letter]) => letter)
    .join('');
  if (xStatus.length > 0) out += `X-Status: ${xStatus}\n`;
  const clean = cleanKeywords(keywords);
  if (clean.length > 0) out += `X-Keywords: ${clean.join(' ')}\n`;
  return out;
}
