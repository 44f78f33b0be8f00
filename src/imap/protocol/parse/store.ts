/**
 * STORE SP sequence-set [SP "(" store-modifier ")"] SP store-att-flags (RFC 9051 6.4.6,
 * RFC 4466 store-modifier, UNCHANGEDSINCE RFC 7162 3.1.3):
 * store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag))).
 */
import type { Cursor } from '../cursor.js';
import type { StoreCommand } from '../types/command.js';
import type { CommandHead } from './head.js';

const ACTIONS: Record<string, StoreCommand['action']> = { FLAGS: 'replace', '+FLAGS': 'add', '-FLAGS': 'remove' };

export function parseStore(c: Cursor, head: CommandHead): StoreCommand {
  c.sp();
  const sequence = c.sequenceSet();
  c.sp();
  let unchangedSince: number | undefined;
  if (c.peek() === 0x28) {
    c.parenList(() => {
      const modifier = c.atom().toUpperCase();
      // RFC 7162 3.1.3: only a single UNCHANGEDSINCE.
      if (modifier !== 'UNCHANGEDSINCE' || unchangedSince !== undefined) {
        c.fail(`unknown or repeated STORE modifier ${modifier}`);
      }
      c.sp();
      unchangedSince = c.number64();
    });
    c.sp();
  }
  let word = c.atom().toUpperCase();
  const silent = word.endsWith('.SILENT');
  if (silent) word = word.slice(0, -'.SILENT'.length);
  const action = Object.hasOwn(ACTIONS, word) ? ACTIONS[word]! : c.fail(`expected FLAGS, +FLAGS or -FLAGS`);
  c.sp();
  let flags: string[];
  if (c.peek() === 0x28) flags = c.flagList();
  else {
    flags = [c.flag()];
    while (c.trySp()) flags.push(c.flag());
  }
  return { tag: head.tag, name: 'STORE', uid: head.uid, sequence, action, silent, flags, unchangedSince };
}
