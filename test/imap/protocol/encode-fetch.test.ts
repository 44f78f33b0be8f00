/** FETCH responses: every item, ENVELOPE and BODYSTRUCTURE (RFC 3501 examples), streaming. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFetch, type FetchValue } from '../../../src/imap/protocol/index.js';

const rev1 = { utf8: false };

function one(values: readonly FetchValue[], options = rev1): string {
  const segments = encodeFetch(1, values, options);
  assert.equal(segments.length, 1);
  return (segments[0] as Buffer).toString('utf8');
}

// ENVELOPE and BODY arrive rendered by the MIME engine (src/mime, with its own golden tests);
// the encoder copies them into the response.
const ENVELOPE =
  '("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
  '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
  '"<B27397-0100000@cac.washington.edu>")';
const BODY = '("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92)';

test('encode FETCH: the RFC 3501 6.4.5 example', () => {
  assert.equal(
    one([
      { kind: 'FLAGS', flags: ['\\Seen'] },
      { kind: 'INTERNALDATE', date: new Date('1996-07-17T09:44:25Z'), offsetMinutes: -420 },
      { kind: 'RFC822.SIZE', size: 4286 },
      { kind: 'ENVELOPE', rendered: Buffer.from(ENVELOPE) },
      { kind: 'BODY', rendered: Buffer.from(BODY) },
    ]),
    '* 1 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ' +
      'ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
      '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
      '"<B27397-0100000@cac.washington.edu>") ' +
      'BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))\r\n',
  );
});

test('encode FETCH: the other items', () => {
  const date = new Date('2024-03-01T12:00:00Z');
  assert.equal(
    one([
      { kind: 'UID', uid: 4827313 },
      { kind: 'MODSEQ', modseq: 12121231000 },
      { kind: 'EMAILID', id: 'M6d99ac3275bb4e' },
      { kind: 'THREADID', id: null },
      { kind: 'THREADID', id: 'T64b478a75b7ea9' },
      { kind: 'SAVEDATE', date },
      { kind: 'SAVEDATE', date: null },
      { kind: 'PREVIEW', text: 'Hello there' },
      { kind: 'PREVIEW', text: null },
      { kind: 'BINARY.SIZE', part: [1, 2], size: 1234 },
      { kind: 'FLAGS', flags: [] },
    ]),
    '* 1 FETCH (UID 4827313 MODSEQ (12121231000) EMAILID (M6d99ac3275bb4e) THREADID NIL THREADID (T64b478a75b7ea9) ' +
      'SAVEDATE "01-Mar-2024 12:00:00 +0000" SAVEDATE NIL PREVIEW "Hello there" PREVIEW NIL BINARY.SIZE[1.2] 1234 FLAGS ())\r\n',
  );
});

test('encode FETCH: sections with bytes in hand', () => {
  assert.equal(
    one([
      { kind: 'BODY[]', section: { part: [], kind: 'full' }, content: { kind: 'bytes', data: Buffer.from('Hi\r\n') } },
      { kind: 'BODY[]', section: { part: [1, 2], kind: 'mime' }, origin: 5, content: { kind: 'bytes', data: Buffer.from('abc') } },
      {
        kind: 'BODY[]',
        section: { part: [], kind: 'header.fields', fields: ['From', 'X Odd'] },
        content: { kind: 'bytes', data: Buffer.from('From: a\r\n\r\n') },
      },
      { kind: 'BODY[]', section: { part: [9], kind: 'full' }, content: { kind: 'nil' } },
      { kind: 'BINARY[]', part: [1], content: { kind: 'bytes', data: Buffer.from('a\0b') } },
      { kind: 'BINARY[]', part: [2], origin: 0, content: { kind: 'bytes', data: Buffer.from('plain') } },
      { kind: 'RFC822.HEADER', content: { kind: 'bytes', data: Buffer.from('') } },
    ]),
    '* 1 FETCH (BODY[] {4}\r\nHi\r\n BODY[1.2.MIME]<5> "abc" BODY[HEADER.FIELDS (From "X Odd")] {11}\r\nFrom: a\r\n\r\n ' +
      'BODY[9] NIL BINARY[1] ~{3}\r\na\0b BINARY[2]<0> "plain" RFC822.HEADER "")\r\n',
  );
});

test('encode FETCH: large sections leave a slot for the session to stream', () => {
  type Src = { blob: string; offset: number };
  const segments = encodeFetch<Src>(
    7,
    [
      { kind: 'UID', uid: 99 },
      { kind: 'BODY[]', section: { part: [], kind: 'full' }, content: { kind: 'stream', length: 50_000_000, source: { blob: 'b1', offset: 0 } } },
      { kind: 'BINARY[]', part: [2], origin: 100, content: { kind: 'stream', length: 10, source: { blob: 'b1', offset: 900 } } },
      { kind: 'FLAGS', flags: ['\\Seen'] },
    ],
    rev1,
  );
  assert.equal(segments.length, 5);
  assert.equal((segments[0] as Buffer).toString(), '* 7 FETCH (UID 99 BODY[] {50000000}\r\n');
  assert.deepEqual(segments[1], { kind: 'stream', length: 50_000_000, source: { blob: 'b1', offset: 0 } });
  assert.equal((segments[2] as Buffer).toString(), ' BINARY[2]<100> ~{10}\r\n');
  assert.deepEqual(segments[3], { kind: 'stream', length: 10, source: { blob: 'b1', offset: 900 } });
  assert.equal((segments[4] as Buffer).toString(), ' FLAGS (\\Seen))\r\n');
});
