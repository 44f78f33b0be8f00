/** parse(encode(x)) == x, for strings, sequence sets, mUTF-7, dates, sections, search keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { frameOf } from '../../../src/wire/index.js';
import {
  compactNumbers,
  decodeMutf7,
  encodeMutf7,
  expandSequenceSet,
  formatDate,
  formatDateTime,
  formatSequenceSet,
  Mutf7Error,
  parseCommand,
  parseSequenceSet,
  ResponseBuilder,
  writeSection,
  type ImapCommand,
  type SearchKey,
  type SectionSpec,
  type SequenceSet,
} from '../../../src/imap/protocol/index.js';

/** PROPERTY_RUNS=20000 for a deeper run by hand. */
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };
/** Plain objects, so deepStrictEqual compares them with the parser's. */
const NO_NULL_PROTO = { noNullPrototype: true } as const;

/** Strings IMAP can carry: well-formed Unicode without NUL (CHAR8 excludes it). */
const imapString = fc
  .string({ unit: 'binary', maxLength: 40 })
  .filter((s) => !s.includes('\0') && Buffer.from(s, 'utf8').toString('utf8') === s);

function render(write: (b: ResponseBuilder) => void, utf8: boolean): string {
  const b = new ResponseBuilder({ utf8 });
  write(b);
  return b.take().toString('utf8');
}

const parseLine = (line: string): ImapCommand => parseCommand(frameOf(line + '\r\n'));

test('property: astring and string survive encode -> receive -> parse', () => {
  fc.assert(
    fc.property(imapString, imapString, fc.boolean(), (user, pass, utf8) => {
      const line = `a LOGIN ${render((b) => b.astring(user), utf8)} ${render((b) => b.string(pass), utf8)}`;
      const cmd = parseLine(line);
      assert.deepEqual(cmd, { tag: 'a', name: 'LOGIN', username: user, password: pass });
    }),
    RUNS,
  );
});

const seqNumber = fc.oneof(fc.integer({ min: 1, max: 0xffffffff }), fc.constant<'*'>('*'));
const sequenceSet: fc.Arbitrary<SequenceSet> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<SequenceSet>({ kind: 'saved' }) },
  {
    weight: 9,
    arbitrary: fc
      .array(fc.tuple(seqNumber, fc.option(seqNumber, { nil: undefined })), { minLength: 1, maxLength: 12 })
      .map((pairs): SequenceSet => ({ kind: 'ranges', ranges: pairs.map(([from, to]) => ({ from, to: to ?? from })) })),
  },
);

test('property: sequence sets format and parse back', () => {
  fc.assert(
    fc.property(sequenceSet, (set) => {
      assert.deepEqual(parseSequenceSet(formatSequenceSet(set)), set);
    }),
    RUNS,
  );
});

test('property: compact UID lists expand back to the sorted distinct UIDs', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 100 }), (uids) => {
      const text = compactNumbers(uids);
      const expected = [...new Set(uids)].sort((x, y) => x - y);
      assert.deepEqual(expandSequenceSet(parseSequenceSet(text), 0), expected);
    }),
    RUNS,
  );
});

test('property: mUTF-7 round trips, and every accepted name is canonical', () => {
  fc.assert(
    fc.property(imapString, (name) => {
      const wire = encodeMutf7(name);
      assert.match(wire, /^[\x20-\x7e]*$/);
      assert.equal(decodeMutf7(wire), name);
    }),
    RUNS,
  );
  // Random wire text rich in "&", "-" and base64: refused, or the one encoding of its name.
  const wireChar = fc.constantFrom(...'&&&---AaBbZz09+,.x/ ~'.split(''));
  fc.assert(
    fc.property(fc.string({ unit: wireChar, maxLength: 24 }), (wire) => {
      let name: string;
      try {
        name = decodeMutf7(wire);
      } catch (err) {
        assert.ok(err instanceof Mutf7Error);
        return;
      }
      assert.equal(encodeMutf7(name), wire);
    }),
    { numRuns: 2000 },
  );
});

test('property: date-time (APPEND) and date (SEARCH) round trip', () => {
  const instant = fc.integer({ min: Date.parse('0001-01-02T00:00:00Z'), max: Date.parse('9998-12-31T00:00:00Z') }).map((ms) => new Date(Math.floor(ms / 1000) * 1000));
  const offset = fc.integer({ min: -12 * 60, max: 14 * 60 });
  fc.assert(
    fc.property(instant, offset, (when, offsetMinutes) => {
      const cmd = parseLine(`a APPEND x "${formatDateTime(when, offsetMinutes)}" {0}\r\n`);
      assert.ok(cmd.name === 'APPEND');
      assert.deepEqual(cmd.messages[0]?.internalDate, { instant: when, offsetMinutes });
      const day = { year: when.getUTCFullYear(), month: when.getUTCMonth() + 1, day: when.getUTCDate() };
      const search = parseLine(`a SEARCH ON ${formatDate(day)}`);
      assert.ok(search.name === 'SEARCH');
      assert.deepEqual(search.criteria, [{ kind: 'date', field: 'internal', op: 'on', date: day }]);
    }),
    RUNS,
  );
});

const fieldName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
const partPath = fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 4 });
const section: fc.Arbitrary<SectionSpec> = fc.oneof(
  fc.record({ part: partPath, kind: fc.constantFrom<'full' | 'header' | 'text'>('full', 'header', 'text') }, NO_NULL_PROTO),
  fc.record({ part: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }), kind: fc.constant<'mime'>('mime') }, NO_NULL_PROTO),
  fc.record({
    part: partPath,
    kind: fc.constantFrom<'header.fields' | 'header.fields.not'>('header.fields', 'header.fields.not'),
    fields: fc.array(fieldName, { minLength: 1, maxLength: 5 }),
  }, NO_NULL_PROTO),
);

test('property: a section as echoed in a FETCH response parses back to itself', () => {
  fc.assert(
    fc.property(section, fc.boolean(), (spec, peek) => {
      const name = render((b) => writeSection(b, spec), false);
      const cmd = parseLine(`a FETCH 1 BODY${peek ? '.PEEK' : ''}${name}`);
      assert.ok(cmd.name === 'FETCH');
      assert.deepEqual(cmd.items, [{ kind: 'BODY[]', peek, section: spec }]);
    }),
    RUNS,
  );
});

const FLAG_NAMES: Record<string, [string, string]> = {
  '\\Answered': ['ANSWERED', 'UNANSWERED'],
  '\\Deleted': ['DELETED', 'UNDELETED'],
  '\\Draft': ['DRAFT', 'UNDRAFT'],
  '\\Flagged': ['FLAGGED', 'UNFLAGGED'],
  '\\Seen': ['SEEN', 'UNSEEN'],
};

const searchKey: fc.Arbitrary<SearchKey> = fc.letrec<{ key: SearchKey }>((tie) => ({
  key: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<SearchKey>({ kind: 'all' }),
    fc.record({ kind: fc.constant<'flag'>('flag'), flag: fc.constantFrom(...Object.keys(FLAG_NAMES), '$Junk', 'work'), present: fc.boolean() }, NO_NULL_PROTO),
    fc.record({
      kind: fc.constant<'envelope'>('envelope'),
      field: fc.constantFrom<'from' | 'to' | 'cc' | 'bcc' | 'subject'>('from', 'to', 'cc', 'bcc', 'subject'),
      value: imapString,
    }, NO_NULL_PROTO),
    fc.record({ kind: fc.constant<'header'>('header'), field: fieldName, value: imapString }, NO_NULL_PROTO),
    fc.record({ kind: fc.constant<'size'>('size'), op: fc.constantFrom<'larger' | 'smaller'>('larger', 'smaller'), size: fc.nat() }, NO_NULL_PROTO),
    fc.record({ kind: fc.constant<'uid'>('uid'), set: sequenceSet }, NO_NULL_PROTO),
    fc.record({ kind: fc.constant<'not'>('not'), key: tie('key') }, NO_NULL_PROTO),
    fc.record({ kind: fc.constant<'or'>('or'), left: tie('key'), right: tie('key') }, NO_NULL_PROTO),
    fc.record({ kind: fc.constant<'and'>('and'), keys: fc.array(tie('key'), { minLength: 1, maxLength: 3 }) }, NO_NULL_PROTO),
  ),
})).key;

function renderKey(k: SearchKey): string {
  const s = (v: string): string => render((b) => b.string(v), true);
  switch (k.kind) {
    case 'all':
      return 'ALL';
    case 'flag': {
      const names = FLAG_NAMES[k.flag];
      if (names) return k.present ? names[0] : names[1];
      return `${k.present ? 'KEYWORD' : 'UNKEYWORD'} ${k.flag}`;
    }
    case 'envelope':
      return `${k.field.toUpperCase()} ${s(k.value)}`;
    case 'header':
      return `HEADER ${k.field} ${s(k.value)}`;
    case 'size':
      return `${k.op.toUpperCase()} ${k.size}`;
    case 'uid':
      return `UID ${formatSequenceSet(k.set)}`;
    case 'not':
      return `NOT ${renderKey(k.key)}`;
    case 'or':
      return `OR ${renderKey(k.left)} ${renderKey(k.right)}`;
    case 'and':
      return `(${k.keys.map(renderKey).join(' ')})`;
    default:
      throw new Error(`not generated: ${k.kind}`);
  }
}

test('property: search key trees render and parse back', () => {
  fc.assert(
    fc.property(fc.array(searchKey, { minLength: 1, maxLength: 3 }), (keys) => {
      const cmd = parseLine(`a UID SEARCH ${keys.map(renderKey).join(' ')}`);
      assert.ok(cmd.name === 'SEARCH');
      assert.deepEqual(cmd.criteria, keys);
    }),
    RUNS,
  );
});
