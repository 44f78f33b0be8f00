/** MimeCache: bounded by bytes, least recently used evicted first. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MimeCache } from '../../src/store/sqlite/mime-cache.js';

const index = (size: number, fill: number): Buffer => Buffer.alloc(size, fill);

test('the cache keeps at most its byte budget, dropping the least recently used', () => {
  const cache = new MimeCache(1000);
  for (let id = 1; id <= 10; id++) cache.set(id, index(50, id));
  assert.equal(cache.byteSize, 500);
  assert.deepEqual(cache.get(1), index(50, 1));
  for (let id = 11; id <= 20; id++) cache.set(id, index(50, id));
  assert.equal(cache.byteSize, 1000);
  cache.set(21, index(50, 21));
  assert.ok(cache.byteSize <= 1000);
  assert.equal(cache.get(2), undefined, 'the oldest unused entry went first');
  assert.deepEqual(cache.get(1), index(50, 1), 'a recently read entry stays');
  assert.deepEqual(cache.get(21), index(50, 21));
});

test('an index larger than a sixteenth of the budget is not cached; replacing keeps the count right', () => {
  const cache = new MimeCache(1600);
  cache.set(1, index(101, 1));
  assert.equal(cache.get(1), undefined);
  cache.set(2, index(100, 2));
  cache.set(2, index(80, 3));
  assert.equal(cache.byteSize, 80);
  assert.equal(cache.size, 1);
  assert.deepEqual(cache.get(2), index(80, 3));
});
