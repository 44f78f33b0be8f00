/**
 * The relay's maildrop: the INBOX of an account on the upstream IMAP server, as it stood at
 * login.
 *
 *   snapshot   SELECT INBOX, then UID FETCH 1:* (UID RFC822.SIZE): numbers, sizes, UIDs
 *   UIDL       from the upstream UIDVALIDITY and UID (protocol/uidl.ts)
 *   RETR       BODY.PEEK[] streamed in chunks (imapflow download()), each under the deadline
 *   TOP        BODY.PEEK[HEADER] and BODY.PEEK[TEXT]<0.N> in growing windows until the
 *              encoder has its n lines (or the text ends)
 *   QUIT       UID STORE +FLAGS (\Seen) on what RETR sent, then \Deleted and UID EXPUNGE
 *              (plain EXPUNGE where the upstream lacks UIDPLUS) on what DELE marked
 *
 * A message expunged upstream meanwhile keeps its number; RETR and TOP of it answer -ERR.
 */

import type { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import type { Connection } from '../../server/connection.js';
import type { Logger } from '../../server/logger.js';
import { RELAY_KEEPALIVE_MS, RELAY_TOP_BYTES_PER_LINE, RELAY_TOP_MAX_WINDOW, RELAY_TOP_MIN_WINDOW } from '../limits.js';
import { uidlOf } from '../protocol/uidl.js';
import { messageGone, Pop3Error, temporaryFailure } from '../session/errors.js';
import type { LoginCredentials, Maildrop, MaildropBackend } from '../session/maildrop.js';
import { connectUpstream, describe, within, type UpstreamSettings } from './upstream.js';

export class ImapBackend implements MaildropBackend {
  readonly implementation = 'Mailkeep POP3-IMAP relay';
  readonly loginDelayS = 0;

  constructor(private readonly settings: UpstreamSettings) {}

  async open(credentials: LoginCredentials, connection: Connection): Promise<Maildrop> {
    const log = connection.log.child({ upstream: `${this.settings.host}:${this.settings.port}` });
    let maildrop: ImapMaildrop | null = null;
    const client = await connectUpstream(this.settings, credentials, (error) => {
      log.info({ event: 'upstream-error', err: describe(error) });
      maildrop?.lost();
    });
    maildrop = new ImapMaildrop(client, this.settings.timeoutMs, log);
    try {
      await maildrop.snapshot();
    } catch (error) {
      await maildrop.release();
      throw error;
    }
    return maildrop;
  }
}

export class ImapMaildrop implements Maildrop {
  count = 0;
  totalSize = 0;
  private uidValidity = 0;
  private uids = new Uint32Array(0);
  private sizes = new Float64Array(0);
  private broken = false;
  private lastUse = Date.now();
  private busy = 0;
  private readonly keepalive: NodeJS.Timeout;
  private released = false;

  constructor(
    private readonly client: ImapFlow,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {
    client.on('close', () => this.lost());
    this.keepalive = setInterval(() => this.keepAlive(), Math.min(RELAY_KEEPALIVE_MS, 60_000));
    this.keepalive.unref();
  }

  /** The upstream connection is gone: every later command fails at once with [SYS/TEMP]. */
  lost(): void {
    this.broken = true;
  }

  async snapshot(): Promise<void> {
    const mailbox = await this.op(() => this.client.mailboxOpen('INBOX'));
    this.uidValidity = Number(mailbox.uidValidity);
    if (mailbox.exists === 0) return;
    const messages = await this.op(() => this.client.fetchAll('1:*', { uid: true, size: true }));
    messages.sort((a, b) => a.seq - b.seq);
    this.uids = new Uint32Array(messages.length);
    this.sizes = new Float64Array(messages.length);
    let total = 0;
    messages.forEach((message, i) => {
      this.uids[i] = message.uid;
      this.sizes[i] = message.size ?? 0;
      total += message.size ?? 0;
    });
    this.count = messages.length;
    this.totalSize = total;
  }

  size(index: number): number {
    return this.sizes[index]!;
  }

  uidl(index: number): string {
    return uidlOf(this.uidValidity, this.uids[index]!);
  }

  async retrieve(index: number): Promise<AsyncIterable<Buffer>> {
    const uid = String(this.uids[index]!);
    const download = await this.op(() => this.client.download(uid, undefined, { uid: true }));
    const content = download.content;
    if (!content) throw messageGone();
    // destroy(): the session ends a download it will not read (the client went away).
    return Object.assign(this.guarded(content), { destroy: () => content.destroy() });
  }

  async top(index: number, lines: number): Promise<AsyncIterable<Buffer>> {
    const uid = String(this.uids[index]!);
    const size = this.sizes[index]!;
    let window = Math.min(RELAY_TOP_MAX_WINDOW, Math.max(RELAY_TOP_MIN_WINDOW, (lines + 1) * RELAY_TOP_BYTES_PER_LINE));
    const first = await this.op(() =>
      this.client.fetchOne(uid, { uid: true, headers: true, bodyParts: [{ key: 'TEXT', start: 0, maxLength: window }] }, { uid: true }),
    );
    if (!first) throw messageGone();
    const header = first.headers ?? Buffer.alloc(0);
    const text = textPart(first.bodyParts);
    const more = async (offset: number, length: number): Promise<Buffer> => {
      const next = await this.op(() =>
        this.client.fetchOne(uid, { uid: true, bodyParts: [{ key: 'TEXT', start: offset, maxLength: length }] }, { uid: true }),
      );
      if (!next) throw messageGone();
      return textPart(next.bodyParts);
    };
    return (async function* () {
      yield header;
      let piece = text;
      let offset = 0;
      // Pulled only while the encoder still wants lines: more windows, each twice as large.
      while (piece.length > 0) {
        yield piece;
        offset += piece.length;
        if (piece.length < window || header.length + offset >= size) return;
        window = Math.min(RELAY_TOP_MAX_WINDOW, window * 2);
        piece = await more(offset, window);
      }
    })();
  }

  async commit(changes: { deleted: readonly number[]; retrieved: readonly number[] }): Promise<number> {
    const uidSet = (indexes: readonly number[]) => compactUidSet(indexes.map((i) => this.uids[i]!));
    const deleted = new Set(changes.deleted);
    const seen = changes.retrieved.filter((i) => !deleted.has(i));
    if (seen.length > 0) {
      const done = await this.op(() => this.client.messageFlagsAdd(uidSet(seen), ['\\Seen'], { uid: true }));
      if (!done) this.log.info({ event: 'upstream-seen-failed', messages: seen.length });
    }
    if (changes.deleted.length === 0) return 0;
    // \Deleted, then UID EXPUNGE of just these (RFC 4315) or EXPUNGE without UIDPLUS.
    const done = await this.op(() => this.client.messageDelete(uidSet(changes.deleted), { uid: true }));
    if (!done) throw temporaryFailure('the upstream server did not delete the messages');
    return changes.deleted.length;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.keepalive);
    if (this.broken) {
      this.client.close();
      return;
    }
    try {
      await within(this.client.logout(), this.timeoutMs, () => this.client.close());
    } catch {
      this.client.close();
    }
  }

  /** Runs one upstream step under the deadline; any failure becomes [SYS/TEMP]. */
  private async op<T>(run: () => Promise<T>): Promise<T> {
    if (this.broken) throw temporaryFailure('the connection to the upstream server was lost');
    this.busy++;
    try {
      return await within(run(), this.timeoutMs, () => this.fail());
    } catch (error) {
      if (error instanceof Pop3Error) throw error;
      this.log.info({ event: 'upstream-failed', err: describe(error) });
      throw temporaryFailure(`the upstream server failed (${describe(error)})`);
    } finally {
      this.busy--;
      this.lastUse = Date.now();
    }
  }

  private fail(): void {
    this.broken = true;
    this.client.close();
  }

  /** The downloaded message with a deadline on every chunk; stopping early ends the download. */
  private async *guarded(content: Readable): AsyncGenerator<Buffer> {
    const chunks = content[Symbol.asyncIterator]();
    this.busy++;
    try {
      for (;;) {
        const next = await within(chunks.next() as Promise<IteratorResult<Buffer>>, this.timeoutMs, () => this.fail());
        if (next.done) return;
        yield next.value;
      }
    } finally {
      this.busy--;
      this.lastUse = Date.now();
      content.destroy();
    }
  }

  private keepAlive(): void {
    if (this.broken || this.released || this.busy > 0 || Date.now() - this.lastUse < RELAY_KEEPALIVE_MS) return;
    void this.op(() => this.client.noop()).catch(() => undefined);
  }
}

function textPart(parts: Map<string, Buffer> | undefined): Buffer {
  if (!parts) return Buffer.alloc(0);
  for (const [key, value] of parts) if (key.toUpperCase() === 'TEXT') return value;
  return Buffer.alloc(0);
}

/** "1:3,7,9:10" from ascending UIDs: short commands for long runs of deletions. */
export function compactUidSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
