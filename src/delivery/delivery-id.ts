/**
 * Ids for delivered messages (the Received header's "id", the 250 reply, the logs): unique per
 * server run and cheap to make, one per message. A random prefix per process plus a counter;
 * reading the OS random source for every message cost more than the rest of the reply.
 */

import { randomBytes } from 'node:crypto';

const prefix = randomBytes(4).toString('hex');
let counter = 0;

export function nextDeliveryId(): string {
  counter = (counter + 1) % 0x1_0000_0000;
  return `${prefix}${counter.toString(16).padStart(8, '0')}`;
}
