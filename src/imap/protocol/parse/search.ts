/**
 * SEARCH [RETURN (...)] [CHARSET x] key *(SP key) (RFC 9051 6.4.4, RFC 3501 6.4.4, ESEARCH
 * RFC 4731, SEARCHRES RFC 5182, CONDSTORE RFC 7162, WITHIN RFC 5032, SAVEDATE RFC 8514,
 * OBJECTID RFC 8474). Keys are read by search-key.ts.
 */
import type { Cursor } from '../cursor.js';
import type { SearchCommand } from '../types/command.js';
import type { SearchKey, SearchReturnOption } from '../types/search.js';
import type { CommandHead } from './head.js';
import { SearchKeyReader } from './search-key.js';

const RETURN_OPTIONS = new Set<string>(['MIN', 'MAX', 'ALL', 'COUNT', 'SAVE']);
/** Charsets whose strings are UTF-8 (US-ASCII is a subset). */
const UTF8_CHARSETS = new Set(['UTF-8', 'US-ASCII', 'UTF8']);

export function parseSearch(c: Cursor, head: CommandHead): SearchCommand {
  c.sp();
  let returns: SearchReturnOption[] | undefined;
  if (c.tryWord('RETURN')) {
    c.sp();
    returns = [];
    for (const option of c.parenList(() => c.atom().toUpperCase(), true)) {
      // RFC 4731 section 3.1: unknown return options are a BAD.
      if (!RETURN_OPTIONS.has(option)) c.fail(`unknown SEARCH return option ${option}`);
      if (!returns.includes(option as SearchReturnOption)) returns.push(option as SearchReturnOption);
    }
    c.sp();
  }
  let charset: string | undefined;
  if (c.tryWord('CHARSET')) {
    c.sp();
    // charset = atom / quoted
    charset = (c.peek() === 0x22 ? c.quoted() : c.atom()).toUpperCase();
    if (!UTF8_CHARSETS.has(charset)) c.decoding = 'latin1';
    c.sp();
  }
  const reader = new SearchKeyReader(c);
  const criteria: SearchKey[] = [reader.key()];
  while (c.trySp()) criteria.push(reader.key());
  return { tag: head.tag, name: 'SEARCH', uid: head.uid, charset, returns, criteria };
}
