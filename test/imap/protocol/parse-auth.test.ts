/** CAPABILITY NOOP LOGOUT STARTTLS LOGIN AUTHENTICATE ENABLE ID, and the raw-line helpers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIdleDone, parseSaslResponse, ImapParseError } from '../../../src/imap/protocol/index.js';
import { parse, parseFails, table } from './helpers.js';

test('parse: commands without arguments, case-insensitive', () => {
  table([
    ['a CAPABILITY', { tag: 'a', name: 'CAPABILITY' }],
    ['a noop', { tag: 'a', name: 'NOOP' }],
    ['A1 Logout', { tag: 'A1', name: 'LOGOUT' }],
    ['a STARTTLS', { tag: 'a', name: 'STARTTLS' }],
    ['a NAMESPACE', { tag: 'a', name: 'NAMESPACE' }],
    ['a IDLE', { tag: 'a', name: 'IDLE' }],
    ['a CHECK', { tag: 'a', name: 'CHECK' }],
    ['a CLOSE', { tag: 'a', name: 'CLOSE' }],
    ['a UNSELECT', { tag: 'a', name: 'UNSELECT' }],
    ['tag]with.odd-chars$ NOOP', { tag: 'tag]with.odd-chars$', name: 'NOOP' }],
  ]);
  parseFails('a NOOP extra');
  parseFails('a CAPABILITY ');
});

test('parse: LOGIN with atoms, quoted strings and literals', () => {
  table([
    ['a LOGIN fred secret', { tag: 'a', name: 'LOGIN', username: 'fred', password: 'secret' }],
    ['a LOGIN "fred" "se cr\\"et\\\\"', { tag: 'a', name: 'LOGIN', username: 'fred', password: 'se cr"et\\' }],
    ['a LOGIN {4}\r\nfred {6+}\r\nsecret', { tag: 'a', name: 'LOGIN', username: 'fred', password: 'secret' }],
    ['a LOGIN "jörg" "pässwörd"', { tag: 'a', name: 'LOGIN', username: 'jörg', password: 'pässwörd' }],
    ['a LOGIN fred ""', { tag: 'a', name: 'LOGIN', username: 'fred', password: '' }],
  ]);
  parseFails('a LOGIN fred');
  parseFails('a LOGIN fred  secret');
  parseFails('a LOGIN "fred secret');
  parseFails('a LOGIN "fr\\ed" x'); // backslash escapes only " and \
  parseFails('a LOGIN (fred) x');
});

test('parse: AUTHENTICATE with and without an initial response (RFC 4959)', () => {
  const plain = Buffer.from('\0fred\0secret');
  table([
    ['a AUTHENTICATE PLAIN', { tag: 'a', name: 'AUTHENTICATE', mechanism: 'PLAIN', initialResponse: undefined }],
    ['a authenticate plain =', { tag: 'a', name: 'AUTHENTICATE', mechanism: 'PLAIN', initialResponse: Buffer.alloc(0) }],
    [
      `a AUTHENTICATE PLAIN ${plain.toString('base64')}`,
      { tag: 'a', name: 'AUTHENTICATE', mechanism: 'PLAIN', initialResponse: plain },
    ],
  ]);
  parseFails('a AUTHENTICATE PLAIN not*base64');
  parseFails('a AUTHENTICATE PLAIN AGZy=ZWQ');
  parseFails('a AUTHENTICATE PLAIN =abc');
  parseFails('a AUTHENTICATE PLAIN ');
  parseFails('a AUTHENTICATE');
});

test('parse: SASL continuation lines and IDLE DONE', () => {
  assert.deepEqual(parseSaslResponse(Buffer.from('*'), 'a'), { kind: 'cancel' });
  assert.deepEqual(parseSaslResponse(Buffer.from('Zm9v'), 'a'), { kind: 'response', data: Buffer.from('foo') });
  assert.deepEqual(parseSaslResponse(Buffer.from(''), 'a'), { kind: 'response', data: Buffer.alloc(0) });
  assert.throws(() => parseSaslResponse(Buffer.from('Zm9'), 'a7'), (e: unknown) => e instanceof ImapParseError && e.tag === 'a7');
  assert.equal(isIdleDone(Buffer.from('DONE')), true);
  assert.equal(isIdleDone(Buffer.from('done')), true);
  assert.equal(isIdleDone(Buffer.from('DONE ')), false);
  assert.equal(isIdleDone(Buffer.from('a NOOP')), false);
});

test('parse: ENABLE (RFC 5161)', () => {
  table([
    ['a ENABLE CONDSTORE', { tag: 'a', name: 'ENABLE', capabilities: ['CONDSTORE'] }],
    [
      'a enable imap4rev2 utf8=accept QRESYNC',
      { tag: 'a', name: 'ENABLE', capabilities: ['IMAP4REV2', 'UTF8=ACCEPT', 'QRESYNC'] },
    ],
  ]);
  parseFails('a ENABLE');
  parseFails('a ENABLE ');
});

test('parse: ID (RFC 2971)', () => {
  table([
    ['a ID NIL', { tag: 'a', name: 'ID', params: null }],
    ['a ID ()', { tag: 'a', name: 'ID', params: [] }],
    [
      'a ID ("name" "Thunderbird" "version" "115.0" "os" NIL)',
      { tag: 'a', name: 'ID', params: [['name', 'Thunderbird'], ['version', '115.0'], ['os', null]] },
    ],
  ]);
  parseFails('a ID');
  parseFails('a ID ("name")');
  parseFails('a ID (name "x")');
  const many = Array.from({ length: 31 }, (_, i) => `"k${i}" "v"`).join(' ');
  parseFails(`a ID (${many})`, 'too-complex');
  const thirty = parse(`a ID (${Array.from({ length: 30 }, (_, i) => `"k${i}" "v"`).join(' ')})`);
  assert.equal(thirty.name === 'ID' ? thirty.params?.length : 0, 30);
});
