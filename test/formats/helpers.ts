/**
 * Shared by the format tests: temporary directories, fixtures, a set of awkward messages, and
 * comparisons that ignore what formats are allowed to change (flag order, sub-second dates).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { toCrlf } from '../../src/formats/line-ends.js';
import type { ExportMessage, ImportItem, ImportedMessage, ImportProblem, SystemFlag } from '../../src/formats/types.js';

/** test/fixtures/formats/<name> (tests run from dist/test/formats). */
export function fixture(...names: string[]): string {
  return join(fileURLToPath(new URL('../../../test/fixtures/formats/', import.meta.url)), ...names);
}

export async function tempDir(t: TestContext, prefix = 'mailkeep-formats-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function messagesOf(items: readonly ImportItem[]): ImportedMessage[] {
  return items.filter((i): i is ImportedMessage => i.kind === 'message');
}

export function problemsOf(items: readonly ImportItem[]): ImportProblem[] {
  return items.filter((i): i is ImportProblem => i.kind === 'problem');
}

export function foldersOf(items: readonly ImportItem[]): string[] {
  return items.filter((i) => i.kind === 'folder').map((i) => (i as { folder: string }).folder);
}

export interface Sample extends ExportMessage {
  name: string;
  flags: SystemFlag[];
  keywords: string[];
  internalDate: Date;
}

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');
const at = (iso: string): Date => new Date(iso);

/** Messages that are hard for mailbox formats. Line ends are CRLF unless the name says not. */
export function awkwardMessages(): Sample[] {
  const longLine = 'x'.repeat(100_000);
  return [
    {
      name: 'plain, seen, keywords',
      bytes: crlf('Return-Path: <alice@example.org>\nFrom: alice@example.org\nSubject: hello\n\nHi Bob.\n'),
      flags: ['\\Seen'],
      keywords: ['$Forwarded', 'Work'],
      internalDate: at('2024-01-02T03:04:05Z'),
    },
    {
      name: 'From lines in the body',
      bytes: crlf(
        'From: bob@example.com\nSubject: quoting\n\nFrom the start.\n>From quoted once\n>>From quoted twice\n\n' +
          'From bob@example.com Mon Jan  1 00:00:00 2024\nSubject: not a header\n\nFrom \n>From\nFrom:\n',
      ),
      flags: ['\\Answered', '\\Flagged', '\\Deleted', '\\Draft'],
      keywords: [],
      internalDate: at('2023-12-31T23:59:59Z'),
    },
    {
      name: '8-bit, NUL, bare LF mixed with CRLF',
      bytes: Buffer.concat([
        Buffer.from('From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.de>\r\nSubject: 8bit\nContent-Type: text/plain; charset=utf-8\r\n\r\n'),
        Buffer.from('Grüße, € and ø\n', 'utf8'),
        Buffer.from([0xe9, 0xff, 0x00, 0x80, 0x0d, 0x0a]),
        Buffer.from('lone CR\rinside a line\r\n'),
      ]),
      flags: [],
      keywords: ['$Junk'],
      internalDate: at('1999-12-31T12:00:00Z'),
    },
    {
      name: 'no line end at the end',
      bytes: crlf('Subject: no newline\n\nlast line has no end').subarray(0),
      flags: ['\\Seen', '\\Flagged'],
      keywords: [],
      internalDate: at('2020-02-29T00:00:00Z'),
    },
    {
      name: 'no line end, last line starts with From',
      bytes: crlf('Subject: tricky\n\nbody\nFrom me'),
      flags: [],
      keywords: [],
      internalDate: at('2020-03-01T00:00:01Z'),
    },
    {
      name: 'empty body',
      bytes: crlf('Subject: empty body\n\n'),
      flags: ['\\Draft'],
      keywords: [],
      internalDate: at('2021-06-15T08:09:10Z'),
    },
    {
      name: 'header only, with line end',
      bytes: crlf('Subject: header only\n'),
      flags: [],
      keywords: [],
      internalDate: at('2021-06-15T08:09:11Z'),
    },
    {
      name: 'header only, no line end',
      bytes: crlf('Subject: header only\nX-Folded: first\n second'),
      flags: ['\\Seen'],
      keywords: ['later'],
      internalDate: at('2021-06-15T08:09:12Z'),
    },
    {
      name: 'ends with blank lines',
      bytes: crlf('Subject: trailing blanks\n\nbody\n\n\n'),
      flags: [],
      keywords: [],
      internalDate: at('2022-01-01T00:00:00Z'),
    },
    {
      name: 'starts with a From_ lookalike body and has a long line',
      bytes: crlf(`Subject: long\n\n${longLine}\nFrom x Mon Jan  1 00:00:00 2024\n${longLine}`),
      flags: [],
      keywords: ['a', 'B'],
      internalDate: at('2022-05-05T05:05:05Z'),
    },
    {
      name: 'bare LF only',
      bytes: Buffer.from('Subject: unix\n\nline 1\nline 2\n'),
      flags: ['\\Seen'],
      keywords: [],
      internalDate: at('2022-05-05T05:05:06Z'),
    },
  ];
}

/** What a reader must give back for a message: its bytes with CRLF line ends. */
export function expectedBytes(message: ExportMessage): Buffer {
  return toCrlf(message.bytes);
}

export function sortedFlags(flags: readonly string[]): string[] {
  return [...flags].sort();
}

export function sortedKeywords(keywords: readonly string[]): string[] {
  return [...keywords].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

export function seconds(date: Date | null): number | null {
  return date === null ? null : Math.floor(date.getTime() / 1000);
}

/** The read message is the written one: same bytes (as CRLF), flags, keywords, date (s). */
export function assertSameMessage(actual: ImportedMessage, expected: Sample, context: string): void {
  assert.ok(actual.bytes.equals(expectedBytes(expected)), `${context}: bytes differ for "${expected.name}"\n got ${JSON.stringify(actual.bytes.toString('latin1').slice(0, 300))}`);
  assert.deepEqual(sortedFlags(actual.flags), sortedFlags(expected.flags), `${context}: flags of "${expected.name}"`);
  assert.deepEqual(sortedKeywords(actual.keywords), sortedKeywords(expected.keywords), `${context}: keywords of "${expected.name}"`);
  assert.equal(seconds(actual.internalDate), seconds(expected.internalDate), `${context}: date of "${expected.name}"`);
}
