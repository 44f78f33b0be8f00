/**
 * The quoted-printable decoder (RFC 2045 6.7) byte by byte: whitespace before line ends, soft
 * breaks, broken escapes, and the same output however the body is split into chunks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TransferDecoder } from '../../src/mime/transfer-decoder.js';

/** Decodes `body` fed in pieces of `chunk` bytes; also checks that counting mode agrees. */
function decodeQp(body: Buffer, chunk = body.length || 1): Buffer {
  const decoder = new TransferDecoder('quoted-printable');
  const counter = new TransferDecoder('quoted-printable');
  const pieces: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunk) {
    const end = Math.min(body.length, at + chunk);
    const out = Buffer.alloc(decoder.maxOutput(end - at));
    pieces.push(out.subarray(0, decoder.feed(body, at, end, out)));
    counter.feed(body, at, end);
  }
  const tail = Buffer.alloc(decoder.maxOutput(0));
  pieces.push(tail.subarray(0, decoder.finish(tail)));
  counter.finish();
  const decoded = Buffer.concat(pieces);
  assert.equal(counter.size, decoded.length, 'counting mode gives the decoded size');
  assert.equal(decoder.size, decoded.length);
  return decoded;
}

const cases: [string, string][] = [
  ['plain text', 'plain text'],
  ['trailing  \t \r\nnext', 'trailing\r\nnext'],
  ['bare LF end \t\nnext', 'bare LF end\nnext'],
  ['inner  \t spaces kept', 'inner  \t spaces kept'],
  ['soft =\r\nbreak', 'soft break'],
  ['soft with padding= \t\r\nbreak', 'soft with paddingbreak'],
  ['caf=E9 and =c3=a8', 'caf\xe9 and \xc3\xa8'],
  ['broken =G1 =4 =', 'broken =G1 =4 ='],
  ['equals at the end=', 'equals at the end='],
  ['space before escape =20=20\r\n', 'space before escape   \r\n'],
  ['whitespace at the very end   ', 'whitespace at the very end'],
];

test('quoted-printable examples decode as RFC 2045 6.7 says, in every chunking', () => {
  for (const [input, expected] of cases) {
    for (const chunk of [1, 2, 3, 7, 1000]) {
      assert.equal(decodeQp(Buffer.from(input, 'latin1'), chunk).toString('latin1'), expected, `${JSON.stringify(input)} in pieces of ${chunk}`);
    }
  }
});

test('a whitespace run longer than the held-back limit is kept in full', () => {
  const run = ' '.repeat(2_500);
  assert.equal(decodeQp(Buffer.from(`a${run}b\r\n`)).toString(), `a${run}b\r\n`);
  assert.equal(decodeQp(Buffer.from(`a${run}b\r\n`), 100).toString(), `a${run}b\r\n`);
});

test('property: the output does not depend on how the body is split', () => {
  const byte = fc.constantFrom(...Buffer.from('=  \t\r\n\r\nAaF09z_.'));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (bytes, chunk) => {
      const body = Buffer.from(bytes);
      assert.deepEqual(decodeQp(body, chunk), decodeQp(body));
    }),
    { numRuns: 500 },
  );
});
