/**
 * The POP3 session states (RFC 1939 3): AUTHORIZATION until a login succeeds, then
 * TRANSACTION, then UPDATE after QUIT. A SASL exchange in progress (RFC 5034) is part of the
 * AUTHORIZATION state: while it runs, the next line is a response, not a command.
 */

import { Pop3Error } from './errors.js';
import type { Maildrop } from './maildrop.js';

export type SaslExchange =
  | { mechanism: 'PLAIN' }
  | { mechanism: 'LOGIN'; step: 'username' }
  | { mechanism: 'LOGIN'; step: 'password'; username: string };

export interface AuthorizationState {
  kind: 'authorization';
  /** The name given by USER, waiting for PASS. */
  user: string | null;
  sasl: SaslExchange | null;
}

export interface TransactionState {
  kind: 'transaction';
  user: string;
  maildrop: Maildrop;
  /** One byte per message: 1 when marked deleted (DELE), reset by RSET. */
  deleted: Uint8Array;
  deletedCount: number;
  deletedBytes: number;
  /** Messages RETR sent completely: they get \Seen at QUIT. */
  retrieved: Set<number>;
}

export interface UpdateState {
  kind: 'update';
}

export type SessionState = AuthorizationState | TransactionState | UpdateState;

export type StateName = SessionState['kind'];

export function authorization(): AuthorizationState {
  return { kind: 'authorization', user: null, sasl: null };
}

export function transaction(user: string, maildrop: Maildrop): TransactionState {
  return { kind: 'transaction', user, maildrop, deleted: new Uint8Array(maildrop.count), deletedCount: 0, deletedBytes: 0, retrieved: new Set() };
}

/**
 * The 0-based index of message number `msg`, which must exist and not be marked deleted
 * (RFC 1939 5: "may not refer to a message marked as deleted").
 */
export function requireMessage(state: TransactionState, msg: number): number {
  if (msg < 1 || msg > state.maildrop.count) throw new Pop3Error(`no such message, only ${state.maildrop.count} in maildrop`);
  if (state.deleted[msg - 1]) throw new Pop3Error(`message ${msg} already deleted`);
  return msg - 1;
}
