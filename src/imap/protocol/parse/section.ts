/**
 * section = "[" [section-spec] "]", section-binary = "[" [section-part] "]" and
 * partial = "<" number64 "." nz-number64 ">" (RFC 9051 section 9 and 6.4.5, RFC 3516).
 */
import { isDigit } from '../charclass.js';
import type { Cursor } from '../cursor.js';
import type { PartialRange, SectionSpec } from '../types/fetch.js';

/** section-part = nz-number *("." nz-number); stops before a "." that is not followed by a digit. */
function sectionPart(c: Cursor): number[] {
  const part: number[] = [];
  if (!isDigit(c.peek())) return part;
  part.push(c.nzNumber());
  while (c.peek() === 0x2e && isDigit(c.peek(1))) {
    c.skip(1);
    part.push(c.nzNumber());
  }
  return part;
}

export function readSection(c: Cursor): SectionSpec {
  c.expect('[');
  const part = sectionPart(c);
  if (c.tryChar(']')) return { part, kind: 'full' };
  if (part.length > 0) c.expect('.');
  const word = c.keyword();
  let section: SectionSpec;
  switch (word) {
    case 'HEADER':
      section = { part, kind: 'header' };
      break;
    case 'TEXT':
      section = { part, kind: 'text' };
      break;
    case 'MIME':
      // section-text allows MIME only after a part number.
      if (part.length === 0) c.fail('MIME needs a part number');
      section = { part, kind: 'mime' };
      break;
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT': {
      c.sp();
      const fields = c.parenList(() => c.astring());
      section = { part, kind: word === 'HEADER.FIELDS' ? 'header.fields' : 'header.fields.not', fields };
      break;
    }
    default:
      return c.fail(`unknown section ${word}`);
  }
  c.expect(']');
  return section;
}

/** section-binary = "[" [section-part] "]". */
export function readBinarySection(c: Cursor): number[] {
  c.expect('[');
  const part = sectionPart(c);
  c.expect(']');
  return part;
}

/** [partial], when "<" comes next. */
export function readPartial(c: Cursor): PartialRange | undefined {
  if (!c.tryChar('<')) return undefined;
  const origin = c.number64();
  c.expect('.');
  const length = c.nzNumber64();
  c.expect('>');
  return { origin, length };
}
