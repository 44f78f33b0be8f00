/**
 * `mailkeep serve`: opens the store, prepares TLS, binds the listeners of the configuration,
 * prints one line per listener when ready, and shuts down gracefully on SIGTERM/SIGINT.
 */

import { LoginThrottle } from '../auth/throttle.js';
import { watchExternalChanges } from '../changes/external-watcher.js';
import { LISTENERS, type Config } from '../config/config.js';
import { openServices } from '../services/open.js';
import type { ServerContext } from './context.js';
import { Listeners, type BoundListener, type ListenerSpec } from './listeners.js';
import { createLogger, type Logger } from './logger.js';
import { PROTOCOLS } from './protocols.js';
import { loadCertificate } from './tls/certificates.js';

export interface RunningServer {
  listeners: BoundListener[];
  context: ServerContext;
  /** Ends every session politely, closes the store; resolves when done. */
  stop(reason?: string): Promise<void>;
}

export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const certificate = loadCertificate(config);
  const { store, services } = openServices(config);
  const throttle = new LoginThrottle({
    failureDelayMs: config.auth.failureDelayMs,
    maxFailures: config.auth.maxFailures,
    windowMs: config.auth.failureWindowS * 1000,
  });
  const context: ServerContext = { config, services, log, certificate, throttle };
  const stopWatching = watchExternalChanges(store, services.bus);
  const specs: ListenerSpec[] = [];
  for (const name of LISTENERS) {
    const port = config.listen.ports[name];
    const entry = PROTOCOLS[name];
    if (port === null || !entry) continue;
    const protocol = entry.create(context);
    for (const host of config.listen.addresses) {
      specs.push({ name, protocol, implicitTls: entry.implicitTls, address: { host, port } });
    }
    if (name === 'lmtp' && config.listen.lmtpSocket) {
      specs.push({ name: 'lmtp', protocol, implicitTls: false, address: { path: config.listen.lmtpSocket } });
    }
  }
  const listeners = new Listeners(certificate.context, config.limits, log, { cert: certificate.cert, key: certificate.key });
  let bound: BoundListener[];
  try {
    bound = await listeners.start(specs);
  } catch (error) {
    stopWatching();
    await store.close();
    throw error;
  }
  log.info({ event: 'ready', data: config.dataDir, tls: certificate.source, listeners: bound }, 'mailkeep ready');
  let stopping: Promise<void> | null = null;
  return {
    listeners: bound,
    context,
    stop(reason = 'Server shutting down') {
      stopping ??= (async () => {
        log.info({ event: 'shutdown', sessions: listeners.activeSessions }, 'shutting down');
        await listeners.shutdown(reason, 5000);
        stopWatching();
        await store.close();
      })();
      return stopping;
    },
  };
}
