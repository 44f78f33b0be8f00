/**
 * Opens the configured listeners, enforces connection limits, and hands each accepted
 * connection to its protocol. Implicit-TLS listeners (IMAPS, POP3S) complete the handshake
 * before the protocol sees the connection.
 */

import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureContext } from 'node:tls';
import { Connection, normalizeAddress } from './connection.js';
import type { Logger } from './logger.js';
import type { ProtocolServer, SessionHandle } from './protocol.js';

export interface ListenerSpec {
  /** Name in the config and the ready line: imap, imaps, pop3, ... */
  name: string;
  protocol: ProtocolServer;
  implicitTls: boolean;
  /** TCP: host and port (0 for any free port); or a UNIX socket path. */
  address: { host: string; port: number } | { path: string };
}

export interface ListenerLimits {
  maxConnections: number;
  maxConnectionsPerIp: number;
}

export interface BoundListener {
  name: string;
  /** "host:port" or the socket path, as really bound. */
  where: string;
  port: number | null;
}

export class Listeners {
  private readonly servers: Server[] = [];
  private readonly sessions = new Map<SessionHandle, Connection>();
  private readonly perIp = new Map<string, number>();
  private readonly perListener = new Map<string, number>();

  constructor(
    private readonly secureContext: SecureContext,
    private readonly limits: ListenerLimits,
    private readonly log: Logger,
    /** The certificate's PEM pair: tls.createServer() ignores a `secureContext` option and
     *  would answer every handshake with a failure alert without its own key and cert. */
    private readonly pem?: { cert: string; key: string },
  ) {}

  /** Binds every listener; rejects (having closed the ones already bound) if one fails. */
  async start(specs: readonly ListenerSpec[]): Promise<BoundListener[]> {
    const bound: BoundListener[] = [];
    try {
      for (const spec of specs) bound.push(await this.listen(spec));
    } catch (error) {
      await this.closeServers();
      throw error;
    }
    return bound;
  }

  private listen(spec: ListenerSpec): Promise<BoundListener> {
    const onSocket = (socket: Socket) => this.onConnection(spec, socket);
    const server = spec.implicitTls
      ? createTlsServer({ ...this.pem, secureContext: this.secureContext, minVersion: 'TLSv1.2' }, onSocket)
      : createServer(onSocket);
    // A client that fails the TLS handshake never reaches a protocol; count it in the log.
    server.on('tlsClientError', (error: Error, socket: Socket) => {
      this.log.info({ event: 'tls-failed', listener: spec.name, remote: normalizeAddress(socket.remoteAddress ?? ''), err: error.message });
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const where = 'path' in spec.address ? spec.address.path : `${spec.address.host}:${spec.address.port}`;
        const hint = error.code === 'EACCES' ? ' (ports below 1024 need root; choose another port)' : error.code === 'EADDRINUSE' ? ' (something else listens there)' : '';
        reject(new Error(`cannot listen for ${spec.name} on ${where}: ${error.code ?? error.message}${hint}`));
      });
      const ready = () => {
        const address = server.address();
        if (address && typeof address === 'object') {
          resolve({ name: spec.name, where: `${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`, port: address.port });
        } else resolve({ name: spec.name, where: String(address), port: null });
      };
      if ('path' in spec.address) server.listen(spec.address.path, ready);
      else server.listen(spec.address.port, spec.address.host, ready);
    });
  }

  private onConnection(spec: ListenerSpec, socket: Socket): void {
    socket.on('error', () => undefined); // reported by the protocol or by 'close'; never fatal
    const ip = normalizeAddress(socket.remoteAddress ?? 'local');
    const listenerCount = this.perListener.get(spec.name) ?? 0;
    const ipCount = this.perIp.get(ip) ?? 0;
    if (listenerCount >= this.limits.maxConnections || ipCount >= this.limits.maxConnectionsPerIp) {
      const reason = listenerCount >= this.limits.maxConnections ? 'too many connections' : 'too many connections from your address';
      this.log.warn({ event: 'refused', listener: spec.name, remote: ip, reason });
      spec.protocol.refuse(socket, reason);
      return;
    }
    this.perListener.set(spec.name, listenerCount + 1);
    this.perIp.set(ip, ipCount + 1);
    const connection = new Connection(socket, spec.name, this.secureContext, this.log);
    connection.log.info({ event: 'connect', local: connection.localPort, tls: connection.secure }, 'connection');
    let session: SessionHandle;
    try {
      session = spec.protocol.accept(connection);
    } catch (error) {
      connection.log.error({ event: 'accept-failed', err: error }, 'protocol failed to take the connection');
      socket.destroy();
      this.release(spec.name, ip);
      return;
    }
    this.sessions.set(session, connection);
    void session.closed.then(() => {
      this.sessions.delete(session);
      this.release(spec.name, ip);
      connection.log.info({ event: 'disconnect', seconds: Math.round((Date.now() - connection.startedAt) / 100) / 10 }, 'connection closed');
    });
  }

  private release(listener: string, ip: string): void {
    const l = (this.perListener.get(listener) ?? 1) - 1;
    if (l <= 0) this.perListener.delete(listener);
    else this.perListener.set(listener, l);
    const n = (this.perIp.get(ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, n);
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  /**
   * Stops accepting, asks every session to end (BYE / 421 / -ERR), and waits up to
   * `graceMs` for them to close; the rest are cut.
   */
  async shutdown(reason: string, graceMs: number): Promise<void> {
    const closing = this.closeServers();
    const sessions = [...this.sessions.keys()];
    for (const session of sessions) session.shutdown(reason);
    const allClosed = Promise.all(sessions.map((s) => s.closed));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allClosed, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const connection of this.sessions.values()) connection.socket.destroy();
    await closing;
  }

  private closeServers(): Promise<void> {
    const servers = this.servers.splice(0);
    return Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined);
  }
}
