/**
 * Compact binary serialisation of a MimeIndex, stored once per message at delivery.
 *
 * Layout (version 1): "MKI" 0x01, then the pre-rendered ENVELOPE, BODYSTRUCTURE and BODY, each
 * as a 4-byte big-endian length and the bytes, then a flags byte, then the rest (varints,
 * length-prefixed strings, the part tree depth first). The rendered values come first at fixed
 * positions so FETCH BODYSTRUCTURE or ENVELOPE can be answered by slicing the stored buffer
 * (encodedBodystructure, encodedEnvelope) without decoding anything else.
 */
import { ByteBuffer } from './byte-buffer.js';
import type { HeaderText, ImapValue, MimeIndex, MimeParam, MimePart, SearchAddress, SearchFields, TransferEncodingKind } from './types.js';

const MAGIC = Buffer.from('MKI\x01', 'latin1');
const KINDS: TransferEncodingKind[] = ['identity', 'base64', 'quoted-printable', 'unknown'];

class Writer extends ByteBuffer {
  constructor() {
    super(1024);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  uint(n: number): void {
    // LEB128; numbers here are offsets and counts below 2^53.
    this.ensure(8);
    let v = n;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** Length-prefixed bytes. */
  bytes(b: Buffer): void {
    this.uint(b.length);
    this.raw(b);
  }

  u32Bytes(b: Buffer): void {
    this.ensure(4 + b.length);
    this.buf.writeUInt32BE(b.length, this.pos);
    b.copy(this.buf, this.pos + 4);
    this.pos += 4 + b.length;
  }

  str(s: string): void {
    // Short ASCII strings (most of an index) are written by hand: a native call costs more.
    if (s.length < 64) {
      this.ensure(s.length + 1);
      const start = this.pos;
      this.buf[this.pos++] = s.length;
      let ascii = true;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        this.buf[this.pos++] = c;
      }
      if (ascii) return;
      this.pos = start;
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.uint(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Nullable HeaderText: 0 null, 1 string, 2 bytes. */
  text(t: HeaderText | null): void {
    if (t === null) this.byte(0);
    else if (typeof t === 'string') {
      this.byte(1);
      this.str(t);
    } else {
      this.byte(2);
      this.bytes(t);
    }
  }

  nstr(s: string | null): void {
    if (s === null) this.byte(0);
    else {
      this.byte(1);
      this.str(s);
    }
  }

  value(v: ImapValue): void {
    if (v === null) this.byte(0);
    else if (typeof v === 'number') {
      this.byte(1);
      this.uint(v);
    } else if (typeof v === 'string') {
      this.byte(2);
      this.str(v);
    } else if (Buffer.isBuffer(v)) {
      this.byte(3);
      this.bytes(v);
    } else if (Array.isArray(v)) {
      this.byte(4);
      this.uint(v.length);
      for (const x of v) this.value(x);
    } else {
      this.byte(5);
      this.uint(v.concat.length);
      for (const x of v.concat) this.value(x);
    }
  }
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('truncated index');
    return this.buf[this.pos++]!;
  }

  uint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
    }
  }

  bytes(): Buffer {
    const n = this.uint();
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return Buffer.from(b);
  }

  u32Bytes(): Buffer {
    const n = this.buf.readUInt32BE(this.pos);
    const b = this.buf.subarray(this.pos + 4, this.pos + 4 + n);
    this.pos += 4 + n;
    return b;
  }

  str(): string {
    const n = this.uint();
    if (n < 32) {
      // Short ASCII strings are read by hand: a native call costs more.
      const b = this.buf;
      let s = '';
      let i = this.pos;
      const end = i + n;
      for (; i < end; i++) {
        const c = b[i]!;
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === end) {
        this.pos = end;
        return s;
      }
    }
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  text(): HeaderText | null {
    const tag = this.byte();
    if (tag === 0) return null;
    return tag === 1 ? this.str() : this.bytes();
  }

  nstr(): string | null {
    return this.byte() === 0 ? null : this.str();
  }

  value(): ImapValue {
    const tag = this.byte();
    switch (tag) {
      case 0:
        return null;
      case 1:
        return this.uint();
      case 2:
        return this.str();
      case 3:
        return this.bytes();
      case 4:
      case 5: {
        const n = this.uint();
        const out: ImapValue[] = new Array<ImapValue>(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return tag === 4 ? out : { concat: out };
      }
      default:
        throw new RangeError(`bad value tag ${tag}`);
    }
  }
}

function writeParams(w: Writer, params: MimeParam[]): void {
  w.uint(params.length);
  for (const p of params) {
    w.str(p.name);
    w.text(p.value);
  }
}

function readParams(r: Reader): MimeParam[] {
  const n = r.uint();
  const out: MimeParam[] = [];
  for (let i = 0; i < n; i++) out.push({ name: r.str(), value: r.text() ?? '' });
  return out;
}

function writePart(w: Writer, p: MimePart): void {
  w.uint(p.headerStart);
  w.uint(p.bodyStart - p.headerStart);
  w.uint(p.end - p.bodyStart);
  w.str(p.type);
  w.str(p.subtype);
  writeParams(w, p.params);
  w.text(p.id);
  w.text(p.description);
  w.text(p.encoding);
  w.byte(KINDS.indexOf(p.encodingKind) | (p.opaque === true ? 0x10 : 0));
  w.text(p.md5);
  if (p.disposition === null) w.byte(0);
  else {
    w.byte(1);
    w.text(p.disposition.value);
    writeParams(w, p.disposition.params);
  }
  if (p.language === null) w.uint(0);
  else {
    w.uint(p.language.length + 1);
    for (const l of p.language) w.text(l);
  }
  w.text(p.location);
  w.uint(p.lines);
  w.uint(p.decodedSize === null ? 0 : p.decodedSize + 1);
  if (p.message === null) w.byte(0);
  else {
    w.byte(1);
    w.value(p.message.envelope);
    w.uint(p.message.fields.length);
    let last = p.headerStart;
    for (const f of p.message.fields) {
      w.str(f.name);
      w.uint(f.start - last);
      w.uint(f.end - f.start);
      last = f.start;
    }
  }
  w.uint(p.children.length);
  for (const c of p.children) writePart(w, c);
}

function readPart(r: Reader): MimePart {
  const headerStart = r.uint();
  const bodyStart = headerStart + r.uint();
  const end = bodyStart + r.uint();
  const type = r.str();
  const subtype = r.str();
  const params = readParams(r);
  const id = r.text();
  const description = r.text();
  const encoding = r.text();
  const kindByte = r.byte();
  const md5 = r.text();
  const disposition = r.byte() === 0 ? null : { value: r.text() ?? '', params: readParams(r) };
  const nLang = r.uint();
  let language: HeaderText[] | null = null;
  if (nLang > 0) {
    language = [];
    for (let i = 0; i < nLang - 1; i++) language.push(r.text() ?? '');
  }
  const location = r.text();
  const lines = r.uint();
  const ds = r.uint();
  let message: MimePart['message'] = null;
  if (r.byte() === 1) {
    const envelope = r.value();
    const n = r.uint();
    const fields = [];
    let last = headerStart;
    for (let i = 0; i < n; i++) {
      const name = r.str();
      const start = last + r.uint();
      fields.push({ name, start, end: start + r.uint() });
      last = start;
    }
    message = { envelope, fields };
  }
  const nChildren = r.uint();
  const children: MimePart[] = [];
  for (let i = 0; i < nChildren; i++) children.push(readPart(r));
  const part: MimePart = {
    headerStart,
    bodyStart,
    end,
    type,
    subtype,
    params,
    id,
    description,
    encoding,
    encodingKind: KINDS[kindByte & 0x0f] ?? 'identity',
    md5,
    disposition,
    language,
    location,
    lines,
    decodedSize: ds === 0 ? null : ds - 1,
    children,
    message,
  };
  if ((kindByte & 0x10) !== 0) part.opaque = true;
  return part;
}

function writeAddresses(w: Writer, list: SearchAddress[]): void {
  w.uint(list.length);
  for (const a of list) {
    w.str(a.name);
    w.str(a.address);
  }
}

function readAddresses(r: Reader): SearchAddress[] {
  const n = r.uint();
  const out: SearchAddress[] = [];
  for (let i = 0; i < n; i++) out.push({ name: r.str(), address: r.str() });
  return out;
}

/** Serialises an index. */
export function encodeIndex(index: MimeIndex): Buffer {
  const w = new Writer();
  w.buf = Buffer.allocUnsafe(index.rendered.bodystructure.length * 3 + 1024);
  MAGIC.copy(w.buf, 0);
  w.pos = MAGIC.length;
  w.u32Bytes(index.rendered.envelope);
  w.u32Bytes(index.rendered.bodystructure);
  w.u32Bytes(index.rendered.body);
  w.byte((index.rendered.has8bit ? 1 : 0) | (index.rendered.hasGlobal ? 2 : 0));
  w.uint(index.size);
  w.uint(index.headerSize);
  w.uint(index.limitsHit.length);
  for (const l of index.limitsHit) w.str(l);
  const s = index.search;
  w.str(s.subject);
  writeAddresses(w, s.from);
  writeAddresses(w, s.to);
  writeAddresses(w, s.cc);
  writeAddresses(w, s.bcc);
  if (s.date === null) w.byte(0);
  else {
    w.byte(1);
    w.str(String(s.date));
  }
  w.nstr(s.messageId);
  w.nstr(s.inReplyTo);
  w.uint(s.references.length);
  for (const ref of s.references) w.str(ref);
  writePart(w, index.root);
  return w.done();
}

function checkMagic(buf: Buffer): void {
  // Byte by byte: this runs for every FETCH ENVELOPE, and Buffer.equals is a native call.
  if (buf.length < 16 || buf[0] !== MAGIC[0] || buf[1] !== MAGIC[1] || buf[2] !== MAGIC[2] || buf[3] !== MAGIC[3]) throw new RangeError('not a Mailkeep MIME index (version 1)');
}

/** Deserialises an index written by encodeIndex. Throws RangeError on a damaged buffer. */
export function decodeIndex(buf: Buffer): MimeIndex {
  checkMagic(buf);
  const r = new Reader(buf);
  r.pos = 4;
  const envelope = Buffer.from(r.u32Bytes());
  const bodystructure = Buffer.from(r.u32Bytes());
  const body = Buffer.from(r.u32Bytes());
  const flags = r.byte();
  const size = r.uint();
  const headerSize = r.uint();
  const nLimits = r.uint();
  const limitsHit: string[] = [];
  for (let i = 0; i < nLimits; i++) limitsHit.push(r.str());
  const subject = r.str();
  const from = readAddresses(r);
  const to = readAddresses(r);
  const cc = readAddresses(r);
  const bcc = readAddresses(r);
  const date = r.byte() === 0 ? null : Number(r.str());
  const messageId = r.nstr();
  const inReplyTo = r.nstr();
  const nRefs = r.uint();
  const references: string[] = [];
  for (let i = 0; i < nRefs; i++) references.push(r.str());
  const root = readPart(r);
  return {
    size,
    root,
    headerSize,
    search: { subject, from, to, cc, bcc, date, messageId, inReplyTo, references },
    rendered: { envelope, bodystructure, body, has8bit: (flags & 1) !== 0, hasGlobal: (flags & 2) !== 0 },
    limitsHit,
  };
}

/**
 * The SEARCH fields and header size of an encoded index, without decoding its part tree: what
 * SEARCH FROM/SUBJECT/SENTBEFORE... need over a whole mailbox.
 */
export function decodeSearchFields(buf: Buffer): { size: number; headerSize: number; search: SearchFields } {
  checkMagic(buf);
  const r = new Reader(buf);
  r.pos = 4;
  for (let i = 0; i < 3; i++) r.pos += 4 + buf.readUInt32BE(r.pos);
  r.byte();
  const size = r.uint();
  const headerSize = r.uint();
  const nLimits = r.uint();
  for (let i = 0; i < nLimits; i++) r.str();
  const subject = r.str();
  const from = readAddresses(r);
  const to = readAddresses(r);
  const cc = readAddresses(r);
  const bcc = readAddresses(r);
  const date = r.byte() === 0 ? null : Number(r.str());
  const messageId = r.nstr();
  const inReplyTo = r.nstr();
  const nRefs = r.uint();
  const references: string[] = [];
  for (let i = 0; i < nRefs; i++) references.push(r.str());
  return { size, headerSize, search: { subject, from, to, cc, bcc, date, messageId, inReplyTo, references } };
}

/**
 * The stored BODYSTRUCTURE (extensible) or BODY bytes, sliced from an encoded index without
 * decoding it: the fast path for FETCH BODYSTRUCTURE over many messages. The flags tell whether
 * the session form matters (see renderBodystructure in fetch-values.ts).
 */
export function encodedBodystructure(buf: Buffer, extensible: boolean): { bytes: Buffer; has8bit: boolean; hasGlobal: boolean } {
  checkMagic(buf);
  let pos = 4;
  pos += 4 + buf.readUInt32BE(pos); // envelope
  const bsLen = buf.readUInt32BE(pos);
  const bs = buf.subarray(pos + 4, pos + 4 + bsLen);
  pos += 4 + bsLen;
  const bodyLen = buf.readUInt32BE(pos);
  const body = buf.subarray(pos + 4, pos + 4 + bodyLen);
  pos += 4 + bodyLen;
  const flags = buf[pos]!;
  return { bytes: extensible ? bs : body, has8bit: (flags & 1) !== 0, hasGlobal: (flags & 2) !== 0 };
}

/** The stored ENVELOPE bytes, sliced from an encoded index (see encodedBodystructure). */
export function encodedEnvelope(buf: Buffer): { bytes: Buffer; has8bit: boolean } {
  checkMagic(buf);
  const envLen = buf.readUInt32BE(4);
  const bytes = buf.subarray(8, 8 + envLen);
  let pos = 8 + envLen;
  pos += 4 + buf.readUInt32BE(pos);
  pos += 4 + buf.readUInt32BE(pos);
  return { bytes, has8bit: (buf[pos]! & 1) !== 0 };
}
