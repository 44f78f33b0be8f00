/**
 * The connection to the upstream IMAP server, one per POP3 session, made with the client's own
 * credentials by imapflow: implicit TLS, STARTTLS (required, never silently skipped) or none,
 * per pop3_relay.tls; the certificate is verified unless pop3_relay.verify_certificate is off,
 * with pop3_relay.ca_file's certificates trusted besides the system's.
 *
 * Every upstream step runs under a deadline (pop3_relay.timeout_s): an upstream that is down,
 * hangs or drops the connection becomes `-ERR [SYS/TEMP]`, never a hung POP3 client.
 */

import { rootCertificates } from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { Pop3Error, temporaryFailure } from '../session/errors.js';
import type { LoginCredentials } from '../session/maildrop.js';

export interface UpstreamSettings {
  host: string;
  port: number;
  tls: 'implicit' | 'starttls' | 'none';
  verifyCertificate: boolean;
  /** Extra CA certificates (PEM), trusted besides the system's. */
  ca: Buffer | null;
  timeoutMs: number;
}

/** Resolves with the promise, or rejects with [SYS/TEMP] after `ms` (calling onTimeout). */
export function within<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(temporaryFailure(`the upstream server did not answer within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function upstreamOptions(settings: UpstreamSettings, credentials: LoginCredentials): ImapFlowOptions {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    doSTARTTLS: settings.tls === 'starttls' ? true : settings.tls === 'none' ? false : undefined,
    tls: {
      rejectUnauthorized: settings.verifyCertificate,
      minVersion: 'TLSv1.2',
      ...(settings.ca ? { ca: [...rootCertificates, settings.ca.toString('utf8')] } : {}),
    },
    auth: { user: credentials.username, pass: credentials.password },
    logger: false,
    // The relay issues one command at a time and keeps the connection alive itself.
    disableAutoIdle: true,
    disableCompression: true,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    clientInfo: { name: 'Mailkeep POP3 relay' },
  };
}

/**
 * Connects and logs in. Wrong credentials reject with [AUTH]; anything else (refused
 * connection, TLS failure, timeout, an upstream that says UNAVAILABLE) with [SYS/TEMP].
 */
export async function connectUpstream(settings: UpstreamSettings, credentials: LoginCredentials, onError: (error: Error) => void): Promise<ImapFlow> {
  const client = new ImapFlow(upstreamOptions(settings, credentials));
  // imapflow emits 'error' for connection failures; without a listener it would be thrown.
  client.on('error', onError);
  try {
    await within(client.connect(), settings.timeoutMs, () => client.close());
    return client;
  } catch (error) {
    client.close();
    throw upstreamLoginError(error);
  }
}

function upstreamLoginError(error: unknown): Pop3Error {
  if (error instanceof Pop3Error) return error;
  const failure = error as { authenticationFailed?: boolean; serverResponseCode?: string; message?: string; code?: string };
  if (failure.authenticationFailed && failure.serverResponseCode !== 'UNAVAILABLE') {
    if (failure.message === 'Login is disabled') return new Pop3Error('the upstream server refuses logins without TLS', 'SYS/PERM');
    return new Pop3Error('authentication failed', 'AUTH');
  }
  return temporaryFailure(`the upstream server is not available (${describe(error)})`);
}

export function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ') || String(error);
}
