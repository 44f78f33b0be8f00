/**
 * Hostile and broken input against the live server: over-long lines (commands, AUTHENTICATE
 * answers, IDLE), a literal announcing 4 GB (synchronising: NO [TOOBIG] before any data;
 * non-synchronising: read and thrown away with bounded memory), unbalanced parentheses, deep
 * nesting, 8-bit garbage and NULs. The session survives each, and so do the others.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImapTestClient } from './client.js';
import { message, startImapServer } from './setup.js';

test('over-long lines: BAD, the rest of the line is thrown away, the session goes on', async (t) => {
  const ts = await startImapServer(t, { 'limits.max_bad_commands': '100' });
  await ts.addAccount('alice', 'secret');
  const long = 'x'.repeat(70 * 1024);
  await ts.run(`
    C: a NOOP ${long}
    S: a BAD Command line too long
    C: ${long}
    S: * BAD Command line too long
    C: b LOGIN alice ${'y'.repeat(66_000)}
    S: b BAD Command line too long
    C: c AUTHENTICATE PLAIN
    S: +{{:/ ?/}}
    C: ${'A'.repeat(70_000)}
    S: c BAD Line too long
    C: d LOGIN alice secret
    S: d OK [CAPABILITY {{*}}] Logged in
    C: e IDLE
    S: + idling
    C: ${'D'.repeat(70_000)}
    S: e BAD Line too long
    C: f SELECT INBOX
    S* f OK [READ-WRITE] SELECT completed
    C: g UID FETCH 1:${'1,'.repeat(40_000)}1 UID
    S: g BAD Command line too long
    C: h NOOP
    S: h OK NOOP completed
  `);
});

test('a literal announcing 4 GB: NO [TOOBIG] before the data; LITERAL+ data is drained with bounded memory', async (t) => {
  const ts = await startImapServer(t);
  await ts.addAccount('alice', 'secret');
  await ts.run(`
    login alice secret
    C: a APPEND INBOX {4294967296}
    S: a NO [TOOBIG] Literal too large (the limit is {{:num}} bytes)
    C: b LOGIN {4294967296}
    S: b NO [TOOBIG] Literal too large (the limit is 52428800 bytes)
    C: c SEARCH TEXT {99999999999999999999}
    S: c NO [TOOBIG] Literal too large (the limit is 52428800 bytes)
    C: d NOOP
    S: d OK NOOP completed
  `);
  // Non-synchronising: the client sends what it announced; the server must read it through
  // without keeping it. Send 64 MB of it and check the process does not grow by that much.
  const client = await ImapTestClient.open(ts.port('imap'));
  await client.line();
  await client.login('alice', 'secret');
  client.send('big APPEND INBOX {4294967296+}\r\n');
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const before = process.memoryUsage().rss;
  let peak = before;
  for (let i = 0; i < 64; i++) {
    if (!client.socket.write(chunk)) await new Promise((resolve) => client.socket.once('drain', resolve));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  assert.ok(peak - before < 48 * 1024 * 1024, `rss grew by ${peak - before} bytes while draining 64 MB`);
  assert.ok(client.idle, 'no answer before the literal ends');
  // The connection still works for everybody else.
  const other = await ImapTestClient.open(ts.port('imap'));
  await other.line();
  await other.login('alice', 'secret');
  await other.ok('SELECT INBOX');
  other.close();
  client.close();
});

test('LITERAL+ over the limit: drained, then BAD [TOOBIG]; the next command is read normally', async (t) => {
  const ts = await startImapServer(t, { 'limits.max_message_bytes': '4096' });
  await ts.addAccount('alice', 'secret');
  const big = message('big', 'z'.repeat(6000));
  await ts.run(`
    login alice secret
    C@ ${JSON.stringify(`a APPEND INBOX {${big.length}+}\r\n${big} (\\Seen) {3+}\r\nabc\r\n`)}
    S: a BAD [TOOBIG] Literal too large
    C: b STATUS INBOX (MESSAGES)
    S: * STATUS INBOX (MESSAGES 0)
    S: b OK STATUS completed
  `);
});

test('unbalanced parentheses, deep nesting, 8-bit garbage and NULs are BAD; the session survives', async (t) => {
  const ts = await startImapServer(t, { 'limits.max_bad_commands': '100' });
  const alice = await ts.addAccount('alice', 'secret');
  await ts.deliver(alice, [message('one')]);
  await ts.run(`
    login alice secret
    C: a SELECT INBOX
    S* a OK [READ-WRITE] SELECT completed
    C: b FETCH 1 (FLAGS UID
    S: b BAD Syntax error: {{*}}
    C: c FETCH 1 FLAGS)
    S: c BAD Syntax error: {{*}}
    C: d SEARCH ((ALL)
    S: d BAD Syntax error: {{*}}
    C: e SEARCH ALL))
    S: e BAD Syntax error: {{*}}
    C: f SEARCH ${'('.repeat(5000)}ALL${')'.repeat(5000)}
    S: f BAD Syntax error: {{*}}
    C: g SEARCH ${'NOT '.repeat(3000)}ALL
    S: g BAD Syntax error: {{*}}
    C: h SEARCH ${'OR ALL '.repeat(2000)}ALL
    S: h BAD Syntax error: {{*}}
    C: i LIST (SUBSCRIBED "" *
    S: i BAD Syntax error: {{*}}
    C: j STORE 1 +FLAGS ((\\Seen))
    S: j BAD Syntax error: {{*}}
    C: k SELECT INBOX (QRESYNC (1 1 (1:2 1:2))
    S: k BAD Syntax error: {{*}}
    C@ "l \\u00ff\\u00fe NOOP\\r\\n\\u0000\\u0000\\u0000\\r\\nm NO\\u0000OP\\r\\n\\u00e9\\u00e9 \\u00e9\\r\\n"
    S: l BAD {{*}}
    S: * BAD Syntax error: missing or invalid tag
    S: m BAD {{*}}
    S: * BAD Syntax error: missing or invalid tag
    C: n FETCH 1 (BODY[HEADER.FIELDS (${'A '.repeat(100)}])
    S: n BAD Syntax error: {{*}}
    C: o NOOP
    S: o OK NOOP completed
  `);
  // Raw 8-bit noise with CRLFs in between: one BAD per line at most, then the session answers.
  const client = await ImapTestClient.open(ts.port('imap'));
  await client.line();
  await client.login('alice', 'secret');
  let seed = 7;
  const noise = Buffer.alloc(2000);
  for (let i = 0; i < noise.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    noise[i] = i % 97 === 96 ? 0x0a : 0x80 + (seed % 128);
  }
  client.send(noise);
  client.send('\r\nz NOOP\r\n');
  const result = await client.until('z');
  assert.equal(result.status, 'OK');
  assert.ok(result.untagged.every((line) => / BAD /.test(line) || line.startsWith('* BAD')), result.untagged.join('\n'));
  client.close();
});
