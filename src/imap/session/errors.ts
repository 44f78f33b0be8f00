/**
 * Typed outcomes thrown deep inside command handlers and turned into responses in exactly one
 * place (dispatch.ts): BAD for protocol errors, NO for refusals, BYE to end the session.
 */

import type { ResponseCode } from '../protocol/index.js';
import { isMailError, type MailErrorCode } from '../../store/errors.js';

export class BadError extends Error {
  constructor(
    message: string,
    readonly code?: ResponseCode,
  ) {
    super(message);
  }
}

export class NoError extends Error {
  constructor(
    message: string,
    readonly code?: ResponseCode,
  ) {
    super(message);
  }
}

export class ByeError extends Error {}

/** RFC 5530 codes for the store's typed failures. */
const MAIL_ERROR_CODES: Record<MailErrorCode, ResponseCode['code'] | null> = {
  NONEXISTENT: 'NONEXISTENT',
  ALREADYEXISTS: 'ALREADYEXISTS',
  OVERQUOTA: 'OVERQUOTA',
  LIMIT: 'LIMIT',
  CANNOT: 'CANNOT',
  BADNAME: 'CANNOT',
  INUSE: 'INUSE',
  NOSELECT: 'CANNOT',
  UNAVAILABLE: 'UNAVAILABLE',
};

/** A store/service failure as the NO it deserves; anything else is rethrown. */
export function toNo(error: unknown): NoError {
  if (isMailError(error)) {
    const code = MAIL_ERROR_CODES[error.code];
    return new NoError(error.message, code ? ({ code } as ResponseCode) : undefined);
  }
  throw error;
}

/** Runs a service call, turning its typed failures into NO responses. */
export async function orNo<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toNo(error);
  }
}
