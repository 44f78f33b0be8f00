/**
 * BINARY (RFC 3516): which decoding a part needs, its decoded size (computed at delivery, so
 * BINARY.SIZE needs no read), and a streaming decoder. An encoding other than 7bit, 8bit,
 * binary, base64 and quoted-printable cannot be decoded: RFC 3516 section 4.3 has the server
 * answer NO with the UNKNOWN-CTE response code, which `decodable: false` tells the caller.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { findPart } from './section.js';
import { TransferDecoder } from './transfer-decoder.js';
import type { ByteRange, MimeIndex, TransferEncodingKind } from './types.js';

export interface BinaryInfo {
  /** Encoded body bytes of the part in the stored message. */
  range: ByteRange;
  encoding: TransferEncodingKind;
  /** False for an unknown Content-Transfer-Encoding: answer NO [UNKNOWN-CTE]. */
  decodable: boolean;
  /** Size after decoding (BINARY.SIZE), or null when not decodable. */
  decodedSize: number | null;
}

/**
 * BINARY information for a part (empty path: the whole message, sent as is). Returns null when
 * the part does not exist.
 */
export function binaryInfo(index: MimeIndex, partPath: number[]): BinaryInfo | null {
  if (partPath.length === 0) {
    return { range: { start: 0, end: index.size }, encoding: 'identity', decodable: true, decodedSize: index.size };
  }
  const part = findPart(index, partPath);
  if (part === null) return null;
  const range = { start: part.bodyStart, end: part.end };
  // Containers (multipart, message) are sent as they are; only leaves carry an encoding.
  const leaf = part.children.length === 0 || part.opaque === true;
  const encoding: TransferEncodingKind = leaf ? part.encodingKind : 'identity';
  if (encoding === 'unknown') return { range, encoding, decodable: false, decodedSize: null };
  return { range, encoding, decodable: true, decodedSize: leaf ? part.decodedSize : range.end - range.start };
}

class DecoderTransform extends Transform {
  constructor(private readonly dec: TransferDecoder) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const out = Buffer.allocUnsafe(this.dec.maxOutput(chunk.length));
    const n = this.dec.feed(chunk, 0, chunk.length, out);
    cb(null, n > 0 ? out.subarray(0, n) : undefined);
  }

  override _flush(cb: TransformCallback): void {
    const out = Buffer.allocUnsafe(8);
    const n = this.dec.finish(out);
    cb(null, n > 0 ? out.subarray(0, n) : undefined);
  }
}

/** A streaming decoder from the encoded body bytes to the decoded ones. */
export function createBinaryDecoder(encoding: TransferEncodingKind): Transform {
  if (encoding === 'unknown') throw new RangeError('unknown Content-Transfer-Encoding cannot be decoded (RFC 3516 UNKNOWN-CTE)');
  return new DecoderTransform(new TransferDecoder(encoding));
}

/** Decodes a whole body in memory (small parts, tests). */
export function decodeBody(encoding: TransferEncodingKind, body: Uint8Array): Buffer {
  const dec = new TransferDecoder(encoding === 'unknown' ? 'identity' : encoding);
  const out = Buffer.allocUnsafe(dec.maxOutput(body.length) + 8);
  let n = dec.feed(body, 0, body.length, out);
  n += dec.finish(out.subarray(n));
  return out.subarray(0, n);
}
