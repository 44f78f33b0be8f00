/**
 * HTML reduced to plain text for SEARCH and PREVIEW: script, style, head and comments removed,
 * block elements turned into line breaks, other tags dropped, character references decoded
 * (named ones common in mail, and all numeric ones). Linear time, never throws.
 */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•',
  middot: '·', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', deg: '°', laquo: '«',
  raquo: '»', times: '×', divide: '÷', shy: '\u00ad', zwnj: '\u200c', zwj: '\u200d',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', eacute: 'é',
  egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à', acirc: 'â', iacute: 'í', oacute: 'ó',
  uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', Eacute: 'É', aring: 'å', Aring: 'Å', oslash: 'ø', aelig: 'æ',
};

const BLOCK = /^(p|div|br|tr|li|h[1-6]|table|ul|ol|blockquote|pre|hr|section|article|header|footer|dd|dt|title)$/i;

/** Decodes character references in text. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
      return '\ufffd';
    }
    return NAMED[ref] ?? m;
  });
}

/** Converts HTML to text. */
export function htmlToText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|head|template)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, ' ');
  s = s.replace(/<\/?([A-Za-z][A-Za-z0-9]*)\b[^>]*>|<[!?][^>]*>/g, (_m, tag: string | undefined) => (tag !== undefined && BLOCK.test(tag) ? '\n' : ' '));
  s = decodeEntities(s);
  return s
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}
