/**
 * LOGIN, AUTHENTICATE (PLAIN, LOGIN, SASL-IR, cancel), STARTTLS, implicit TLS, the cleartext
 * policy (LOGINDISABLED, PRIVACYREQUIRED), the failed-login throttle (UNAVAILABLE) and
 * UNAUTHENTICATE (RFC 9051 6.2, RFC 4959, RFC 5530, RFC 8437).
 */

import { test } from 'node:test';
import { b64, externalAddress, startImapServer } from '../setup.js';

const PLAIN = b64('\0alice\0secret');

test('LOGIN: success, wrong password, unknown user, quoted and literal arguments, wrong state', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'se cret"\\');
  await ts.run(`
    C: a LOGIN alice wrong
    S: a NO [AUTHENTICATIONFAILED] Authentication failed
    C: b LOGIN nobody secret
    S: b NO [AUTHENTICATIONFAILED] Authentication failed
    C: c LOGIN alice
    S: c BAD Syntax error: {{*}}
    C: d LOGIN "alice" {9}
    S: + Ready for literal data
    C: se cret"\\
    S: d OK [CAPABILITY {{*}}] Logged in
    C: e LOGIN alice secret
    S: e BAD Command not valid in this state
    C: f AUTHENTICATE PLAIN ${PLAIN}
    S: f BAD Command not valid in this state
    C: g STARTTLS
    S: g BAD Command not valid in this state
  `);
  await ts.run(`
    C: a LOGIN "alice" "se cret\\"\\\\"
    S: a OK [CAPABILITY {{*}}] Logged in
  `);
});

test('AUTHENTICATE PLAIN with and without SASL-IR, "=" as an empty response, cancel and bad base64', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    1 C: a AUTHENTICATE PLAIN ${PLAIN}
    1 S: a OK [CAPABILITY {{*}}] Logged in
    2 C: b AUTHENTICATE PLAIN
    2 S: +{{:/ ?/}}
    2 C: ${PLAIN}
    2 S: b OK [CAPABILITY {{*}}] Logged in
    3 C: c AUTHENTICATE plain
    3 S: +{{:/ ?/}}
    3 C: *
    3 S: c BAD Authentication cancelled
    3 C: d AUTHENTICATE PLAIN
    3 S: +{{:/ ?/}}
    3 C: not base64!
    3 S: d BAD Invalid SASL response: not base64
    3 C: e AUTHENTICATE PLAIN =
    3 S: e BAD Invalid SASL response: {{*}}
    3 C: f AUTHENTICATE PLAIN ${b64('\0alice\0wrong')}
    3 S: f NO [AUTHENTICATIONFAILED] Authentication failed
    3 C: g AUTHENTICATE PLAIN ${b64('bob\0alice\0secret')}
    3 S: g NO [AUTHORIZATIONFAILED] Acting as another user is not allowed
    3 C: h AUTHENTICATE PLAIN ${b64('alice\0alice\0secret')}
    3 S: h OK [CAPABILITY {{*}}] Logged in
  `);
});

test('AUTHENTICATE LOGIN: two challenges, SASL-IR for the user name, cancel', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    1 C: a AUTHENTICATE LOGIN
    1 S: + ${b64('Username:')}
    1 C: ${b64('alice')}
    1 S: + ${b64('Password:')}
    1 C: ${b64('secret')}
    1 S: a OK [CAPABILITY {{*}}] Logged in
    2 C: b AUTHENTICATE LOGIN ${b64('alice')}
    2 S: + ${b64('Password:')}
    2 C: ${b64('secret')}
    2 S: b OK [CAPABILITY {{*}}] Logged in
    3 C: c AUTHENTICATE LOGIN
    3 S: + ${b64('Username:')}
    3 C: *
    3 S: c BAD Authentication cancelled
    3 C: d AUTHENTICATE CRAM-MD5
    3 S: d NO [CANNOT] Unsupported authentication mechanism CRAM-MD5
    3 C: e AUTHENTICATE
    3 S: e BAD Syntax error: {{*}}
  `);
});

test('STARTTLS, then the capabilities change and LOGIN works over TLS; text sent with STARTTLS is discarded', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    C: a STARTTLS
    S: a OK Begin TLS negotiation now
    starttls
    C: b CAPABILITY
    S: * CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE AUTH=PLAIN AUTH=LOGIN
    S: b OK CAPABILITY completed
    C: c STARTTLS
    S: c BAD TLS is already active
    C: d LOGIN alice secret
    S: d OK [CAPABILITY {{*}}] Logged in
  `);
  // RFC 9051 6.2.1: a command pipelined after STARTTLS in the clear is never executed.
  await ts.run(`
    C@ "a STARTTLS\\r\\nb LOGIN alice secret\\r\\n"
    S: a OK Begin TLS negotiation now
    starttls
    C: c NOOP
    S: c OK NOOP completed
    C: d SELECT INBOX
    S: d BAD Log in first
  `);
});

test('implicit TLS (IMAPS): no STARTTLS offered, LOGIN allowed', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    connect imaps
    S: * OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE AUTH=PLAIN AUTH=LOGIN] mail.test Mailkeep IMAP4 ready
    C: a STARTTLS
    S: a BAD TLS is already active
    C: b LOGIN alice secret
    S: b OK [CAPABILITY {{*}}] Logged in
  `);
});

test('cleartext from another host: LOGINDISABLED, PRIVACYREQUIRED, allowed after STARTTLS or by the setting', async (t) => {
  const address = externalAddress();
  if (!address) return t.skip('no non-loopback address on this machine');
  const ts = await startImapServer(t, { 'listen.address': address });
  await ts.addAccount('alice', 'secret');
  await ts.run(
    `
    connect
    S: * OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE STARTTLS LOGINDISABLED] mail.test Mailkeep IMAP4 ready
    C: a LOGIN alice secret
    S: a NO [PRIVACYREQUIRED] Plaintext authentication is disallowed on non-secure connections: use STARTTLS
    C: b AUTHENTICATE PLAIN ${PLAIN}
    S: b NO [PRIVACYREQUIRED] Plaintext authentication is disallowed on non-secure connections: use STARTTLS
    C: c AUTHENTICATE PLAIN
    S: c NO [PRIVACYREQUIRED] Plaintext authentication is disallowed on non-secure connections: use STARTTLS
    C: d STARTTLS
    S: d OK Begin TLS negotiation now
    starttls
    C: e CAPABILITY
    S: * CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE AUTH=PLAIN AUTH=LOGIN
    S: e OK CAPABILITY completed
    C: f LOGIN alice secret
    S: f OK [CAPABILITY {{*}}] Logged in
  `,
    {},
    address,
  );
  const open = await startImapServer(t, { 'listen.address': address, 'auth.allow_plaintext': 'true' });
  await open.addAccount('alice', 'secret');
  await open.run(
    `
    connect
    S: * OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE STARTTLS AUTH=PLAIN AUTH=LOGIN] {{*}}
    C: a LOGIN alice secret
    S: a OK [CAPABILITY {{*}}] Logged in
  `,
    {},
    address,
  );
});

test('failed logins are throttled per address: UNAVAILABLE, even with the right password', async (t) => {
  const ts = await startImapServer(t, { 'auth.max_failures': '3' });
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    1 C: a LOGIN alice x1
    1 S: a NO [AUTHENTICATIONFAILED] Authentication failed
    1 C: b AUTHENTICATE PLAIN ${b64('\0alice\0x2')}
    1 S: b NO [AUTHENTICATIONFAILED] Authentication failed
    2 C: c LOGIN alice x3
    2 S: c NO [AUTHENTICATIONFAILED] Authentication failed
    2 C: d LOGIN alice secret
    2 S: d NO [UNAVAILABLE] Too many failed logins from your address; try again later
    1 C: e AUTHENTICATE PLAIN ${PLAIN}
    1 S: e NO [UNAVAILABLE] Too many failed logins from your address; try again later
  `);
});

test('UNAUTHENTICATE closes the mailbox, forgets ENABLE, and allows a new login', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.addAccount('bob', 'secret');
  await ts.run(`
    C: a UNAUTHENTICATE
    S: a BAD Log in first
    login alice secret
    C: b ENABLE IMAP4rev2
    S: * ENABLED IMAP4rev2
    S: b OK ENABLE completed
    C: c SELECT INBOX
    S* c OK [READ-WRITE] SELECT completed
    C: d UNAUTHENTICATE
    S: d OK UNAUTHENTICATE completed
    C: e FETCH 1 FLAGS
    S: e BAD Log in first
    C: f CAPABILITY
    S: * CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE STARTTLS AUTH=PLAIN AUTH=LOGIN
    S: f OK CAPABILITY completed
    C: g LOGIN bob secret
    S: g OK [CAPABILITY {{*}}] Logged in
    C: h SELECT INBOX
    S: * FLAGS ({{*}})
    S: * OK [PERMANENTFLAGS ({{*}})] Flags permitted
    S: * 0 EXISTS
    S: * 0 RECENT
    S* h OK [READ-WRITE] SELECT completed
  `);
});
