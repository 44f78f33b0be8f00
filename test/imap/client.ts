/**
 * A small IMAP client for tests: raw lines for transcripts, and literal-aware responses with
 * auto-tagged commands for programmatic tests. It understands just enough of the response
 * syntax to keep a literal ({n} then n bytes) inside the response it belongs to.
 */

import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export interface Response {
  /** The response as text, literals inline (latin1 would lose nothing; utf8 reads better). */
  text: string;
  /** Raw bytes of the whole response without the final CRLF. */
  raw: Buffer;
}

export interface CommandResult {
  untagged: string[];
  /** The same responses as bytes (literals may hold anything). */
  untaggedRaw: Buffer[];
  /** The tagged line, e.g. "a1 OK [READ-WRITE] SELECT completed". */
  tagged: string;
  /** OK / NO / BAD. */
  status: string;
}

export class ImapTestClient {
  private buffer: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private counter = 0;
  closed = false;
  /** Every byte received, when recording (for debugging a failing test). */
  received = 0;

  private constructor(public socket: Socket) {
    this.listen(socket);
  }

  static async open(port: number, options: { host?: string; tls?: boolean; localAddress?: string } = {}): Promise<ImapTestClient> {
    const host = options.host ?? '127.0.0.1';
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s: Socket = options.tls
        ? tlsConnect({ host, port, rejectUnauthorized: false, servername: 'localhost' }, () => resolve(s))
        : netConnect({ host, port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, () => resolve(s));
      s.once('error', reject);
    });
    return new ImapTestClient(socket);
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** Switches to TLS (after the server's OK to STARTTLS). */
  async startTls(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ socket: plain, rejectUnauthorized: false, servername: 'localhost' }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.listen(secure);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private async waitForData(deadline: number, what: string): Promise<void> {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${what}; buffered: ${JSON.stringify(this.buffer.subarray(0, 300).toString('latin1'))}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  send(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** The next raw line without CRLF; null when the connection closed first. */
  async line(timeoutMs = 10_000): Promise<Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf('\r\n');
      if (at >= 0) {
        const line = this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + 2);
        return line;
      }
      if (this.closed) {
        if (this.buffer.length === 0) return null;
        const rest = this.buffer;
        this.buffer = Buffer.alloc(0);
        return rest;
      }
      await this.waitForData(deadline, 'a line');
    }
  }

  /** Exactly `count` bytes. */
  async bytes(count: number, timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < count) {
      if (this.closed) throw new Error(`connection closed with ${this.buffer.length} of ${count} bytes`);
      await this.waitForData(deadline, `${count} bytes`);
    }
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return out;
  }

  /** One whole response: a line, and for each trailing {n} the literal and the line's rest. */
  async response(timeoutMs = 10_000): Promise<Response | null> {
    const parts: Buffer[] = [];
    for (;;) {
      const line = await this.line(timeoutMs);
      if (line === null) return parts.length === 0 ? null : join(parts);
      parts.push(line);
      const literal = /\{(\d+)\}$/.exec(line.toString('latin1'));
      if (!literal) return join(parts);
      parts.push(Buffer.from('\r\n'), await this.bytes(Number(literal[1]), timeoutMs));
    }
  }

  /** True when nothing is buffered (the server has said nothing we have not read). */
  get idle(): boolean {
    return this.buffer.length === 0;
  }

  nextTag(): string {
    return `t${++this.counter}`;
  }

  /**
   * Sends a command (tagged automatically unless `tag` is given) and collects responses up to
   * its tagged one. `onUntagged` sees each untagged response as it arrives.
   */
  async command(text: string, options: { tag?: string; timeoutMs?: number; onUntagged?: (r: string) => void } = {}): Promise<CommandResult> {
    const tag = options.tag ?? this.nextTag();
    this.send(`${tag} ${text}\r\n`);
    return this.until(tag, options);
  }

  /** Reads responses until the tagged response for `tag`. */
  async until(tag: string, options: { timeoutMs?: number; onUntagged?: (r: string) => void } = {}): Promise<CommandResult> {
    const untagged: string[] = [];
    const untaggedRaw: Buffer[] = [];
    for (;;) {
      const response = await this.response(options.timeoutMs);
      if (response === null) throw new Error(`connection closed before ${tag} completed; got ${JSON.stringify(untagged.slice(-5))}`);
      if (response.text.startsWith(`${tag} `)) {
        const status = response.text.slice(tag.length + 1).split(' ')[0]!;
        return { untagged, untaggedRaw, tagged: response.text, status };
      }
      untagged.push(response.text);
      untaggedRaw.push(response.raw);
      options.onUntagged?.(response.text);
    }
  }

  /** Like command() but fails unless the result is OK. */
  async ok(text: string, options: { timeoutMs?: number; onUntagged?: (r: string) => void } = {}): Promise<string[]> {
    const result = await this.command(text, options);
    if (result.status !== 'OK') throw new Error(`${text} -> ${result.tagged}`);
    return result.untagged;
  }

  async login(user: string, password: string): Promise<void> {
    await this.ok(`LOGIN ${user} ${password}`);
  }

  close(): void {
    this.socket.destroy();
  }
}

function join(parts: Buffer[]): Response {
  const raw = Buffer.concat(parts);
  return { raw, text: raw.toString('utf8') };
}

/** Connects and reads the greeting. */
export async function openClient(port: number, options: { host?: string; tls?: boolean } = {}): Promise<{ client: ImapTestClient; greeting: string }> {
  const client = await ImapTestClient.open(port, options);
  const greeting = await client.line();
  if (greeting === null) throw new Error('closed before the greeting');
  return { client, greeting: greeting.toString('utf8') };
}
