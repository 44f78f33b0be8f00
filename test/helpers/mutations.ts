/** Byte-level mutations of valid protocol input, for fuzz tests (fast-check arbitraries). */

import fc from 'fast-check';

export type Mutation =
  | { op: 'flip'; at: number; value: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number };

/** Mutations whose new bytes come from `byte`. */
export function mutationOf(byte: fc.Arbitrary<number>): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ op: fc.constant<'flip'>('flip'), at: fc.nat(), value: byte }),
    fc.record({ op: fc.constant<'delete'>('delete'), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ op: fc.constant<'insert'>('insert'), at: fc.nat(), bytes: fc.array(byte, { minLength: 1, maxLength: 6 }) }),
    fc.record({ op: fc.constant<'duplicate'>('duplicate'), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant<'truncate'>('truncate'), at: fc.nat() }),
  );
}

/** Applies the mutations in order (positions wrap around the current length). */
export function mutate(input: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = [...input];
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.op === 'flip') bytes[at] = m.value;
    else if (m.op === 'delete') bytes.splice(at, m.length);
    else if (m.op === 'insert') bytes.splice(at, 0, ...m.bytes);
    else if (m.op === 'duplicate') bytes.splice(at, 0, ...bytes.slice(at, at + m.length));
    else bytes = bytes.slice(0, at);
  }
  return Buffer.from(bytes);
}
