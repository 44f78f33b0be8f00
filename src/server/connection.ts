/**
 * One client connection as protocol code sees it: the socket (which STARTTLS may replace), who
 * is at the other end, and its logger. This is the only place besides listeners.ts that knows
 * about net and tls.
 */

import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Logger } from './logger.js';

export class Connection {
  readonly id = randomBytes(6).toString('base64url');
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localPort: number;
  readonly startedAt = Date.now();
  readonly log: Logger;
  private current: Socket;
  private secured: boolean;

  constructor(
    socket: Socket,
    readonly protocol: string,
    private readonly secureContext: SecureContext,
    log: Logger,
  ) {
    this.current = socket;
    // Responses are written as they are ready, often in two pieces (untagged data, then the
    // tagged completion): Nagle's algorithm would hold the second until the client's delayed
    // ACK, adding ~40 ms to a command.
    socket.setNoDelay(true);
    this.secured = socket instanceof TLSSocket;
    this.remoteAddress = normalizeAddress(socket.remoteAddress ?? 'unknown');
    this.remotePort = socket.remotePort ?? 0;
    this.localPort = socket.localPort ?? 0;
    this.log = log.child({ conn: this.id, proto: protocol, remote: this.remoteAddress });
  }

  get socket(): Socket {
    return this.current;
  }

  /** True once the connection is encrypted (implicit TLS or after STARTTLS). */
  get secure(): boolean {
    return this.secured;
  }

  /** Connections from this machine are trusted with plaintext passwords (nothing to sniff). */
  get loopback(): boolean {
    return this.remoteAddress === '127.0.0.1' || this.remoteAddress === '::1' || this.remoteAddress.startsWith('127.');
  }

  /**
   * Switches the connection to TLS (STARTTLS/STLS). The caller has already sent its go-ahead
   * and must not read or write until this resolves; data the client sent before the handshake
   * must have been discarded by the caller (RFC 3207 / RFC 9051 6.2.1 injection rule).
   */
  startTls(): Promise<void> {
    const plain = this.current;
    plain.removeAllListeners('data');
    plain.pause();
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.secureContext });
    this.current = secure;
    return new Promise((resolve, reject) => {
      secure.once('secure', () => {
        this.secured = true;
        this.log.info({ event: 'tls', protocol: secure.getProtocol(), cipher: secure.getCipher().name }, 'STARTTLS done');
        resolve();
      });
      secure.once('error', reject);
    });
  }

  /** Nothing more will be written: end politely, then make sure the socket really goes. */
  close(): void {
    this.current.end();
    setTimeout(() => this.current.destroy(), 2000).unref();
  }
}

/** "::ffff:127.0.0.1" -> "127.0.0.1": IPv4 clients on a dual-stack socket. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
