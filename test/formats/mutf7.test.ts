import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMutf7, encodeMutf7, Mutf7Error, tryDecodeMutf7 } from '../../src/formats/mutf7.js';

test('mutf7: known encodings (RFC 3501 5.1.3 and Dovecot folder names)', () => {
  const pairs: Array<[string, string]> = [
    ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
    ['Été', '&AMk-t&AOk-'],
    ['&', '&-'],
    ['Tom & Jerry', 'Tom &- Jerry'],
    ['Entwürfe', 'Entw&APw-rfe'],
    ['Отправленные', '&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-'],
    ['😀 smile', '&2D3eAA- smile'],
    ['', ''],
    ['plain ASCII ~!@#$%^*()', 'plain ASCII ~!@#$%^*()'],
  ];
  for (const [text, encoded] of pairs) {
    assert.equal(encodeMutf7(text), encoded, text);
    assert.equal(decodeMutf7(encoded), text, encoded);
  }
});

test('mutf7: invalid input is refused', () => {
  for (const bad of ['&AMk', 'caf\u00e9', '&A-', '&AMk!-', '&2D0-', '&3gA-', 'tab\there']) {
    assert.throws(() => decodeMutf7(bad), Mutf7Error, bad);
    assert.equal(tryDecodeMutf7(bad), null);
  }
});

test('mutf7: random strings survive encode -> decode', () => {
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = ['a', 'Z', '&', '-', ' ', '.', '/', '~', 'é', 'ß', '€', '日', '😀', '\u0001', ','];
  for (let i = 0; i < 500; i++) {
    let text = '';
    for (let n = random(12); n > 0; n--) text += alphabet[random(alphabet.length)];
    const encoded = encodeMutf7(text);
    assert.match(encoded, /^[\x20-\x7e]*$/);
    assert.equal(decodeMutf7(encoded), text);
  }
});
