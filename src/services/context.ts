/**
 * What every service needs: the store, the poke bus and the MIME indexer. Protocol sessions
 * hold one of these and call the service functions; they never reach the store directly for
 * writes.
 */

import type { ChangeBus } from '../changes/bus.js';
import type { QuotaLimits, Store } from '../store/types.js';

/** Computes a message's MIME index while its bytes stream by (src/mime provides it). */
export interface MessageIndexer {
  write(chunk: Buffer): void;
  /** The encoded index to store with the message. */
  finish(): Buffer;
}

export interface Services {
  store: Store;
  bus: ChangeBus;
  newIndexer: () => MessageIndexer;
  /** The quota of accounts without their own (config quota.default_*). */
  defaultQuota: QuotaLimits;
}
