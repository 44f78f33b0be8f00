/**
 * FETCH SP sequence-set SP (ALL / FULL / FAST / fetch-att / "(" fetch-att *(SP fetch-att) ")")
 * [SP "(" fetch-modifier *(SP fetch-modifier) ")"] (RFC 9051 6.4.5, RFC 3501 6.4.5,
 * RFC 4466 fetch-modifier, CONDSTORE/QRESYNC RFC 7162, PREVIEW RFC 8970, SAVEDATE RFC 8514,
 * OBJECTID RFC 8474).
 */
import type { Cursor } from '../cursor.js';
import type { FetchCommand } from '../types/command.js';
import type { FetchItem, SimpleFetchItemKind } from '../types/fetch.js';
import type { CommandHead } from './head.js';
import { readBinarySection, readPartial, readSection } from './section.js';

const SIMPLE = new Set<string>([
  'ENVELOPE',
  'FLAGS',
  'INTERNALDATE',
  'RFC822.SIZE',
  'BODYSTRUCTURE',
  'UID',
  'MODSEQ',
  'SAVEDATE',
  'EMAILID',
  'THREADID',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
]);

const simple = (kind: SimpleFetchItemKind): FetchItem => ({ kind });

/** The macros of RFC 9051 6.4.5. */
const MACROS: Record<string, readonly FetchItem[]> = {
  ALL: [simple('FLAGS'), simple('INTERNALDATE'), simple('RFC822.SIZE'), simple('ENVELOPE')],
  FAST: [simple('FLAGS'), simple('INTERNALDATE'), simple('RFC822.SIZE')],
  FULL: [simple('FLAGS'), simple('INTERNALDATE'), simple('RFC822.SIZE'), simple('ENVELOPE'), simple('BODY')],
};

export function parseFetch(c: Cursor, head: CommandHead): FetchCommand {
  c.sp();
  const sequence = c.sequenceSet();
  c.sp();
  let items: FetchItem[];
  if (c.peek() === 0x28) items = c.parenList(() => fetchAtt(c));
  else {
    const macro = ['ALL', 'FAST', 'FULL'].find((m) => c.tryWord(m));
    items = macro ? [...MACROS[macro]!] : [fetchAtt(c)];
  }

  let changedSince: number | undefined;
  let vanished = false;
  if (c.trySp()) {
    c.parenList(() => {
      const modifier = c.atom().toUpperCase();
      if (modifier === 'CHANGEDSINCE') {
        c.sp();
        changedSince = c.nzNumber64();
      } else if (modifier === 'VANISHED') vanished = true;
      else c.fail(`unknown FETCH modifier ${modifier}`);
    });
  }
  // RFC 7162 3.2.6: VANISHED only in UID FETCH and only with CHANGEDSINCE, else BAD.
  if (vanished && (!head.uid || changedSince === undefined)) c.fail('VANISHED needs UID FETCH with CHANGEDSINCE');
  return { tag: head.tag, name: 'FETCH', uid: head.uid, sequence, items, changedSince, vanished };
}

function fetchAtt(c: Cursor): FetchItem {
  const word = c.keyword('[<');
  if (SIMPLE.has(word)) return simple(word as SimpleFetchItemKind);
  if (word === 'BODY' && c.peek() !== 0x5b) return simple('BODY'); // without a section
  switch (word) {
    case 'BODY':
    case 'BODY.PEEK': {
      const section = readSection(c);
      const partial = readPartial(c);
      return { kind: 'BODY[]', peek: word === 'BODY.PEEK', section, ...(partial ? { partial } : {}) };
    }
    case 'BINARY':
    case 'BINARY.PEEK': {
      const part = readBinarySection(c);
      const partial = readPartial(c);
      return { kind: 'BINARY[]', peek: word === 'BINARY.PEEK', part, ...(partial ? { partial } : {}) };
    }
    case 'BINARY.SIZE':
      return { kind: 'BINARY.SIZE', part: readBinarySection(c) };
    case 'PREVIEW':
      return { kind: 'PREVIEW', lazy: previewModifiers(c) };
    default:
      return c.fail(`unknown FETCH item ${word}`);
  }
}

/**
 * PREVIEW [SP "(" preview-mod *(SP preview-mod) ")"], preview-mod = "LAZY" (RFC 8970 6).
 * Only "(LAZY" after the space makes it a modifier list: "PREVIEW (CHANGEDSINCE 5)" at the
 * end of a FETCH is the command's modifiers.
 */
function previewModifiers(c: Cursor): boolean {
  if (c.peek() !== 0x20 || c.rest(6).toUpperCase() !== ' (LAZY') return false;
  c.sp();
  c.parenList(() => {
    if (!c.tryWord('LAZY')) c.fail('unknown PREVIEW modifier');
  });
  return true;
}
