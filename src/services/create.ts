/**
 * Wires the services for a store: a fresh poke bus and the MIME indexer.
 */

import { ChangeBus } from '../changes/bus.js';
import type { Store } from '../store/types.js';
import type { MessageIndexer, Services } from './context.js';

export function createServices(store: Store, newIndexer: () => MessageIndexer = nullIndexer): Services {
  return { store, bus: new ChangeBus(), newIndexer };
}

/** Until src/mime is wired in. */
function nullIndexer(): MessageIndexer {
  return { write: () => undefined, finish: () => Buffer.alloc(0) };
}
