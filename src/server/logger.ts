/**
 * Structured logs: one JSON line per event (pino), on stdout. Each connection gets a child
 * logger carrying its id, protocol and client address, so that every line of a session can be
 * found with one grep.
 */

import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stdout): Logger {
  return pino(
    {
      level,
      base: { svc: 'mailkeep' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: destination === process.stdout ? 1 : 2, sync: false }),
  );
}

/** A logger that drops everything (CLI commands that run services without a server). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
