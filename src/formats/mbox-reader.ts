/**
 * Reads an mbox file (or stream) as a sequence of messages and problems, streaming: only one
 * message is in memory at a time, and a message over the size limit is skipped without being
 * held whole.
 */

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { MAX_MESSAGE_BYTES, MBOX_READ_CHUNK_BYTES } from './limits.js';
import { MboxParser, type MboxVariant } from './mbox-parser.js';
import type { ImportedMessage, ImportProblem, ProgressCallback } from './types.js';

export type { MboxVariant } from './mbox-parser.js';

export interface MboxReadOptions {
  /** 'mboxrd' (default) removes one '>' from />+From / lines; 'mboxo' leaves lines alone. */
  variant?: MboxVariant;
  /** Larger messages are reported as problems and skipped (default MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number;
  /** Folder the messages go to (default 'INBOX'). */
  folder?: string;
  /** Names the source in positions (default: the path, or "mbox" for a stream). */
  label?: string;
  /** Size of a stream source, for progress (a path's size is found by itself). */
  totalBytes?: number;
  /** Called after each chunk read, and once at the end. */
  progress?: ProgressCallback;
}

/** Messages and problems of an mbox (a path, a stream, or chunks), in file order. Errors
 *  reading the source (a missing file) are thrown; everything wrong inside it is yielded as an
 *  ImportProblem. */
export async function* readMbox(
  source: string | Readable | AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer>,
  options: MboxReadOptions = {},
): AsyncGenerator<ImportedMessage | ImportProblem> {
  let totalBytes = options.totalBytes ?? null;
  let input: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer>;
  if (typeof source === 'string') {
    totalBytes ??= (await stat(source)).size;
    input = createReadStream(source, { highWaterMark: MBOX_READ_CHUNK_BYTES });
  } else {
    input = source;
  }
  const parser = new MboxParser({
    variant: options.variant ?? 'mboxrd',
    maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    folder: options.folder ?? 'INBOX',
    label: options.label ?? (typeof source === 'string' ? source : 'mbox'),
  });
  let bytesRead = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    bytesRead += bytes.length;
    parser.push(bytes);
    yield* parser.take();
    options.progress?.({ bytesRead, totalBytes });
  }
  parser.end();
  yield* parser.take();
  options.progress?.({ bytesRead, totalBytes: totalBytes ?? bytesRead });
}
