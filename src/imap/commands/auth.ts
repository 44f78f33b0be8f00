/**
 * STARTTLS (RFC 9051 6.2.1), LOGIN (6.2.3) and AUTHENTICATE (6.2.2) with PLAIN and LOGIN and
 * an initial response (RFC 4959 SASL-IR). Passwords are accepted only where they cannot be
 * sniffed (TLS, loopback) unless the configuration allows it; failures are throttled per
 * client address.
 */

import { decodeLoginStep, decodePlain, LOGIN_PROMPTS, SaslError, type Credentials } from '../../auth/sasl.js';
import { authenticate } from '../../services/accounts.js';
import { encodeChallenge, encodeStatusResponse, ImapParseError, parseSaslResponse } from '../protocol/index.js';
import { capabilities, plaintextAllowed } from '../session/capabilities.js';
import { AUTHENTICATED, NOT_AUTHENTICATED, type CommandTable, type Completion } from '../session/command-spec.js';
import { BadError, NoError } from '../session/errors.js';
import type { ImapSession } from '../session/session.js';

async function logIn(session: ImapSession, credentials: Credentials): Promise<Completion> {
  if (!plaintextAllowed(session)) {
    throw new NoError('Plaintext authentication is disallowed on non-secure connections: use STARTTLS', { code: 'PRIVACYREQUIRED' });
  }
  const { throttle } = session.context;
  const address = session.connection.remoteAddress;
  if (!throttle.allowed(address)) {
    session.log.warn({ event: 'login-throttled', user: credentials.username });
    throw new NoError('Too many failed logins from your address; try again later', { code: 'UNAVAILABLE' });
  }
  if (credentials.authzid !== '' && credentials.authzid !== credentials.username) {
    await throttle.failed(address);
    throw new NoError('Acting as another user is not allowed', { code: 'AUTHORIZATIONFAILED' });
  }
  const account = await authenticate(session.context.services, credentials.username, credentials.password);
  if (!account) {
    session.log.info({ event: 'login-failed', user: credentials.username });
    await throttle.failed(address);
    throw new NoError('Authentication failed', { code: 'AUTHENTICATIONFAILED' });
  }
  throttle.succeeded(address);
  session.account = account;
  session.state = 'authenticated';
  session.armTimer();
  session.log.info({ event: 'login', user: account.name });
  return { code: { code: 'CAPABILITY', capabilities: capabilities(session) }, text: 'Logged in' };
}

/** Sends a challenge and reads the client's answer; undefined when it cancelled. */
async function exchange(session: ImapSession, tag: string, challenge: Buffer): Promise<Buffer> {
  session.out.write(encodeChallenge(challenge));
  const line = await session.readRawLine();
  if (line === null) throw new BadError('Connection closed during authentication');
  let response;
  try {
    response = parseSaslResponse(line, tag);
  } catch (error) {
    // RFC 9051 6.2.2: an invalid base64 answer ends the exchange with a tagged BAD.
    if (error instanceof ImapParseError) throw new BadError('Invalid SASL response: not base64');
    throw error;
  }
  if (response.kind === 'cancel') throw new BadError('Authentication cancelled');
  return response.data;
}

export const authCommands: CommandTable = {
  UNAUTHENTICATE: {
    states: AUTHENTICATED,
    announce: 'none',
    // RFC 8437 3: the session forgets the user, the selected mailbox (closed without expunge)
    // and everything ENABLEd; only TLS survives. The client may log in again.
    async run(session) {
      session.log.info({ event: 'unauthenticate', user: session.account?.name });
      session.resetAuthentication();
      return { text: 'UNAUTHENTICATE completed' };
    },
  },
  STARTTLS: {
    states: NOT_AUTHENTICATED,
    announce: 'none',
    async run(session, command) {
      if (session.connection.secure) throw new BadError('TLS is already active');
      session.out.write(encodeStatusResponse({ tag: command.tag, status: 'OK', text: 'Begin TLS negotiation now' }, session.encoding));
      await session.out.drain();
      try {
        await session.upgradeTls();
      } catch (error) {
        session.log.info({ event: 'tls-failed', err: (error as Error).message });
        session.bye('TLS negotiation failed');
      }
      return { written: true };
    },
  },
  LOGIN: {
    states: NOT_AUTHENTICATED,
    announce: 'none',
    async run(session, command) {
      return logIn(session, { authzid: '', username: command.username, password: command.password });
    },
  },
  AUTHENTICATE: {
    states: NOT_AUTHENTICATED,
    announce: 'none',
    async run(session, command) {
      if (!plaintextAllowed(session)) {
        throw new NoError('Plaintext authentication is disallowed on non-secure connections: use STARTTLS', { code: 'PRIVACYREQUIRED' });
      }
      try {
        switch (command.mechanism) {
          case 'PLAIN': {
            const response = command.initialResponse ?? (await exchange(session, command.tag, Buffer.alloc(0)));
            return await logIn(session, decodePlain(response));
          }
          case 'LOGIN': {
            // SASL-IR may carry the user name; the password is always asked for.
            const user = command.initialResponse ?? (await exchange(session, command.tag, Buffer.from(LOGIN_PROMPTS.username, 'base64')));
            const username = decodeLoginStep(user);
            const password = decodeLoginStep(await exchange(session, command.tag, Buffer.from(LOGIN_PROMPTS.password, 'base64')));
            return await logIn(session, { authzid: '', username, password });
          }
          default:
            throw new NoError(`Unsupported authentication mechanism ${command.mechanism}`, { code: 'CANNOT' });
        }
      } catch (error) {
        if (error instanceof SaslError) throw new BadError(`Invalid SASL response: ${error.message}`);
        throw error;
      }
    },
  },
};
