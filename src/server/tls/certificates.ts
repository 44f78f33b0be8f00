/**
 * The server's TLS certificate: the configured pair, or a self-signed one made on first start
 * and kept under <data>/tls so that clients that pinned it keep working after a restart.
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Config } from '../../config/config.js';
import { ConfigError } from '../../config/config.js';
import { generateSelfSigned, type PemPair } from './self-signed.js';

export interface ServerCertificate extends PemPair {
  /** Where the pair came from, for the startup log. */
  source: string;
  context: SecureContext;
}

export function loadCertificate(config: Config): ServerCertificate {
  const pair = config.tls.cert || config.tls.key ? readConfigured(config) : selfSigned(config);
  let context: SecureContext;
  try {
    context = createSecureContext({ cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2' });
  } catch (error) {
    throw new ConfigError(`TLS certificate ${pair.source}: ${(error as Error).message}`);
  }
  return { ...pair, context };
}

function readConfigured(config: Config): PemPair & { source: string } {
  if (!config.tls.cert || !config.tls.key) throw new ConfigError('tls.cert and tls.key must be set together');
  const read = (path: string, key: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`${config.file ?? 'command line'}: key "${key}": cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
    }
  };
  return { cert: read(config.tls.cert, 'tls.cert'), key: read(config.tls.key, 'tls.key'), source: config.tls.cert };
}

function selfSigned(config: Config): PemPair & { source: string } {
  const dir = join(config.dataDir, 'tls');
  const certPath = join(dir, 'self-signed.crt');
  const keyPath = join(dir, 'self-signed.key');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = generateSelfSigned(config.hostname);
    writeFileSync(`${keyPath}.tmp`, pair.key, { mode: 0o600 });
    writeFileSync(`${certPath}.tmp`, pair.cert);
    renameSync(`${keyPath}.tmp`, keyPath);
    renameSync(`${certPath}.tmp`, certPath);
  }
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), source: `${certPath} (self-signed)` };
}
