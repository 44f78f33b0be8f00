import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compactNumbers,
  expandSequenceSet,
  formatRanges,
  formatRuns,
  formatSequenceSet,
  ImapParseError,
  mergeRanges,
  normalizeSequenceSet,
  parseSequenceSet,
  rangesContain,
  SequenceSetTooLargeError,
} from '../../../src/imap/protocol/index.js';
import { seq } from './helpers.js';

test('sequence set: parse and format', () => {
  assert.deepEqual(parseSequenceSet('2,4:7,9,12:*'), seq([2], [4, 7], [9], [12, '*']));
  assert.deepEqual(parseSequenceSet('*:4'), seq(['*', 4]));
  assert.deepEqual(parseSequenceSet('$'), { kind: 'saved' });
  assert.equal(formatSequenceSet(parseSequenceSet('2,4:7,9,12:*')), '2,4:7,9,12:*');
  assert.equal(formatSequenceSet({ kind: 'saved' }), '$');
  assert.deepEqual(parseSequenceSet('000000000001:0004294967295'), seq([1, 4294967295]));
  for (const bad of ['', '0', '1:0', '1,', ',1', '1::2', '1:2:3', 'a', '$,1', '1,$', '1 ', '-1', '4294967296']) {
    assert.throws(() => parseSequenceSet(bad), ImapParseError, bad);
  }
  assert.throws(() => parseSequenceSet('1:*', { allowStar: false }), ImapParseError);
  assert.throws(() => parseSequenceSet('$', { allowSaved: false }), ImapParseError);
});

test('sequence set: normalise with * (RFC 9051: 2:4 and 4:2 are the same; * is the highest)', () => {
  // RFC 9051 section 9 example: 2,4:7,9,12:* of 15 messages
  assert.deepEqual(normalizeSequenceSet(parseSequenceSet('2,4:7,9,12:*'), 15), [[2, 2], [4, 7], [9, 9], [12, 15]]);
  // *:4,5:7 of 10 messages is 4..10
  assert.deepEqual(normalizeSequenceSet(parseSequenceSet('*:4,5:7'), 10), [[4, 10]]);
  // UID 3291:* includes the last UID even when it is lower
  assert.deepEqual(normalizeSequenceSet(parseSequenceSet('3291:*'), 100), [[100, 3291]]);
  assert.deepEqual(normalizeSequenceSet(parseSequenceSet('*'), 0), []);
  assert.deepEqual(normalizeSequenceSet(parseSequenceSet('1:*'), 0), [[1, 1]]);
  assert.deepEqual(normalizeSequenceSet({ kind: 'saved' }, 9, [[5, 6], [1, 2], [3, 3]]), [[1, 3], [5, 6]]);
  assert.deepEqual(mergeRanges([[5, 9], [1, 3], [4, 4], [20, 21], [8, 12]]), [[1, 12], [20, 21]]);
});

test('sequence set: membership, expansion with a bound', () => {
  const ranges = normalizeSequenceSet(parseSequenceSet('1:3,10,20:30'), 99);
  for (const n of [1, 2, 3, 10, 20, 25, 30]) assert.equal(rangesContain(ranges, n), true, String(n));
  for (const n of [0, 4, 9, 11, 19, 31, 1000]) assert.equal(rangesContain(ranges, n), false, String(n));
  assert.deepEqual(expandSequenceSet(parseSequenceSet('5:3,1,4'), 9), [1, 3, 4, 5]);
  assert.equal(expandSequenceSet(parseSequenceSet('1:*'), 100_000).length, 100_000);
  assert.throws(() => expandSequenceSet(parseSequenceSet('1:4294967295'), 1), SequenceSetTooLargeError);
  assert.throws(() => expandSequenceSet(parseSequenceSet('1:11'), 1, [], 10), SequenceSetTooLargeError);
});

test('sequence set: compact rendering of UID lists', () => {
  assert.equal(compactNumbers([9, 1, 2, 3, 4, 5, 7, 10, 11, 12, 3]), '1:5,7,9:12');
  assert.equal(compactNumbers([]), '');
  assert.equal(compactNumbers([42]), '42');
  assert.equal(formatRanges([[1, 1], [3, 9]]), '1,3:9');
  // COPYUID order is kept: no sorting, only ascending runs joined
  assert.equal(formatRuns([304, 319, 320]), '304,319:320');
  assert.equal(formatRuns([5, 6, 7, 1, 2]), '5:7,1:2');
});
