/**
 * ENVELOPE / BODYSTRUCTURE answered from the stored index, for each session form: IMAP4rev2 or
 * UTF8=ACCEPT (the pre-rendered bytes), a session without UTF-8 (RFC 6855 section 3: RFC 2231 /
 * RFC 2047 downgrade), and IMAP4rev1 (message/global as a basic body).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  indexMessage,
  encodeIndex,
  decodeIndex,
  encodedBodystructure,
  encodedEnvelope,
  renderBodystructure,
  renderEnvelope,
  renderImapValue,
} from '../../src/mime/index.js';

const MSG = Buffer.from(
  [
    'From: Jörg <j@example.de>',
    'Subject: Grüße',
    'Content-Type: multipart/mixed; boundary=b',
    '',
    '--b',
    "Content-Type: text/plain; charset=utf-8; name*=utf-8''r%C3%A9sum%C3%A9.txt",
    'Content-Description: Lebenslauf für Jörg',
    '',
    'x',
    '--b',
    'Content-Type: message/global',
    '',
    'Subject: ünïcode',
    '',
    'inner',
    '--b--',
    '',
  ].join('\r\n'),
);
const IX = indexMessage(MSG);

test('8-bit flags and the pre-rendered bytes are served as they are for UTF-8 sessions', () => {
  assert.equal(IX.rendered.has8bit, true);
  assert.equal(IX.rendered.hasGlobal, true);
  assert.equal(renderBodystructure(IX, true, { utf8: true, rev2: true }), IX.rendered.bodystructure);
  assert.equal(renderEnvelope(IX, { utf8: true, rev2: false }), IX.rendered.envelope);
  const enc = encodeIndex(IX);
  assert.deepEqual(encodedBodystructure(enc, true), { bytes: IX.rendered.bodystructure, has8bit: true, hasGlobal: true });
  assert.deepEqual(encodedEnvelope(enc), { bytes: IX.rendered.envelope, has8bit: true });
});

test('a session without UTF-8 gets RFC 2231 parameters and RFC 2047 words, all 7-bit', () => {
  const bs = renderBodystructure(IX, true, { utf8: false, rev2: true }).toString('latin1');
  assert.match(bs, /"name\*" "utf-8''r%C3%A9sum%C3%A9\.txt"/);
  assert.match(bs, /"=\?utf-8\?b\?[A-Za-z0-9+/=]+\?="/);
  assert.ok(!/[\x80-\xff]/.test(bs));
  const env = renderEnvelope(IX, { utf8: false, rev2: true }).toString('latin1');
  assert.ok(!/[\x80-\xff]/.test(env));
  assert.match(env, /^\(NIL "=\?utf-8\?b\?R3LDvMOfZQ==\?="/);
});

test('IMAP4rev1 sees message/global as a basic body (RFC 3501 has no MESSAGE/GLOBAL form)', () => {
  const rev2 = renderBodystructure(IX, false, { utf8: true, rev2: true }).toString();
  const rev1 = renderBodystructure(IX, false, { utf8: true, rev2: false }).toString();
  assert.match(rev2, /\("message" "global" NIL NIL NIL "7bit" \d+ \(NIL/);
  assert.match(rev1, /\("message" "global" NIL NIL NIL "7bit" \d+\)/);
});

test('a 7-bit message is always served from the stored bytes', () => {
  const ix = decodeIndex(encodeIndex(indexMessage(Buffer.from('Subject: plain\r\n\r\nbody\r\n'))));
  assert.equal(ix.rendered.has8bit, false);
  assert.equal(renderBodystructure(ix, true, { utf8: false, rev2: false }), ix.rendered.bodystructure);
  assert.equal(renderBodystructure(ix, true).toString(), '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL NIL)');
  assert.equal(renderBodystructure(ix, false).toString(), '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1)');
});

test('renderImapValue: quoting, escaping, literals for 8-bit, CR/LF and raw bytes, NUL replaced', () => {
  assert.equal(renderImapValue([null, 5, 'a "q" \\', { concat: [['x'], ['y']] }]).toString(), '(NIL 5 "a \\"q\\" \\\\" ("x")("y"))');
  assert.equal(renderImapValue('é').toString('utf8'), '{2}\r\né');
  assert.equal(renderImapValue('a\r\nb').toString(), '{4}\r\na\r\nb');
  assert.deepEqual(renderImapValue(Buffer.from([0x41, 0xe9])), Buffer.from('{2}\r\nA\xe9', 'latin1'));
  assert.deepEqual(renderImapValue(Buffer.from([0x41, 0x00])), Buffer.from('{4}\r\nA\uFFFD', 'utf8'));
  assert.equal(renderImapValue('x'.repeat(2000)).subarray(0, 8).toString(), '{2000}\r\n');
});
