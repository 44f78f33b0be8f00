/**
 * Text for SEARCH and PREVIEW, read from the stored bytes with the index's offsets:
 * header values with RFC 2047 encoded words decoded, and the decoded text of text/* parts
 * (transfer-decoded, converted from their charset to UTF-8, HTML reduced to text). Attachments
 * (disposition attachment, or a non-text type) are not searched as text; the headers of
 * encapsulated messages are, since they are part of the outer body.
 *
 * The byte source is the whole message (Buffer) or a function reading a byte range of the stored
 * message (synchronous, or asynchronous with the Async variants), so a 50 MB message never has
 * to be loaded to search its 2 KB text part.
 */
import { MIME_MAX_SEARCH_TEXT_CHARS } from '../limits.js';
import { decodeBody } from './binary.js';
import { decodeCharset } from './charset.js';
import { splitHeaderFields } from './header-block.js';
import { htmlToText } from './html-text.js';
import { isMultipart, paramValue } from './part-header.js';
import { decodeHeaderText } from './rfc2047.js';
import { innerMessage } from './section.js';
import type { MimeIndex, MimePart } from './types.js';

export type RangeReader = (start: number, end: number) => Buffer;
export type AsyncRangeReader = (start: number, end: number) => Promise<Buffer>;

function reader(source: Buffer | RangeReader): RangeReader {
  return Buffer.isBuffer(source) ? (s, e) => source.subarray(s, e) : source;
}

/** One piece of searchable text and where it comes from. */
interface TextJob {
  kind: 'header' | 'body';
  part: MimePart;
  start: number;
  end: number;
}

function isAttachment(part: MimePart): boolean {
  const d = part.disposition?.value;
  return d !== undefined && d.toString().toLowerCase() === 'attachment';
}

/** The ranges to read, in message order: inner message headers and text bodies. */
function textJobs(index: MimeIndex): TextJob[] {
  const jobs: TextJob[] = [];
  const walk = (part: MimePart): void => {
    const inner = innerMessage(part);
    if (inner !== null) {
      jobs.push({ kind: 'header', part: inner, start: inner.headerStart, end: inner.bodyStart });
      walk(inner);
      return;
    }
    if (isMultipart(part)) {
      for (const c of part.children) walk(c);
      return;
    }
    if (part.type.toLowerCase() === 'text' && !isAttachment(part) && part.encodingKind !== 'unknown') {
      jobs.push({ kind: 'body', part, start: part.bodyStart, end: part.end });
    }
  };
  walk(index.root);
  return jobs;
}

/** Decoded text of one text part's body bytes. */
export function partText(part: MimePart, body: Buffer): string {
  const decoded = decodeBody(part.encodingKind, body);
  const text = decodeCharset(decoded, paramValue(part, 'charset'));
  return part.subtype.toLowerCase() === 'html' ? htmlToText(text) : text;
}

/** "Name: decoded value" lines of a header block, for SEARCH TEXT. */
export function headerText(block: Buffer): string {
  return splitHeaderFields(block)
    .map((f) => `${f.name}: ${decodeHeaderText(f.value)}`)
    .join('\n');
}

function runJob(job: TextJob, bytes: Buffer): string {
  return job.kind === 'header' ? headerText(bytes) : partText(job.part, bytes);
}

export interface SearchText {
  /** The top-level header, decoded (SEARCH TEXT searches it; BODY does not). */
  header: string;
  /** Decoded text of the body (SEARCH BODY), capped at MIME_MAX_SEARCH_TEXT_CHARS. */
  body: string;
}

function joinCapped(parts: string[]): string {
  let out = '';
  for (const p of parts) {
    out += (out.length > 0 ? '\n' : '') + p;
    if (out.length >= MIME_MAX_SEARCH_TEXT_CHARS) return out.slice(0, MIME_MAX_SEARCH_TEXT_CHARS);
  }
  return out;
}

/** Extracts the searchable text of a message. */
export function extractSearchText(source: Buffer | RangeReader, index: MimeIndex): SearchText {
  const read = reader(source);
  const header = headerText(read(index.root.headerStart, index.root.bodyStart));
  const parts: string[] = [];
  let total = 0;
  for (const job of textJobs(index)) {
    if (total >= MIME_MAX_SEARCH_TEXT_CHARS) break;
    const t = runJob(job, read(job.start, job.end));
    parts.push(t);
    total += t.length;
  }
  return { header, body: joinCapped(parts) };
}

/** extractSearchText with an asynchronous range reader (a blob on disk). */
export async function extractSearchTextAsync(read: AsyncRangeReader, index: MimeIndex): Promise<SearchText> {
  const header = headerText(await read(index.root.headerStart, index.root.bodyStart));
  const parts: string[] = [];
  let total = 0;
  for (const job of textJobs(index)) {
    if (total >= MIME_MAX_SEARCH_TEXT_CHARS) break;
    const t = runJob(job, await read(job.start, job.end));
    parts.push(t);
    total += t.length;
  }
  return { header, body: joinCapped(parts) };
}

/**
 * Decoded values of every occurrence of a header field in the top-level header (SEARCH HEADER,
 * FROM, SUBJECT, ...), read through the field offsets in the index.
 */
export function headerValuesForSearch(source: Buffer | RangeReader, index: MimeIndex, name: string): string[] {
  const read = reader(source);
  const lname = name.toLowerCase();
  const out: string[] = [];
  for (const f of index.root.message?.fields ?? []) {
    if (f.name !== lname) continue;
    const raw = read(f.start, f.end);
    const colon = raw.indexOf(0x3a);
    out.push(decodeHeaderText(raw.subarray(colon + 1)));
  }
  return out;
}

// --- PREVIEW (RFC 8970) ----------------------------------------------------------------------

/** RFC 8970 section 3.3: SHOULD be at most 200 characters (MUST NOT exceed 256). */
export const PREVIEW_MAX_CHARS = 200;

/** The part a preview is made from: the first non-attachment text part, text/plain preferred
 *  within multipart/alternative. */
export function previewPart(index: MimeIndex): MimePart | null {
  const find = (part: MimePart): MimePart | null => {
    if (isMultipart(part)) {
      const alt = part.subtype.toLowerCase() === 'alternative';
      if (alt) {
        const plain = part.children.find((c) => c.type.toLowerCase() === 'text' && c.subtype.toLowerCase() === 'plain');
        if (plain !== undefined && !isAttachment(plain)) return plain;
      }
      for (const c of part.children) {
        const r = find(c);
        if (r !== null) return r;
      }
      return null;
    }
    if (part.type.toLowerCase() === 'text' && !isAttachment(part) && part.encodingKind !== 'unknown') {
      const sub = part.subtype.toLowerCase();
      if (sub === 'plain' || sub === 'html') return part;
    }
    return null;
  };
  return find(index.root);
}

/** Preview text from a part's decoded text: whitespace collapsed, at most 200 characters. */
export function previewFromText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= PREVIEW_MAX_CHARS ? flat : chars.slice(0, PREVIEW_MAX_CHARS).join('');
}

/** Bytes read for a preview: enough for 200 characters in any encoding, whatever the part's size. */
const PREVIEW_READ_BYTES = 16 * 1024;

/** RFC 8970 PREVIEW text ("" when the message has no text to preview). */
export function makePreview(source: Buffer | RangeReader, index: MimeIndex): string {
  const part = previewPart(index);
  if (part === null) return '';
  const read = reader(source);
  const end = part.subtype.toLowerCase() === 'html' ? part.end : Math.min(part.end, part.bodyStart + PREVIEW_READ_BYTES);
  return previewFromText(partText(part, read(part.bodyStart, end)));
}
