/** BINARY (RFC 3516): decoding, decoded sizes known from the index, unknown encodings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { indexMessage, binaryInfo, createBinaryDecoder, decodeBody, sectionBytes, resolveSection } from '../../src/mime/index.js';

function crlf(...lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const DATA = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff));

const MSG = crlf(
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  DATA.toString('base64').replace(/.{76}/g, '$&\r\n'),
  '--b',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: Quoted-Printable',
  '',
  'Caf=E9 cr=C3=A8me   ',
  'soft=',
  ' break=3D',
  '--b',
  'Content-Type: application/x-thing',
  'Content-Transfer-Encoding: x-uuencode',
  '',
  'begin 644 x',
  '--b',
  'Content-Type: text/plain',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Grüße',
  '--b--',
);
const IX = indexMessage(MSG);

async function streamDecode(kind: Parameters<typeof createBinaryDecoder>[0], bytes: Buffer, chunk: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return buffer(Readable.from(chunks).pipe(createBinaryDecoder(kind)));
}

test('base64 decodes to the original bytes, with BINARY.SIZE from the index', async () => {
  const info = binaryInfo(IX, [1]);
  assert.ok(info !== null);
  assert.equal(info.encoding, 'base64');
  assert.equal(info.decodedSize, DATA.length);
  const body = MSG.subarray(info.range.start, info.range.end);
  for (const chunk of [1, 3, 77, 4096]) assert.deepEqual(await streamDecode('base64', body, chunk), DATA);
});

test('quoted-printable: escapes, soft line breaks, trailing whitespace removed (RFC 2045 6.7)', async () => {
  const info = binaryInfo(IX, [2]);
  assert.ok(info !== null);
  assert.equal(info.encoding, 'quoted-printable');
  const body = MSG.subarray(info.range.start, info.range.end);
  const expected = Buffer.concat([Buffer.from('Caf\xe9 cr', 'latin1'), Buffer.from([0xc3, 0xa8]), Buffer.from('me\r\nsoft break=', 'latin1')]);
  for (const chunk of [1, 2, 5, 100]) assert.deepEqual(await streamDecode('quoted-printable', body, chunk), expected);
  assert.equal(info.decodedSize, expected.length);
});

test('an unknown transfer encoding is reported, not decoded (RFC 3516 UNKNOWN-CTE)', () => {
  const info = binaryInfo(IX, [3]);
  assert.ok(info !== null);
  assert.equal(info.decodable, false);
  assert.equal(info.decodedSize, null);
  assert.throws(() => createBinaryDecoder('unknown'), RangeError);
});

test('identity encodings and the whole message are sent as they are', () => {
  const info = binaryInfo(IX, [4]);
  assert.ok(info !== null);
  assert.equal(info.encoding, 'identity');
  assert.equal(info.decodedSize, Buffer.byteLength('Grüße'));
  const whole = binaryInfo(IX, []);
  assert.deepEqual(whole, { range: { start: 0, end: MSG.length }, encoding: 'identity', decodable: true, decodedSize: MSG.length });
  assert.equal(binaryInfo(IX, [9]), null);
});

test('lenient base64: junk is skipped, data after padding still decodes', () => {
  assert.equal(decodeBody('base64', Buffer.from('SGVs bG8*!\r\n')).toString(), 'Hello');
  assert.equal(decodeBody('base64', Buffer.from('SGk=SGk=')).toString(), 'HiHi');
  assert.equal(decodeBody('base64', Buffer.from('SGVsbA')).toString(), 'Hell');
  assert.equal(decodeBody('base64', Buffer.from('S')).length, 0);
});

test('decoded sizes stored at delivery equal the decoder output for every leaf', () => {
  const walk = (p: typeof IX.root): void => {
    if (p.children.length === 0 && p.encodingKind !== 'unknown') {
      const body = sectionBytes(MSG, { pieces: [{ start: p.bodyStart, end: p.end }], length: p.end - p.bodyStart });
      assert.equal(decodeBody(p.encodingKind, body).length, p.decodedSize);
    }
    p.children.forEach(walk);
  };
  walk(IX.root);
  assert.ok(resolveSection(IX, { part: [1], kind: 'full' }).length > 0);
});
