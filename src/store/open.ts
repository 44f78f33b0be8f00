/**
 * Opens the store the configuration names. SQLite under data_dir is the embedded default.
 */

import type { Config } from '../config/config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export function openStore(config: Config): SqliteStore {
  return new SqliteStore({ dataDir: config.dataDir, maxMessageBytes: config.limits.maxMessageBytes });
}

export type { Store };
