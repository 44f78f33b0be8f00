/**
 * Golden test: every message of the corpus (test/fixtures/mime/*.eml) gives the ENVELOPE,
 * BODYSTRUCTURE and BODY written in its .expected.json (cross-checked against Dovecot, see
 * test/fixtures/mime/DOVECOT.md), whether fed whole or in chunks, and after an
 * encodeIndex/decodeIndex round trip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MimeIndexer, indexMessage, encodeIndex, decodeIndex, encodedBodystructure, encodedEnvelope, type MimeIndex } from '../../src/mime/index.js';
import { expectationOf, type Expectation } from './golden-format.js';

const DIR = new URL('../../../test/fixtures/mime/', import.meta.url).pathname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort();

/** A JSON form of an index in which Buffers compare by content. */
function snapshot(ix: MimeIndex): string {
  return JSON.stringify(ix, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return 'hex:' + Buffer.from((v as { data: number[] }).data).toString('hex');
    }
    return v;
  });
}

test('the corpus has at least 60 messages', () => {
  assert.ok(files.length >= 60, `only ${files.length} messages`);
});

for (const file of files) {
  test(`golden ${file}`, () => {
    const bytes = readFileSync(join(DIR, file));
    const expected = JSON.parse(readFileSync(join(DIR, file.replace(/\.eml$/, '.expected.json')), 'utf8')) as Expectation;
    const ix = indexMessage(bytes);
    assert.deepEqual(expectationOf(ix), expected);

    // Streaming: chunk sizes that split every boundary and line end somewhere.
    const ref = snapshot(ix);
    const sizes = bytes.length > 100_000 ? [4093, 65_536] : [1, 3, 7, 64];
    for (const size of sizes) {
      const m = new MimeIndexer();
      for (let i = 0; i < bytes.length; i += size) m.write(bytes.subarray(i, i + size));
      assert.equal(snapshot(m.finish()), ref, `chunk size ${size}`);
    }

    // Stored form.
    const enc = encodeIndex(ix);
    assert.equal(snapshot(decodeIndex(enc)), ref);
    assert.deepEqual(encodedBodystructure(enc, true).bytes, ix.rendered.bodystructure);
    assert.deepEqual(encodedBodystructure(enc, false).bytes, ix.rendered.body);
    assert.deepEqual(encodedEnvelope(enc).bytes, ix.rendered.envelope);
  });
}
