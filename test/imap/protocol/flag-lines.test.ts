/** FlagLineWriter: the bulk FETCH (UID FLAGS MODSEQ) lines, byte for byte. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlagLineWriter } from '../../../src/imap/protocol/index.js';

const flags = (text: string): string => `FLAGS (${text})`;

test('FlagLineWriter writes each combination of items, numbers of every width', () => {
  const writer = new FlagLineWriter();
  writer.add(1, 1, flags(''), null);
  writer.add(9, 10, flags('\\Seen'), 0);
  writer.add(10, 4294967295, null, 9007199254740991);
  writer.add(100000, null, flags('\\Seen $Work'), null);
  writer.add(7, null, null, 120);
  assert.equal(writer.full, false);
  assert.equal(
    writer.take()!.toString('latin1'),
    [
      '* 1 FETCH (UID 1 FLAGS ())',
      '* 9 FETCH (UID 10 FLAGS (\\Seen) MODSEQ (0))',
      '* 10 FETCH (UID 4294967295 MODSEQ (9007199254740991))',
      '* 100000 FETCH (FLAGS (\\Seen $Work))',
      '* 7 FETCH (MODSEQ (120))',
      '',
    ].join('\r\n'),
  );
  assert.equal(writer.take(), null);
});

test('FlagLineWriter hands out chunks, also for flag lists longer than a chunk', () => {
  const writer = new FlagLineWriter(1024);
  const long = flags(Array.from({ length: 300 }, (_, i) => `keyword${i}`).join(' '));
  writer.add(1, 1, long, null);
  assert.equal(writer.full, true);
  const first = writer.take()!.toString('latin1');
  assert.equal(first, `* 1 FETCH (UID 1 ${long})\r\n`);
  let text = '';
  for (let msn = 1; msn <= 200; msn++) {
    writer.add(msn, msn, flags('\\Seen'), null);
    if (writer.full) text += writer.take()!.toString('latin1');
  }
  text += writer.take()?.toString('latin1') ?? '';
  const lines = text.split('\r\n').slice(0, -1);
  assert.equal(lines.length, 200);
  assert.deepEqual(lines.slice(-2), ['* 199 FETCH (UID 199 FLAGS (\\Seen))', '* 200 FETCH (UID 200 FLAGS (\\Seen))']);
});
