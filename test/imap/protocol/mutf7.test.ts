import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMailboxName,
  decodeMutf7,
  encodeMailboxName,
  encodeMutf7,
  MailboxNameError,
  Mutf7Error,
  normalizeInbox,
  validateMailboxName,
} from '../../../src/imap/protocol/index.js';
import { MAX_MAILBOX_DEPTH, MAX_MAILBOX_NAME_BYTES } from '../../../src/limits.js';

test('mUTF-7: the RFC 3501 / 9051 examples', () => {
  assert.equal(encodeMutf7('~peter/mail/台北/日本語'), '~peter/mail/&U,BTFw-/&ZeVnLIqe-');
  assert.equal(decodeMutf7('~peter/mail/&U,BTFw-/&ZeVnLIqe-'), '~peter/mail/台北/日本語');
  assert.equal(encodeMutf7('Entwürfe'), 'Entw&APw-rfe');
  assert.equal(encodeMutf7('A&B'), 'A&-B');
  assert.equal(decodeMutf7('A&-B'), 'A&B');
  assert.equal(encodeMutf7('😀'), '&2D3eAA-');
  assert.equal(decodeMutf7('&2D3eAA-'), '😀');
  assert.equal(encodeMutf7('tab\there'), 'tab&AAk-here');
  assert.equal(encodeMutf7(''), '');
});

test('mUTF-7: strict decoding reports every non-canonical or broken form', () => {
  for (const bad of [
    '&Jjo!', // unterminated (RFC 9051 A.1 example)
    '&U,BTFw-&ZeVnLIqe-', // adjacent encoded runs: a null shift
    '&AGE-', // "a" must not be encoded
    '&ACY-', // neither may "&"
    '&AOl-', // non-zero padding bits
    '&,-', // no complete code unit
    '&A#-', // not base64
    '&2D0-', // lone high surrogate
    '&3gA-', // lone low surrogate
    'Entwürfe', // 8-bit is never direct
    'line\nfeed',
  ]) {
    assert.throws(() => decodeMutf7(bad), Mutf7Error, bad);
  }
  assert.equal(decodeMutf7('&AOkA6Q-'), 'éé');
  assert.equal(decodeMutf7('&AOk-&-'), 'é&'); // "&-" after a run is an ampersand, not a null shift
});

test('mailbox names: INBOX in any case, also as the first level', () => {
  assert.equal(normalizeInbox('inbox'), 'INBOX');
  assert.equal(normalizeInbox('InBoX/Sub'), 'INBOX/Sub');
  assert.equal(normalizeInbox('INBOXes'), 'INBOXes');
  assert.equal(normalizeInbox('Archive/inbox'), 'Archive/inbox');
  assert.equal(normalizeInbox('inbox.x', '.'), 'INBOX.x');
});

test('mailbox names: wire <-> store, by session mode (RFC 9051 5.1, RFC 6855 3)', () => {
  assert.equal(decodeMailboxName('Entw&APw-rfe', { utf8: false }), 'Entwürfe');
  assert.equal(decodeMailboxName('inbox/&U,BTFw-', { utf8: false }), 'INBOX/台北');
  assert.equal(decodeMailboxName('Entwürfe', { utf8: true }), 'Entwürfe');
  assert.equal(decodeMailboxName('A&B', { utf8: true }), 'A&B', 'no mUTF-7 under UTF-8');
  assert.equal(decodeMailboxName('Entwu\u0308rfe', { utf8: true }), 'Entwürfe', 'NFC');
  assert.throws(() => decodeMailboxName('Entwürfe', { utf8: false }), (e: unknown) => e instanceof MailboxNameError && e.reason === 'not-ascii');
  assert.throws(() => decodeMailboxName('&Jjo!', { utf8: false }), (e: unknown) => e instanceof MailboxNameError && e.reason === 'mutf7');
  assert.equal(encodeMailboxName('Entwürfe', { utf8: false }), 'Entw&APw-rfe');
  assert.equal(encodeMailboxName('Entwürfe', { utf8: true }), 'Entwürfe');
});

test('mailbox names: validation, each reason', () => {
  validateMailboxName('INBOX/Work/2024 Projects');
  validateMailboxName('x'.repeat(MAX_MAILBOX_NAME_BYTES));
  validateMailboxName(Array(MAX_MAILBOX_DEPTH).fill('a').join('/'));
  const reasons: Array<[string, string]> = [
    ['', 'empty'],
    ['x'.repeat(MAX_MAILBOX_NAME_BYTES + 1), 'too-long'],
    ['ä'.repeat(MAX_MAILBOX_NAME_BYTES / 2 + 1), 'too-long'],
    [Array(MAX_MAILBOX_DEPTH + 1).fill('a').join('/'), 'too-deep'],
    ['a\tb', 'control-char'],
    ['a\u0085b', 'control-char'],
    ['a*', 'wildcard'],
    ['50%', 'wildcard'],
    ['a//b', 'empty-level'],
    ['/a', 'empty-level'],
    ['a/', 'empty-level'],
  ];
  for (const [name, reason] of reasons) {
    assert.throws(() => validateMailboxName(name), (e: unknown) => e instanceof MailboxNameError && e.reason === reason, reason);
  }
});
