/**
 * A minimal LMTP client (RFC 2033) for benchmarks: LHLO once, then transactions of one
 * recipient each, MAIL/RCPT/DATA pipelined (RFC 2920), waiting for the 250 after the data.
 */

import { connect, type Socket } from 'node:net';

/** One SMTP reply: its code and its lines' text. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

export class LmtpClient {
  private buffer = '';
  private current: string[] = [];
  private replies: SmtpReply[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      let at: number;
      while ((at = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, at);
        this.buffer = this.buffer.slice(at + 2);
        this.current.push(line.slice(4));
        if (line[3] !== '-') {
          this.replies.push({ code: Number(line.slice(0, 3)), lines: this.current });
          this.current = [];
        }
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** Connects and reads the 220 greeting. */
  static async open(port: number, host = '127.0.0.1'): Promise<LmtpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, host, () => resolve(s));
      s.once('error', reject);
    });
    const client = new LmtpClient(socket);
    const greeting = await client.reply();
    if (greeting.code !== 220) throw new Error(`LMTP greeting: ${greeting.code} ${greeting.lines.join(' ')}`);
    return client;
  }

  /** The next reply. */
  async reply(timeoutMs = 60_000): Promise<SmtpReply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const next = this.replies.shift();
      if (next) return next;
      if (this.closed) throw new Error('LMTP connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no LMTP reply within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async lhlo(name: string): Promise<SmtpReply> {
    this.socket.write(`LHLO ${name}\r\n`);
    const reply = await this.reply();
    if (reply.code !== 250) throw new Error(`LHLO: ${reply.code} ${reply.lines.join(' ')}`);
    return reply;
  }

  /**
   * Delivers one message (already dot-stuffed and ended by ".", see dataStuffed) to one
   * recipient and resolves with the reply after the data (250 when stored).
   */
  async deliver(from: string, to: string, stuffed: Buffer): Promise<SmtpReply> {
    this.socket.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    const mail = await this.reply();
    const rcpt = await this.reply();
    const data = await this.reply();
    if (mail.code !== 250 || rcpt.code !== 250 || data.code !== 354) {
      if (data.code === 354) {
        // The server accepted DATA despite a refused recipient: end the (empty) transaction.
        this.socket.write('.\r\n');
        await this.reply();
      }
      return mail.code !== 250 ? mail : rcpt.code !== 250 ? rcpt : data;
    }
    this.socket.write(stuffed);
    return this.reply();
  }

  async quit(): Promise<void> {
    if (!this.closed) {
      this.socket.write('QUIT\r\n');
      await this.reply(5000).catch(() => undefined);
    }
    this.socket.destroy();
  }
}
