/**
 * Wires the services for a store: a fresh poke bus and the MIME indexer that computes each
 * message's index once, while its bytes stream in.
 */

import { ChangeBus } from '../changes/bus.js';
import { encodeIndex, MimeIndexer } from '../mime/index.js';
import type { QuotaLimits, Store } from '../store/types.js';
import type { MessageIndexer, Services } from './context.js';

export function createServices(
  store: Store,
  options: { newIndexer?: () => MessageIndexer; defaultQuota?: QuotaLimits } = {},
): Services {
  return {
    store,
    bus: new ChangeBus(),
    newIndexer: options.newIndexer ?? mimeIndexer,
    defaultQuota: options.defaultQuota ?? { maxBytes: null, maxMessages: null },
  };
}

function mimeIndexer(): MessageIndexer {
  const indexer = new MimeIndexer();
  return { write: (chunk) => indexer.write(chunk), finish: () => encodeIndex(indexer.finish()) };
}
