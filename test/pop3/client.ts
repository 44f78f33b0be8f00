/**
 * A raw POP3 client for transcript tests: plain, implicit TLS, or upgraded by STLS; send lines,
 * read lines, and run C:/S: scripts.
 */

import assert from 'node:assert/strict';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';

export class Pop3Client {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;
  private socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.listen(socket);
  }

  static open(port: number, options: { tls?: boolean; host?: string } = {}): Promise<Pop3Client> {
    const host = options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const socket: Socket = options.tls
        ? connectTls({ port, host, rejectUnauthorized: false }, () => resolve(new Pop3Client(socket)))
        : connectTcp(port, host, () => resolve(new Pop3Client(socket)));
      socket.once('error', reject);
    });
  }

  private listen(socket: Socket): void {
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

  get tlsSocket(): TLSSocket | null {
    return 'encrypted' in this.socket ? (this.socket as TLSSocket) : null;
  }

  /** After "+OK" to STLS: the TLS handshake over the same connection. */
  async upgrade(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const s = connectTls({ socket: plain, rejectUnauthorized: false }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.buffer = Buffer.alloc(0);
    this.listen(secure);
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The next line without CRLF; null when the connection closed first. */
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
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a command line, returns the first response line. */
  async command(line: string): Promise<string> {
    this.send(`${line}\r\n`);
    const reply = await this.line();
    assert.ok(reply !== null, `connection closed after ${line}`);
    return reply;
  }

  /** The lines of a multi-line response body up to ".", unstuffed. */
  async lines(): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const line = await this.line();
      assert.ok(line !== null, 'connection closed inside a multi-line response');
      if (line === '.') return out;
      out.push(line.startsWith('.') ? line.slice(1) : line);
    }
  }

  /** The raw bytes of a multi-line body up to and including ".\r\n" (still stuffed). */
  async rawBody(timeoutMs = 20_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\r\n.\r\n');
      const atStart = this.buffer.subarray(0, 3).equals(Buffer.from('.\r\n'));
      if (atStart || end >= 0) {
        const length = atStart ? 3 : end + 5;
        const out = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        return out;
      }
      if (this.closed || Date.now() > deadline) throw new Error('no end of the multi-line response');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the server closes the connection. */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the connection stayed open');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Runs a transcript: "C: line" is sent, "S: line" must be the next line received, exactly,
   * or matching /regex/ when written between slashes; "S:" alone is an empty line; "S: <closed>"
   * expects the end.
   */
  async script(transcript: string): Promise<void> {
    for (const raw of transcript.split('\n')) {
      const entry = raw.trim();
      if (entry === '' || entry.startsWith('#')) continue;
      const what = entry === 'S:' ? '' : entry.slice(3);
      if (entry.startsWith('C: ')) {
        this.send(`${what}\r\n`);
      } else if (entry.startsWith('S: ') || entry === 'S:') {
        const line = await this.line();
        if (what === '<closed>') {
          assert.equal(line, null, 'expected the connection to close');
        } else if (what.startsWith('/') && what.endsWith('/') && what.length > 1) {
          assert.ok(line !== null && new RegExp(what.slice(1, -1)).test(line), `expected ${what}, got ${JSON.stringify(line)}`);
        } else {
          assert.equal(line, what);
        }
      } else {
        throw new Error(`bad transcript line: ${raw}`);
      }
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
