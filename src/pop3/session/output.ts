/**
 * Writing to the client with back-pressure: write() resolves at once while the socket takes
 * data, and waits for 'drain' when socket.write() returned false. It follows the connection's
 * current socket (STLS replaces it).
 */

import type { Connection } from '../../server/connection.js';

/** The client went away while we were writing. */
export class ConnectionGone extends Error {
  override readonly name = 'ConnectionGone';

  constructor() {
    super('the connection is closed');
  }
}

export class Output {
  constructor(
    private readonly connection: Connection,
    /** Called whenever the client took data (the session counts it as activity). */
    private readonly onProgress: () => void,
  ) {}

  async write(data: Buffer): Promise<void> {
    const socket = this.connection.socket;
    if (socket.destroyed || !socket.writable) throw new ConnectionGone();
    if (socket.write(data)) return;
    await new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        socket.off('drain', drained);
        socket.off('close', gone);
        socket.off('error', gone);
      };
      const drained = () => {
        cleanup();
        resolve();
      };
      const gone = () => {
        cleanup();
        reject(new ConnectionGone());
      };
      socket.on('drain', drained);
      socket.on('close', gone);
      socket.on('error', gone);
    });
    this.onProgress();
  }
}
