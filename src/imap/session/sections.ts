/**
 * The bytes of a FETCH section, from the MIME index's byte ranges and the stored blob: small
 * sections are read into memory, large ones become a stream the response writer pipes with
 * back-pressure. BINARY sections are decoded on the way (RFC 3516).
 */

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Transform } from 'node:stream';
import { applyPartial, binaryInfo, createBinaryDecoder, decodeBody, resolveSection, type MimeIndex, type SectionResult } from '../../mime/index.js';
import type { BlobReader } from '../../store/types.js';
import type { PartialRange, SectionContent, SectionSpec } from '../protocol/index.js';
import { NoError } from './errors.js';

/** Sections up to this size are read into memory; larger ones are streamed. */
const INLINE_SECTION_BYTES = 256 * 1024;

/** What the response writer streams from: it opens the stream when the slot's turn comes. */
export type SectionSource = () => Readable;

async function readPieces(reader: BlobReader, result: SectionResult): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const piece of result.pieces) parts.push(Buffer.isBuffer(piece) ? piece : await reader.read(piece.start, piece.end));
  return Buffer.concat(parts, result.length);
}

function streamPieces(reader: BlobReader, result: SectionResult): SectionSource {
  return () =>
    Readable.from(
      (async function* () {
        for (const piece of result.pieces) {
          if (Buffer.isBuffer(piece)) yield piece;
          else yield* reader.stream(piece.start, piece.end);
        }
      })(),
    );
}

/**
 * A literal cannot carry NUL (RFC 9051 4.3: CHAR8 excludes it); BODY[] and RFC822 sections of a
 * message with NUL bytes (binary parts) get 0x80 in their place, as Dovecot sends them. The
 * length is unchanged. BINARY[] sends NULs in a literal8 instead.
 */
function withoutNul(data: Buffer): Buffer {
  if (!data.includes(0)) return data;
  const copy = Buffer.from(data);
  for (let i = copy.indexOf(0); i >= 0; i = copy.indexOf(0, i + 1)) copy[i] = 0x80;
  return copy;
}

function nulFree(source: SectionSource): SectionSource {
  return () => {
    const input = source();
    const out = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        callback(null, withoutNul(chunk));
      },
    });
    input.on('error', (error) => out.destroy(error));
    out.on('close', () => input.destroy());
    return input.pipe(out);
  };
}

/** BODY[section]<partial> content. */
export async function sectionContent(
  index: MimeIndex,
  reader: BlobReader,
  section: SectionSpec,
  partial: PartialRange | undefined,
): Promise<SectionContent<SectionSource>> {
  let result = resolveSection(index, { part: [...section.part], kind: section.kind, ...('fields' in section ? { fields: [...section.fields] } : {}) });
  if (partial) result = applyPartial(result, partial.origin, partial.length);
  if (result.length <= INLINE_SECTION_BYTES) return { kind: 'bytes', data: withoutNul(await readPieces(reader, result)) };
  return { kind: 'stream', length: result.length, source: nulFree(streamPieces(reader, result)) };
}

/** The whole message, or its header or text, by offsets known without the index. */
export async function rangeContent(reader: BlobReader, start: number, end: number): Promise<SectionContent<SectionSource>> {
  const length = Math.max(0, end - start);
  if (length <= INLINE_SECTION_BYTES) return { kind: 'bytes', data: withoutNul(await reader.read(start, end)) };
  return { kind: 'stream', length, source: nulFree(() => reader.stream(start, end)) };
}

/** The same as rangeContent, NULs and all: for BINARY[] of an identity-encoded part (literal8). */
async function binaryRange(reader: BlobReader, start: number, end: number): Promise<SectionContent<SectionSource>> {
  const length = Math.max(0, end - start);
  if (length <= INLINE_SECTION_BYTES) return { kind: 'bytes', data: await reader.read(start, end) };
  return { kind: 'stream', length, source: () => reader.stream(start, end) };
}

/** BINARY.SIZE of a part; NO [UNKNOWN-CTE] when it cannot be decoded (RFC 3516 4.3). */
export function binarySize(index: MimeIndex, part: readonly number[]): number {
  const info = binaryInfo(index, [...part]);
  if (info === null) return 0;
  if (!info.decodable || info.decodedSize === null) throw new NoError(`Part ${part.join('.')} has an unknown transfer encoding`, { code: 'UNKNOWN-CTE' });
  return info.decodedSize;
}

/** BINARY[part]<partial>: the part decoded from its Content-Transfer-Encoding. */
export async function binaryContent(
  index: MimeIndex,
  reader: BlobReader,
  part: readonly number[],
  partial: PartialRange | undefined,
): Promise<SectionContent<SectionSource>> {
  const info = binaryInfo(index, [...part]);
  // No such part: empty, as BODY[] of a missing part is (and as Dovecot answers).
  if (info === null) return { kind: 'bytes', data: Buffer.alloc(0) };
  if (!info.decodable || info.decodedSize === null) throw new NoError(`Part ${part.join('.')} has an unknown transfer encoding`, { code: 'UNKNOWN-CTE' });
  const size = info.decodedSize;
  const from = partial ? Math.min(partial.origin, size) : 0;
  const to = partial ? Math.min(size, from + partial.length) : size;
  const length = Math.max(0, to - from);
  if (info.encoding === 'identity') return binaryRange(reader, info.range.start + from, info.range.start + to);
  if (info.range.end - info.range.start <= INLINE_SECTION_BYTES) {
    const decoded = decodeBody(info.encoding, await reader.read(info.range.start, info.range.end));
    return { kind: 'bytes', data: decoded.subarray(from, to) };
  }
  return {
    kind: 'stream',
    length,
    source: () => {
      const out = new PassThrough();
      let position = 0;
      const take = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          const start = Math.max(0, from - position);
          const end = Math.min(chunk.length, to - position);
          position += chunk.length;
          callback(null, start < end ? chunk.subarray(start, end) : undefined);
        },
      });
      void pipeline(reader.stream(info.range.start, info.range.end), createBinaryDecoder(info.encoding), take, out).catch((error: unknown) => out.destroy(error as Error));
      return out;
    },
  };
}
