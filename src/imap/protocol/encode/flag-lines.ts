/**
 * `* n FETCH (UID u FLAGS (...) MODSEQ (m))` lines gathered into large chunks: the answer to
 * `UID FETCH 1:* (UID FLAGS)`, 100,000 lines at a time. Everything on these lines is ASCII
 * (numbers, and flags and keywords, which are atoms). V8 joins short strings faster than
 * Buffer.copy() writes short pieces, so lines are built as text and converted once per chunk.
 */

export class FlagLineWriter {
  private text = '';

  /** Lines gather until about `chunkBytes` are ready, then take() hands them out. */
  constructor(private readonly chunkBytes = 64 * 1024) {}

  /** Appends one line; `flags` is the rendered `FLAGS (...)` item or null. */
  add(msn: number, uid: number | null, flags: string | null, modseq: number | null): void {
    let line = `* ${msn} FETCH (`;
    if (uid !== null) line += `UID ${uid}`;
    if (flags !== null) line += uid !== null ? ` ${flags}` : flags;
    if (modseq !== null) line += uid !== null || flags !== null ? ` MODSEQ (${modseq})` : `MODSEQ (${modseq})`;
    this.text += `${line})\r\n`;
  }

  /** True when a chunk's worth of lines is waiting. */
  get full(): boolean {
    return this.text.length >= this.chunkBytes;
  }

  /** The lines gathered so far (null when none). */
  take(): Buffer | null {
    if (this.text.length === 0) return null;
    const lines = Buffer.from(this.text, 'latin1');
    this.text = '';
    return lines;
  }
}
