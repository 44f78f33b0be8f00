/** BODY[section] resolution (RFC 9051 section 6.4.5) and <origin.length> partials. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexMessage, resolveSection, applyPartial, sectionBytes, type SectionSpec } from '../../src/mime/index.js';

function crlf(...lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const MSG = crlf(
  'From: a@example.org',
  'Subject: outer',
  'To: b@example.org',
  'Content-Type: multipart/mixed; boundary="o"',
  '',
  'preamble',
  '--o',
  'Content-Type: text/plain',
  '',
  'part one',
  '--o',
  'Content-Type: message/rfc822',
  '',
  'From: inner@example.org',
  'Subject: inner',
  '',
  'inner body',
  '--o',
  'Content-Type: multipart/alternative; boundary="i"',
  '',
  '--i',
  'Content-Type: text/plain',
  '',
  'alt plain',
  '--i',
  'Content-Type: text/html',
  '',
  '<b>alt html</b>',
  '--i--',
  '--o--',
  '',
);
const IX = indexMessage(MSG);

function get(spec: SectionSpec, msg = MSG, ix = IX): string {
  return sectionBytes(msg, resolveSection(ix, spec)).toString('utf8');
}

test('whole message, HEADER and TEXT', () => {
  assert.equal(get({ part: [], kind: 'full' }), MSG.toString());
  const header = get({ part: [], kind: 'header' });
  assert.ok(header.startsWith('From: a@example.org\r\n'));
  assert.ok(header.endsWith('boundary="o"\r\n\r\n'), 'the blank line belongs to HEADER');
  assert.equal(header + get({ part: [], kind: 'text' }), MSG.toString());
});

test('part numbers of a multipart', () => {
  assert.equal(get({ part: [1], kind: 'full' }), 'part one');
  assert.equal(get({ part: [1], kind: 'mime' }), 'Content-Type: text/plain\r\n\r\n');
  assert.equal(get({ part: [3, 1], kind: 'full' }), 'alt plain');
  assert.equal(get({ part: [3, 2], kind: 'full' }), '<b>alt html</b>');
  assert.equal(get({ part: [3, 2], kind: 'mime' }), 'Content-Type: text/html\r\n\r\n');
});

test('message/rfc822 part: whole inner message, its HEADER, TEXT and part 1', () => {
  assert.equal(get({ part: [2], kind: 'full' }), 'From: inner@example.org\r\nSubject: inner\r\n\r\ninner body');
  assert.equal(get({ part: [2], kind: 'header' }), 'From: inner@example.org\r\nSubject: inner\r\n\r\n');
  assert.equal(get({ part: [2], kind: 'text' }), 'inner body');
  // RFC 9051: 2.1 of a non-multipart encapsulated message is its body.
  assert.equal(get({ part: [2, 1], kind: 'full' }), 'inner body');
  assert.equal(get({ part: [2], kind: 'mime' }), 'Content-Type: message/rfc822\r\n\r\n');
  assert.equal(get({ part: [2], kind: 'header.fields', fields: ['subject'] }), 'Subject: inner\r\n\r\n');
});

test('HEADER.FIELDS and HEADER.FIELDS.NOT keep header order and end with a blank line', () => {
  assert.equal(get({ part: [], kind: 'header.fields', fields: ['TO', 'from'] }), 'From: a@example.org\r\nTo: b@example.org\r\n\r\n');
  assert.equal(get({ part: [], kind: 'header.fields', fields: ['x-none'] }), '\r\n');
  assert.equal(
    get({ part: [], kind: 'header.fields.not', fields: ['subject', 'content-type'] }),
    'From: a@example.org\r\nTo: b@example.org\r\n\r\n',
  );
  const r = resolveSection(IX, { part: [], kind: 'header.fields', fields: ['from', 'subject'] });
  assert.equal(r.pieces.length, 2, 'adjacent fields are one byte range plus the generated CRLF');
});

test('nonexistent parts and HEADER of a non-message part resolve to empty', () => {
  for (const spec of [
    { part: [9], kind: 'full' },
    { part: [1, 1], kind: 'full' },
    { part: [3, 5], kind: 'full' },
    { part: [1], kind: 'header' },
    { part: [1], kind: 'text' },
    { part: [0], kind: 'full' },
    { part: [], kind: 'mime' },
  ] as SectionSpec[]) {
    assert.deepEqual(resolveSection(IX, spec), { pieces: [], length: 0 }, JSON.stringify(spec));
  }
});

test('a non-multipart message has part 1: its body, with the message header as MIME header', () => {
  const msg = crlf('Subject: single', 'Content-Type: text/plain', '', 'the body');
  const ix = indexMessage(msg);
  assert.equal(get({ part: [1], kind: 'full' }, msg, ix), 'the body');
  assert.equal(get({ part: [1], kind: 'mime' }, msg, ix), 'Subject: single\r\nContent-Type: text/plain\r\n\r\n');
  assert.equal(get({ part: [2], kind: 'full' }, msg, ix), '');
  assert.equal(get({ part: [1, 1], kind: 'full' }, msg, ix), '');
});

test('a top-level message/rfc822: 1 is the encapsulated message, 1.1 its body', () => {
  const msg = crlf('Subject: wrapper', 'Content-Type: message/rfc822', '', 'Subject: wrapped', '', 'deep body');
  const ix = indexMessage(msg);
  assert.equal(get({ part: [1], kind: 'full' }, msg, ix), 'Subject: wrapped\r\n\r\ndeep body');
  assert.equal(get({ part: [1, 1], kind: 'full' }, msg, ix), 'deep body');
  assert.equal(get({ part: [1], kind: 'header' }, msg, ix), 'Subject: wrapped\r\n\r\n');
  assert.equal(get({ part: [], kind: 'text' }, msg, ix), 'Subject: wrapped\r\n\r\ndeep body');
});

test('a message with no blank line has all of it as header and an empty TEXT', () => {
  const msg = crlf('Subject: only header', 'From: x@example.org');
  const ix = indexMessage(msg);
  assert.equal(get({ part: [], kind: 'header' }, msg, ix), msg.toString());
  assert.equal(get({ part: [], kind: 'text' }, msg, ix), '');
});

test('partial fetches slice across pieces; an origin past the end is empty', () => {
  const r = resolveSection(IX, { part: [], kind: 'header.fields', fields: ['from', 'to'] });
  const whole = sectionBytes(MSG, r).toString();
  for (let origin = 0; origin <= whole.length + 2; origin++) {
    for (const len of [0, 1, 5, 100]) {
      const p = applyPartial(r, origin, len);
      assert.equal(sectionBytes(MSG, p).toString(), whole.slice(origin, origin + len));
      assert.equal(p.length, Math.max(0, Math.min(whole.length, origin + len) - origin));
    }
  }
  assert.equal(applyPartial(r, 3).length, whole.length - 3);
});
