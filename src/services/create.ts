/**
 * Wires the services for a store: a fresh poke bus and the MIME indexer.
 */

import { ChangeBus } from '../changes/bus.js';
import type { QuotaLimits, Store } from '../store/types.js';
import type { MessageIndexer, Services } from './context.js';

export function createServices(
  store: Store,
  options: { newIndexer?: () => MessageIndexer; defaultQuota?: QuotaLimits } = {},
): Services {
  return {
    store,
    bus: new ChangeBus(),
    newIndexer: options.newIndexer ?? nullIndexer,
    defaultQuota: options.defaultQuota ?? { maxBytes: null, maxMessages: null },
  };
}

/** Until src/mime is wired in. */
function nullIndexer(): MessageIndexer {
  return { write: () => undefined, finish: () => Buffer.alloc(0) };
}
