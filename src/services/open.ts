/**
 * Opens the store a configuration names and the services over it: the one place where the
 * server and the CLI get their Services, so both index and enforce quota the same way.
 */

import type { Config } from '../config/config.js';
import { openStore } from '../store/open.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Services } from './context.js';
import { createServices } from './create.js';

export function openServices(config: Config): { store: SqliteStore; services: Services } {
  const store = openStore(config);
  const services = createServices(store, {
    defaultQuota: { maxBytes: config.quota.defaultBytes, maxMessages: config.quota.defaultMessages },
  });
  return { store, services };
}
