/** A line-oriented TCP client for protocol tests (plain or implicit TLS): send lines, read replies. */

import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

export interface LineClientOptions {
  host?: string;
  /** Implicit TLS (the server's certificate is not checked: tests use a self-signed one). */
  tls?: boolean;
}

export class LineClient {
  protected buffer = Buffer.alloc(0);
  protected waiters: (() => void)[] = [];
  closed = false;

  protected constructor(protected socket: Socket) {
    this.listen(socket);
  }

  /** Connects and resolves with a client made by `make` (a subclass's constructor). */
  protected static connect<T extends LineClient>(port: number, options: LineClientOptions, make: (socket: Socket) => T): Promise<T> {
    const host = options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const socket: Socket = options.tls
        ? connectTls({ port, host, rejectUnauthorized: false }, () => resolve(make(socket)))
        : connectTcp(port, host, () => resolve(make(socket)));
      socket.once('error', reject);
    });
  }

  static open(port: number, options: LineClientOptions = {}): Promise<LineClient> {
    return LineClient.connect(port, options, (socket) => new LineClient(socket));
  }

  /** Reads from `socket` into the buffer (again after the socket is replaced by TLS). */
  protected listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves on the next data or close, or after `ms`. */
  protected nextEvent(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The next line (without CRLF); null when the connection closed first. */
  async line(timeoutMs = 10_000): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf('\r\n');
      if (at >= 0) {
        const line = this.buffer.subarray(0, at).toString('utf8');
        this.buffer = this.buffer.subarray(at + 2);
        return line;
      }
      if (this.closed) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line within ${timeoutMs} ms (have ${JSON.stringify(this.buffer.toString())})`);
      await this.nextEvent(left);
    }
  }

  /** An SMTP/LMTP reply: lines until one without a dash after the code. */
  async reply(timeoutMs?: number): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.line(timeoutMs);
      if (line === null) return lines;
      lines.push(line);
      if (!/^\d{3}-/.test(line)) return lines;
    }
  }

  /** Exact bytes: `count` of them. */
  async bytes(count: number, timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < count) {
      if (this.closed || Date.now() > deadline) throw new Error('connection ended before the expected bytes');
      await this.nextEvent(50);
    }
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}
