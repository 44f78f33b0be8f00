/**
 * Property tests (fast-check): random MIME trees are serialised and parsed back (the tree and
 * every part's byte range are recovered, whatever the chunking); arbitrary bytes never make the
 * parser throw and always give a consistent index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MimeIndexer,
  indexMessage,
  encodeIndex,
  decodeIndex,
  resolveSection,
  binaryInfo,
  extractSearchText,
  makePreview,
  type MimeIndex,
  type MimePart,
  type SectionKind,
} from '../../src/mime/index.js';
import { parseValue } from '../../bench/mime/imap-response.js';

type Node =
  | { kind: 'leaf'; type: string; subtype: string; lines: string[] }
  | { kind: 'multi'; subtype: string; preamble: string[]; epilogue: string[]; children: Node[] }
  | { kind: 'message'; inner: Node };

const line = fc.stringMatching(/^[a-z][a-z0-9 .,=-]{0,40}$/);
const lines = fc.array(line, { maxLength: 4 });

const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('leaf' as const),
      type: fc.constantFrom('text', 'application', 'image'),
      subtype: fc.constantFrom('plain', 'html', 'octet-stream', 'png'),
      lines,
    }),
    fc.record({
      kind: fc.constant('multi' as const),
      subtype: fc.constantFrom('mixed', 'alternative', 'related'),
      preamble: lines,
      epilogue: lines,
      children: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ kind: fc.constant('message' as const), inner: tie('node') }),
  ),
})).node;

interface Expected {
  headerStart: number;
  bodyStart: number;
  end: number;
  type: string;
  subtype: string;
  children: Expected[];
}

/** Serialises a tree, recording where each part's header and body start and end. */
class Writer {
  chunks: Buffer[] = [];
  pos = 0;
  nextBoundary = 0;
  constructor(readonly eol: string) {}

  put(s: string): void {
    const b = Buffer.from(s, 'latin1');
    this.chunks.push(b);
    this.pos += b.length;
  }

  /** Writes a part (header lines given) and returns its expected record. */
  part(node: Node, headerLines: string[]): Expected {
    const headerStart = this.pos;
    const eol = this.eol;
    let ctLine: string;
    let boundary = '';
    if (node.kind === 'leaf') ctLine = `Content-Type: ${node.type}/${node.subtype}`;
    else if (node.kind === 'message') ctLine = 'Content-Type: message/rfc822';
    else {
      boundary = `=_b${this.nextBoundary++}_=`;
      ctLine = `Content-Type: multipart/${node.subtype};${eol} boundary="${boundary}"`;
    }
    for (const h of [...headerLines, ctLine]) this.put(h + eol);
    this.put(eol);
    const bodyStart = this.pos;
    const exp: Expected = { headerStart, bodyStart, end: 0, type: '', subtype: '', children: [] };
    if (node.kind === 'leaf') {
      exp.type = node.type;
      exp.subtype = node.subtype;
      this.put(node.lines.join(eol));
    } else if (node.kind === 'message') {
      exp.type = 'message';
      exp.subtype = 'rfc822';
      exp.children.push(this.part(node.inner, ['Subject: inner', 'From: a@b.test']));
    } else {
      exp.type = 'multipart';
      exp.subtype = node.subtype;
      for (const l of node.preamble) this.put(l + eol);
      for (const [i, c] of node.children.entries()) {
        this.put((i === 0 && node.preamble.length === 0 ? '' : eol) + `--${boundary}${eol}`);
        exp.children.push(this.part(c, []));
      }
      this.put(`${eol}--${boundary}--`);
      for (const l of node.epilogue) this.put(eol + l);
    }
    exp.end = this.pos;
    return exp;
  }
}

function compare(part: MimePart, exp: Expected, path: string): void {
  assert.equal(part.headerStart, exp.headerStart, `${path} headerStart`);
  assert.equal(part.bodyStart, exp.bodyStart, `${path} bodyStart`);
  assert.equal(part.end, exp.end, `${path} end`);
  assert.equal(part.type, exp.type, `${path} type`);
  assert.equal(part.subtype, exp.subtype, `${path} subtype`);
  assert.equal(part.children.length, exp.children.length, `${path} children`);
  exp.children.forEach((c, i) => compare(part.children[i]!, c, `${path}.${i + 1}`));
}

function depthOf(n: Node): number {
  if (n.kind === 'leaf') return 1;
  if (n.kind === 'message') return 1 + depthOf(n.inner);
  return 1 + Math.max(...n.children.map(depthOf));
}

function feed(bytes: Buffer, cuts: number[]): MimeIndex {
  const m = new MimeIndexer();
  let last = 0;
  for (const c of [...new Set(cuts.map((x) => x % (bytes.length + 1)))].sort((a, b) => a - b)) {
    m.write(bytes.subarray(last, c));
    last = c;
  }
  m.write(bytes.subarray(last));
  return m.finish();
}

test('random MIME trees are recovered with exact byte ranges, in any chunking', () => {
  fc.assert(
    fc.property(nodeArb, fc.constantFrom('\r\n', '\n'), fc.array(fc.nat(), { maxLength: 12 }), (node, eol, cuts) => {
      fc.pre(depthOf(node) < 20);
      const w = new Writer(eol);
      const exp = w.part(node, ['From: x@y.test', 'Subject: random']);
      const bytes = Buffer.concat(w.chunks);
      const ix = feed(bytes, cuts);
      compare(ix.root, exp, 'root');
      assert.deepEqual(ix.limitsHit, []);
      // BODY[] of each part is its body bytes.
      const check = (p: MimePart, path: number[]): void => {
        if (path.length > 0) {
          const r = resolveSection(ix, { part: path, kind: 'full' });
          const expectLen = p.end - p.bodyStart;
          assert.equal(r.length, expectLen);
        }
      };
      if (node.kind === 'multi') ix.root.children.forEach((c, i) => check(c, [i + 1]));
      else check(ix.root, [1]);
    }),
    { numRuns: 300 },
  );
});

/** Every part nests inside its parent and lies inside the message. */
function assertConsistent(ix: MimeIndex): void {
  const walk = (p: MimePart, lo: number, hi: number): void => {
    assert.ok(lo <= p.headerStart && p.headerStart <= p.bodyStart && p.bodyStart <= p.end && p.end <= hi, 'nested ranges');
    for (const c of p.children) walk(c, p.bodyStart, p.end);
  };
  walk(ix.root, 0, ix.size);
}

const fragments = fc.constantFrom(
  '--b\r\n', '--b--\r\n', '--c\n', 'Content-Type: multipart/mixed; boundary=b\r\n', 'Content-Type: multipart/digest; boundary="c"\n',
  'Content-Type: message/rfc822\r\n', 'Content-Type: text/plain; charset*0*=utf-8\'\'%E2; charset*1=x\r\n', '\r\n', '\n', '\r', ':', ' ',
  '\t', '=?utf-8?q?', '?=', '\0', '\xff\xfe', 'From: "a" <b@c>, g:;\r\n', 'Content-Transfer-Encoding: base64\r\n',
  'Content-Transfer-Encoding: quoted-printable\r\n', '=\r\n', '=4', 'QUJD', '(', ')', '"', '<', '>', '@', ',', ';',
);

test('arbitrary bytes never throw and give a consistent index', () => {
  const byteSoup = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
    fc.array(fragments, { maxLength: 80 }).map((a) => Buffer.from(a.join(''), 'latin1')),
  );
  fc.assert(
    fc.property(byteSoup, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
      const ix = feed(bytes, cuts);
      assert.ok(!ix.limitsHit.includes('PARSER_ERROR'), 'the parser itself never fails');
      assertConsistent(ix);
      assert.equal(ix.size, bytes.length);
      assert.deepEqual(JSON.stringify(indexMessage(bytes)), JSON.stringify(ix), 'chunking does not change the result');
      // The rendered values are well-formed IMAP values.
      parseValue(ix.rendered.bodystructure);
      parseValue(ix.rendered.body);
      parseValue(ix.rendered.envelope);
      decodeIndex(encodeIndex(ix));
      for (const kind of ['full', 'header', 'text', 'mime', 'header.fields'] as SectionKind[]) {
        for (const part of [[], [1], [1, 1], [2, 1, 1]]) resolveSection(ix, { part, kind, fields: ['subject'] });
      }
      binaryInfo(ix, [1]);
      extractSearchText(bytes, ix);
      makePreview(bytes, ix);
    }),
    { numRuns: 300 },
  );
});
