/**
 * Each MIME cap in limits.ts is crossed and reported in limitsHit (never thrown), and memory
 * while parsing stays bounded by the caps rather than by the message size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MIME_MAX_BOUNDARY_BYTES,
  MIME_MAX_DEPTH,
  MIME_MAX_HEADER_BYTES,
  MIME_MAX_HEADER_LINE_BYTES,
  MIME_MAX_PARTS,
} from '../../src/limits.js';
import { MimeIndexer, indexMessage, resolveSection, type MimePart } from '../../src/mime/index.js';

function countParts(p: MimePart): number {
  return 1 + p.children.reduce((n, c) => n + countParts(c), 0);
}

function depth(p: MimePart): number {
  return p.children.length === 0 ? 0 : 1 + Math.max(...p.children.map(depth));
}

test('MIME_MAX_DEPTH: deeper multiparts become one opaque part', () => {
  const n = MIME_MAX_DEPTH + 50;
  let s = 'Content-Type: multipart/mixed; boundary="=0="\r\n\r\n';
  for (let i = 0; i < n; i++) s += `--=${i}=\r\nContent-Type: multipart/mixed; boundary="=${i + 1}="\r\n\r\n`;
  s += `--=${n}=\r\n\r\ndeep\r\n`;
  const ix = indexMessage(Buffer.from(s));
  assert.deepEqual(ix.limitsHit, ['MIME_MAX_DEPTH']);
  assert.equal(depth(ix.root), MIME_MAX_DEPTH - 1);
  assert.ok(ix.rendered.bodystructure.includes('"application" "octet-stream"'));
});

test('MIME_MAX_DEPTH: nested message/rfc822 too', () => {
  const s = 'Content-Type: message/rfc822\r\n\r\n'.repeat(MIME_MAX_DEPTH + 10) + 'Subject: bottom\r\n\r\nx';
  const ix = indexMessage(Buffer.from(s));
  assert.deepEqual(ix.limitsHit, ['MIME_MAX_DEPTH']);
  assert.equal(depth(ix.root), MIME_MAX_DEPTH - 1);
});

test('MIME_MAX_PARTS: parts past the cap are not indexed', () => {
  const chunks = ['Content-Type: multipart/mixed; boundary=b\r\n\r\n'];
  for (let i = 0; i < MIME_MAX_PARTS + 100; i++) chunks.push('--b\r\n\r\nx\r\n');
  chunks.push('--b--\r\n');
  const bytes = Buffer.from(chunks.join(''));
  const ix = indexMessage(bytes);
  assert.deepEqual(ix.limitsHit, ['MIME_MAX_PARTS']);
  assert.equal(countParts(ix.root), MIME_MAX_PARTS);
  assert.equal(ix.root.end, bytes.length);
});

test('MIME_MAX_HEADER_BYTES: a huge header is parsed only up to the cap', () => {
  const line = 'X-Filler: ' + 'f'.repeat(990) + '\r\n';
  const count = Math.ceil((MIME_MAX_HEADER_BYTES * 1.5) / line.length);
  const header = 'Subject: early\r\n' + line.repeat(count) + 'X-Late: after the cap\r\n\r\n';
  const bytes = Buffer.from(header + 'body');
  const m = new MimeIndexer();
  for (let i = 0; i < bytes.length; i += 65536) m.write(bytes.subarray(i, i + 65536));
  const ix = m.finish();
  assert.deepEqual(ix.limitsHit, ['MIME_MAX_HEADER_BYTES']);
  assert.equal(ix.headerSize, header.length, 'the header range is still exact');
  assert.equal(ix.search.subject, 'early');
  const late = resolveSection(ix, { part: [], kind: 'header.fields', fields: ['x-late'] });
  assert.equal(late.length, 2, 'fields past the cap are not indexed');
  assert.equal(resolveSection(ix, { part: [], kind: 'text' }).length, 4);
});

test('MIME_MAX_HEADER_LINE_BYTES: a 500 KB header line is cut for parsing only', () => {
  const bytes = Buffer.from('Subject: ' + 'x'.repeat(500 * 1024) + '\r\nFrom: a@b.test\r\n\r\nbody');
  const ix = indexMessage(bytes);
  assert.deepEqual(ix.limitsHit, ['MIME_MAX_HEADER_LINE_BYTES']);
  assert.equal(ix.search.subject.length, MIME_MAX_HEADER_LINE_BYTES - 1);
  assert.equal(ix.search.from[0]?.address, 'a@b.test');
  const subject = resolveSection(ix, { part: [], kind: 'header.fields', fields: ['subject'] });
  assert.equal(subject.length, 'Subject: '.length + 500 * 1024 + 4, 'HEADER.FIELDS still returns the whole line');
});

test('MIME_MAX_BOUNDARY_BYTES: an over-long boundary is not honoured', () => {
  const b = 'q'.repeat(MIME_MAX_BOUNDARY_BYTES + 1);
  const ix = indexMessage(Buffer.from(`Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n\r\nx\r\n--${b}--\r\n`));
  assert.deepEqual(ix.limitsHit, ['MIME_MAX_BOUNDARY_BYTES']);
  assert.equal(ix.root.children.length, 0);
});

test('memory while parsing a 24 MB message in chunks stays far below its size', () => {
  const head = Buffer.from('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\n');
  const line = Buffer.from('QUJD'.repeat(19) + '\r\n');
  const chunk = Buffer.concat(Array.from({ length: 840 }, () => line)); // ~65 KB of base64 lines
  const rounds = Math.ceil((24 * 1024 * 1024) / chunk.length);
  const m = new MimeIndexer();
  m.write(head);
  const before = process.memoryUsage();
  let peak = 0;
  for (let i = 0; i < rounds; i++) {
    m.write(chunk);
    if (i % 32 === 0) {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers);
    }
  }
  m.write(Buffer.from('\r\n--b--\r\n'));
  const ix = m.finish();
  assert.equal(ix.root.children[0]?.decodedSize, (rounds * chunk.length * 57) / 78);
  assert.ok(peak < 16 * 1024 * 1024, `grew by ${peak} bytes while parsing ${rounds * chunk.length}`);
});
