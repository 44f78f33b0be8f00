/**
 * Logging in: USER/PASS (RFC 1939 7) and AUTH with PLAIN and LOGIN (RFC 5034, with or without
 * an initial response). Every attempt goes through the shared LoginThrottle (a failure is
 * answered after the failure delay; an address with too many recent failures is refused), and
 * the maildrop backend decides [AUTH], [IN-USE], [LOGIN-DELAY] or [SYS/TEMP] (RFC 2449 8,
 * RFC 3206).
 *
 * Passwords travel only where the policy allows (see Pop3Session.plaintextAllowed); elsewhere
 * USER, PASS and AUTH answer as Dovecot does, and CAPA does not offer them.
 */

import { decodeLoginStep, decodePlain, LOGIN_PROMPTS, SASL_MECHANISMS, SaslError } from '../../auth/sasl.js';
import { continuation, multiline, ok } from '../protocol/responses.js';
import type { CommandOf } from '../protocol/command.js';
import { Pop3Error, temporaryFailure } from '../session/errors.js';
import type { Pop3Session } from '../session/session.js';
import type { AuthorizationState } from '../session/state.js';

const PLAINTEXT_REFUSED = 'Plaintext authentication disallowed on non-secure (SSL/TLS) connections.';

function authorizationState(session: Pop3Session): AuthorizationState {
  if (session.state.kind !== 'authorization') throw new Error('not in the AUTHORIZATION state');
  return session.state;
}

function requirePlaintext(session: Pop3Session): void {
  if (!session.plaintextAllowed) throw new Pop3Error(PLAINTEXT_REFUSED, 'AUTH');
}

export async function user(session: Pop3Session, command: CommandOf<'USER'>): Promise<void> {
  requirePlaintext(session);
  authorizationState(session).user = command.user.normalize('NFC');
  // RFC 1939 7: +OK whether or not the name exists (nothing to learn from USER alone).
  await session.send(ok(''));
}

export async function pass(session: Pop3Session, command: CommandOf<'PASS'>): Promise<void> {
  requirePlaintext(session);
  const state = authorizationState(session);
  const name = state.user;
  if (name === null) throw new Pop3Error('USER first', null, true);
  state.user = null;
  await login(session, name, command.password, 'USER');
}

export async function auth(session: Pop3Session, command: CommandOf<'AUTH'>): Promise<void> {
  const state = authorizationState(session);
  if (command.mechanism === null) {
    // Without a mechanism: the list, as RFC 1734 servers answered (some clients still ask).
    await session.send(multiline(ok(''), session.plaintextAllowed ? [...SASL_MECHANISMS] : []));
    return;
  }
  requirePlaintext(session);
  if (command.mechanism !== 'PLAIN' && command.mechanism !== 'LOGIN') throw new Pop3Error(`unsupported authentication mechanism ${command.mechanism}`);
  if (command.mechanism === 'PLAIN') {
    if (command.initial === null) {
      state.sasl = { mechanism: 'PLAIN' };
      await session.send(continuation(''));
      return;
    }
    await finishPlain(session, decode(command.initial));
    return;
  }
  if (command.initial === null) {
    state.sasl = { mechanism: 'LOGIN', step: 'username' };
    await session.send(continuation(LOGIN_PROMPTS.username));
    return;
  }
  state.sasl = { mechanism: 'LOGIN', step: 'password', username: loginStep(decode(command.initial)) };
  await session.send(continuation(LOGIN_PROMPTS.password));
}

/** The client's answer to a "+ " challenge. */
export async function continueSasl(session: Pop3Session, line: Buffer): Promise<void> {
  const state = authorizationState(session);
  const sasl = state.sasl;
  state.sasl = null;
  if (!sasl) return;
  // RFC 5034 4: "*" cancels; the server answers -ERR.
  if (line.length === 1 && line[0] === 0x2a) throw new Pop3Error('authentication cancelled');
  const response = decode(line.toString('latin1'));
  if (sasl.mechanism === 'PLAIN') return finishPlain(session, response);
  if (sasl.step === 'username') {
    state.sasl = { mechanism: 'LOGIN', step: 'password', username: loginStep(response) };
    await session.send(continuation(LOGIN_PROMPTS.password));
    return;
  }
  await login(session, sasl.username, loginStep(response), 'LOGIN');
}

async function finishPlain(session: Pop3Session, response: Buffer): Promise<void> {
  let credentials;
  try {
    credentials = decodePlain(response);
  } catch (error) {
    if (error instanceof SaslError) throw new Pop3Error(`invalid PLAIN response: ${error.message}`, null, true);
    throw error;
  }
  // No proxy authorization: the identity to act as must be the one that logs in (or empty).
  if (credentials.authzid !== '' && credentials.authzid !== credentials.username) {
    throw new Pop3Error('logging in as another user is not allowed', 'AUTH');
  }
  await login(session, credentials.username.normalize('NFC'), credentials.password, 'PLAIN');
}

function loginStep(response: Buffer): string {
  try {
    return decodeLoginStep(response);
  } catch (error) {
    if (error instanceof SaslError) throw new Pop3Error(`invalid LOGIN response: ${error.message}`, null, true);
    throw error;
  }
}

/** Strict base64 (RFC 4648 4); "=" alone is the empty initial response (RFC 5034 4). */
function decode(text: string): Buffer {
  if (text === '=') return Buffer.alloc(0);
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Pop3Error('invalid base64 in authentication', null, true);
  return Buffer.from(text, 'base64');
}

/** Checks the credentials through the throttle and the backend; enters TRANSACTION on success. */
async function login(session: Pop3Session, username: string, password: string, method: string): Promise<void> {
  const { throttle, backend } = session.options;
  const address = session.connection.remoteAddress;
  const log = session.log;
  if (!throttle.allowed(address)) {
    log.info({ event: 'login-refused', user: username, method, reason: 'too many failures from this address' });
    throw logged(new Pop3Error('too many failed logins, try again later', 'SYS/TEMP'));
  }
  let maildrop;
  try {
    maildrop = await backend.open({ username, password }, session.connection);
  } catch (error) {
    let failure: Pop3Error;
    if (error instanceof Pop3Error) {
      failure = error;
    } else {
      log.error({ event: 'maildrop-error', user: username, err: error });
      failure = temporaryFailure('cannot open the maildrop, try again later');
    }
    if (failure.code === 'AUTH') await throttle.failed(address);
    log.info({ event: 'login-failed', user: username, method, code: failure.code, reason: failure.message });
    throw logged(failure);
  }
  if (session.isClosed) {
    await maildrop.release();
    return;
  }
  throttle.succeeded(address);
  session.enterTransaction(username, maildrop);
  log.info({ event: 'login', user: username, method, messages: maildrop.count, bytes: maildrop.totalSize });
  await session.send(ok(`Logged in, maildrop has ${maildrop.count} message${maildrop.count === 1 ? '' : 's'} (${maildrop.totalSize} octets)`));
}

function logged(error: Pop3Error): Pop3Error {
  error.logged = true;
  return error;
}
