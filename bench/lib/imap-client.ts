/**
 * A minimal IMAP client for benchmarks: one command at a time, the reply read as raw lines
 * (literals skipped by their announced length), so that its own overhead stays small next to
 * the server's. It counts untagged responses and keeps their text only when asked.
 */

import { connect, type Socket } from 'node:net';

export interface ImapReply {
  /** OK, NO or BAD of the tagged line. */
  status: string;
  /** The whole tagged line. */
  tagged: string;
  /** How many untagged ("* ...") responses came before it. */
  untagged: number;
  /** Their text (literals included) when the command asked to collect them. */
  lines: string[];
  /** Bytes received for this command, tagged line included. */
  bytes: number;
}

interface Pending {
  tag: string;
  collect: boolean;
  reply: ImapReply;
  resolve: (reply: ImapReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | null;
}

const LF = 0x0a;

export class ImapClient {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of a literal still to skip (they belong to the current response). */
  private literalLeft = 0;
  /** The current response's text while it spans literals (only when collecting). */
  private partial: string[] = [];
  private counter = 0;
  private pending: Pending | null = null;
  private continuation: (() => void) | null = null;
  private greeting: ((line: string) => void) | null = null;
  closed = false;
  /** Called with every untagged response line (the first line of it), when set. */
  onUntagged: ((line: string) => void) | null = null;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.fail(new Error('connection closed'));
    });
    socket.on('error', (error) => this.fail(error));
  }

  /** Connects and reads the greeting; fails unless it is "* OK". */
  static open(port: number, host = '127.0.0.1', timeoutMs = 30_000): Promise<ImapClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host);
      const client = new ImapClient(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no IMAP greeting within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      client.greeting = (line) => {
        clearTimeout(timer);
        if (line.startsWith('* OK') || line.startsWith('* PREAUTH')) resolve(client);
        else reject(new Error(`unexpected greeting: ${line}`));
      };
    });
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.reject(new Error(`${error.message} while waiting for ${pending.tag}`));
    }
  }

  private receive(chunk: Buffer): void {
    if (this.pending) this.pending.reply.bytes += chunk.length;
    const data = this.buffer.length > 0 ? Buffer.concat([this.buffer, chunk]) : chunk;
    let start = 0;
    for (;;) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, data.length - start);
        if (this.pending?.collect) this.partial.push(data.toString('latin1', start, start + take));
        this.literalLeft -= take;
        start += take;
        if (this.literalLeft > 0) break;
      }
      const end = data.indexOf(LF, start);
      if (end < 0) break;
      // A line ending in {n} announces a literal of n bytes that continues this response.
      const lineEnd = end > start && data[end - 1] === 0x0d ? end - 1 : end;
      let literal = -1;
      if (lineEnd > start && data[lineEnd - 1] === 0x7d /* } */) {
        const open = data.lastIndexOf(0x7b /* { */, lineEnd - 1);
        if (open >= start) {
          const n = Number(data.toString('latin1', open + 1, lineEnd - 1).replace('+', ''));
          if (Number.isInteger(n)) literal = n;
        }
      }
      this.line(data, start, lineEnd, literal);
      start = end + 1;
      if (literal >= 0) this.literalLeft = literal;
    }
    this.buffer = start >= data.length ? Buffer.alloc(0) : data.subarray(start);
  }

  /** One physical line; `literal` >= 0 when a literal follows it within the same response. */
  private line(data: Buffer, start: number, end: number, literal: number): void {
    const continuing = this.inResponse;
    const pending = this.pending;
    if (continuing) {
      if (pending?.collect) this.partial.push(data.toString('latin1', start, end));
      if (literal < 0) this.finishResponse();
      return;
    }
    const first = data[start];
    if (this.greeting) {
      const greet = this.greeting;
      this.greeting = null;
      greet(data.toString('latin1', start, end));
      return;
    }
    if (first === 0x2a /* * */) {
      if (pending) pending.reply.untagged++;
      if (this.onUntagged) this.onUntagged(data.toString('latin1', start, end));
      if (pending?.collect) this.partial.push(data.toString('latin1', start, end));
      if (literal >= 0) this.inResponse = true;
      else this.finishResponse();
      return;
    }
    if (first === 0x2b /* + */) {
      const go = this.continuation;
      this.continuation = null;
      go?.();
      return;
    }
    const text = data.toString('latin1', start, end);
    if (pending && text.startsWith(`${pending.tag} `)) {
      this.pending = null;
      if (pending.timer) clearTimeout(pending.timer);
      pending.reply.tagged = text;
      pending.reply.status = text.slice(pending.tag.length + 1).split(' ', 1)[0]!.toUpperCase();
      pending.resolve(pending.reply);
    }
  }

  private inResponse = false;

  private finishResponse(): void {
    this.inResponse = false;
    if (this.pending?.collect && this.partial.length > 0) this.pending.reply.lines.push(this.partial.join(''));
    this.partial = [];
  }

  private nextTag(): string {
    return `b${++this.counter}`;
  }

  private expect(tag: string, collect: boolean, timeoutMs: number): Promise<ImapReply> {
    if (this.pending) throw new Error('one command at a time');
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending = null;
              reject(new Error(`no tagged reply to ${tag} within ${timeoutMs} ms`));
            }, timeoutMs)
          : null;
      this.pending = { tag, collect, resolve, reject, timer, reply: { status: '', tagged: '', untagged: 0, lines: [], bytes: 0 } };
    });
  }

  /** Sends `text` as one tagged command and resolves with its reply (NO/BAD too). */
  command(text: string, options: { collect?: boolean; timeoutMs?: number } = {}): Promise<ImapReply> {
    const tag = this.nextTag();
    const reply = this.expect(tag, options.collect ?? false, options.timeoutMs ?? 120_000);
    this.socket.write(`${tag} ${text}\r\n`);
    return reply;
  }

  /** Like command(), but throws unless the server answered OK. */
  async ok(text: string, options: { collect?: boolean; timeoutMs?: number } = {}): Promise<ImapReply> {
    const reply = await this.command(text, options);
    if (reply.status !== 'OK') throw new Error(`${text.slice(0, 60)}: ${reply.tagged}`);
    return reply;
  }

  /** APPEND with a LITERAL+ literal (RFC 7888), sent in one write. */
  append(mailbox: string, message: Buffer, flags = ''): Promise<ImapReply> {
    const tag = this.nextTag();
    const reply = this.expect(tag, false, 120_000);
    const flagList = flags ? ` (${flags})` : '';
    this.socket.write(Buffer.concat([Buffer.from(`${tag} APPEND ${mailbox}${flagList} {${message.length}+}\r\n`), message, Buffer.from('\r\n')]));
    return reply;
  }

  login(user: string, password: string): Promise<ImapReply> {
    return this.ok(`LOGIN "${user}" "${password}"`);
  }

  /** Starts IDLE and resolves at the server's continuation ("+ idling"). */
  async idle(): Promise<void> {
    const tag = this.nextTag();
    this.idleReply = this.expect(tag, false, 0);
    // The tagged reply comes only after DONE; without a waiter it must not be unhandled.
    this.idleReply.catch(() => undefined);
    await new Promise<void>((resolve) => {
      this.continuation = resolve;
      this.socket.write(`${tag} IDLE\r\n`);
    });
  }

  private idleReply: Promise<ImapReply> | null = null;

  /** Ends IDLE and resolves with its tagged reply. */
  done(): Promise<ImapReply> {
    const reply = this.idleReply;
    if (!reply) throw new Error('not idling');
    this.idleReply = null;
    this.socket.write('DONE\r\n');
    return reply;
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** LOGOUT, then close (errors ignored). */
  async logout(): Promise<void> {
    try {
      await this.command('LOGOUT', { timeoutMs: 5000 });
    } catch {
      // Closed already.
    }
    this.close();
  }
}

/** The numbers of an untagged SEARCH reply ("* SEARCH 1 2 3"), or of ESEARCH ALL (not used). */
export function searchResult(reply: ImapReply): number[] {
  const line = reply.lines.find((l) => l.toUpperCase().startsWith('* SEARCH'));
  if (!line) return [];
  return line
    .slice(8)
    .trim()
    .split(/\s+/)
    .filter((s) => s.length > 0)
    .map(Number);
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}
