/**
 * A raw POP3 client for transcript tests: plain, implicit TLS, or upgraded by STLS; send lines,
 * read lines, and run C:/S: scripts.
 */

import assert from 'node:assert/strict';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { LineClient, type LineClientOptions } from '../helpers/line-client.js';

export class Pop3Client extends LineClient {
  static override open(port: number, options: LineClientOptions = {}): Promise<Pop3Client> {
    return LineClient.connect(port, options, (socket) => new Pop3Client(socket));
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
      await this.nextEvent(50);
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
}
