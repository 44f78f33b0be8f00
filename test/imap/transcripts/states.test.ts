/**
 * Every command in every state (RFC 9051 3): the wrong state is a tagged BAD that says why,
 * and never changes the state. Also unknown commands, bad tags and the limit on bad commands.
 */

import { test } from 'node:test';
import { startImapServer } from '../setup.js';

/** A valid example of each command (all syntax correct). */
const COMMANDS: Record<string, string> = {
  CAPABILITY: 'CAPABILITY',
  NOOP: 'NOOP',
  ID: 'ID NIL',
  STARTTLS: 'STARTTLS',
  AUTHENTICATE: 'AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==',
  LOGIN: 'LOGIN alice secret',
  ENABLE: 'ENABLE X-NONE',
  SELECT: 'SELECT Nope',
  EXAMINE: 'EXAMINE Nope',
  CREATE: 'CREATE Trash',
  DELETE: 'DELETE Nope',
  RENAME: 'RENAME Nope Nope2',
  SUBSCRIBE: 'SUBSCRIBE ""',
  UNSUBSCRIBE: 'UNSUBSCRIBE ""',
  LIST: 'LIST "" Nope',
  LSUB: 'LSUB "" Nope',
  NAMESPACE: 'NAMESPACE',
  STATUS: 'STATUS Nope (MESSAGES)',
  // A synchronising literal: the BAD comes instead of the "+".
  APPEND: 'APPEND Nope {1}',
  CHECK: 'CHECK',
  CLOSE: 'CLOSE',
  UNSELECT: 'UNSELECT',
  EXPUNGE: 'EXPUNGE',
  'UID EXPUNGE': 'UID EXPUNGE 1',
  SEARCH: 'SEARCH ALL',
  FETCH: 'UID FETCH 1 UID',
  STORE: 'UID STORE 1 +FLAGS ()',
  COPY: 'UID COPY 1 Nope',
  MOVE: 'UID MOVE 1 Nope',
  UNAUTHENTICATE: 'UNAUTHENTICATE',
};

const NOT_AUTH_ONLY = ['STARTTLS', 'AUTHENTICATE', 'LOGIN'];
const SELECTED_ONLY = ['CHECK', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'UID EXPUNGE', 'SEARCH', 'FETCH', 'STORE', 'COPY', 'MOVE'];
const ANY = ['CAPABILITY', 'NOOP', 'ID'];

function lines(tagPrefix: string, names: readonly string[], expect: string): string {
  return names
    .map((name, i) => {
      const tag = `${tagPrefix}${i}`;
      return `C: ${tag} ${COMMANDS[name]}\nS: ${tag} BAD ${expect}`;
    })
    .join('\n');
}

test('every command outside its states gets BAD with the reason, and the state does not change', async (t) => {
  const ts = await startImapServer(t, { 'limits.max_bad_commands': '1000' });
  await ts.addAccount('alice', 'secret');
  const all = Object.keys(COMMANDS);
  const authOnly = all.filter((n) => !NOT_AUTH_ONLY.includes(n) && !ANY.includes(n));
  await ts.run(`
    # not authenticated: everything but the any-state and login commands
    ${lines('n', authOnly, 'Log in first')}
    login alice secret
    # authenticated: the login commands and the selected-state ones
    ${lines('a', NOT_AUTH_ONLY, 'Command not valid in this state')}
    ${lines('s', SELECTED_ONLY, 'No mailbox selected')}
    C: x SELECT INBOX
    S* x OK [READ-WRITE] SELECT completed
    # selected: only the login commands
    ${lines('l', NOT_AUTH_ONLY, 'Command not valid in this state')}
    C: y FETCH 1:* UID
    S: y BAD No messages in the mailbox
    C: z UID FETCH 1:* UID
    S: z OK FETCH completed
  `);
});

test('unknown commands, bad tags, UID with a command that has no UID form', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    C: a FROBNICATE
    S: a BAD Unknown command
    C: b
    S: b BAD Syntax error: missing command
    C: +
    S: * BAD Syntax error: missing or invalid tag
    C: c(d NOOP
    S: * BAD Syntax error: missing or invalid tag
    C: "a" NOOP
    S: * BAD Syntax error: missing or invalid tag
    C: e UID NOOP
    S: e BAD Unknown command
    C: f noop
    S: f OK NOOP completed
    C: g NOOP extra
    S: g BAD Syntax error: {{*}}
    C: h  NOOP
    S: h BAD Syntax error: {{*}}
    C:
    S: * BAD Syntax error: missing or invalid tag
  `);
});

test('too many bad commands in a row end the session with BYE; a good one resets the count', async (t) => {
  const ts = await startImapServer(t, { 'limits.max_bad_commands': '3' });
  await ts.run(`
    C: a BOGUS
    S: a BAD Unknown command
    C: b BOGUS
    S: b BAD Unknown command
    C: c NOOP
    S: c OK NOOP completed
    C: d BOGUS
    S: d BAD Unknown command
    C: e BOGUS
    S: e BAD Unknown command
    C: f BOGUS
    S: f BAD Unknown command
    S: * BYE Too many invalid commands
    S: <closed>
  `);
});

test('inactivity: BYE at the login timeout before login, at the idle timeout after', async (t) => {
  const ts = await startImapServer(t, { 'limits.login_timeout_s': '1', 'limits.idle_timeout_s': '2' });
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    1 connect
    1 S: * OK {{*}}
    1 S: * BYE Autologout; idle for too long
    1 S: <closed>
    2 C: a LOGIN alice secret
    2 S: a OK [CAPABILITY {{*}}] Logged in
    2 C: b SELECT INBOX
    2 S* b OK [READ-WRITE] SELECT completed
    2 S: * BYE Autologout; idle for too long
    2 S: <closed>
  `);
});
