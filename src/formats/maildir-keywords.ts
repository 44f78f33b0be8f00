/**
 * Dovecot's dovecot-keywords file: which keyword each Maildir flag letter a-z stands for, one
 * "<index> <keyword>" line each, index 0 being 'a'.
 */

import { isValidKeyword } from './keywords.js';
import { MAILDIR_MAX_KEYWORDS } from './limits.js';

export const KEYWORDS_FILE = 'dovecot-keywords';

export function letterForIndex(index: number): string {
  return String.fromCharCode(0x61 + index);
}

/** Letter -> keyword. Lines that do not parse, indexes past 'z' and invalid keywords are
 *  ignored: a letter without a keyword is then simply not imported as one. */
export function parseDovecotKeywords(text: string): Map<string, string> {
  const byLetter = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\d+) (.+?)\r?$/.exec(line);
    if (!match) continue;
    const index = Number(match[1]);
    const keyword = match[2]!;
    if (index < MAILDIR_MAX_KEYWORDS && isValidKeyword(keyword)) byLetter.set(letterForIndex(index), keyword);
  }
  return byLetter;
}

/** The file for keywords in index order. */
export function formatDovecotKeywords(keywords: readonly string[]): string {
  return keywords.map((keyword, index) => `${index} ${keyword}\n`).join('');
}
