/**
 * Protocol transcripts in the style of Dovecot's imaptest: literal client and server lines,
 * several numbered connections in one script, and patterns for the parts that vary.
 *
 * One directive per line (leading blanks ignored; blank lines and `#` comments skipped). An
 * optional connection number comes first (default 1):
 *
 *   C: text         send text + CRLF ({{name}} is replaced by a captured value)
 *   C@ "json"       send the JSON string's bytes exactly (no CRLF): literal data
 *   S: pattern      the next line from the server must match
 *   S~ pattern      consecutive S~ lines (same connection) match the next lines in any order
 *   S* pattern      skip lines until one matches
 *   S: <closed>     the server closed the connection
 *   connect [name]  open now on the named port (default "imap"); the greeting is NOT read
 *   login USER PASS LOGIN and skip to its OK
 *   starttls        switch this side to TLS (after the server's OK)
 *   close           drop the connection
 *
 * A connection first used by C:, login or starttls is opened automatically and its greeting
 * skipped. Patterns are literal text except:
 *
 *   {{*}}            anything (possibly nothing)
 *   {{name}}         captures a token ([^ ()[\]"]+); once captured, must be equal again
 *   {{name:num}}     digits;  {{name:date}} a quoted date-time;  {{name:any}} anything
 *   {{name:/re/}}    a JavaScript regular expression; {{:...}} matches without capturing
 */

import assert from 'node:assert/strict';
import { ImapTestClient } from './client.js';

export interface TranscriptOptions {
  /** Ports by name; "imap" is the default for new connections. */
  ports: Record<string, number>;
  /** Names in `ports` that speak TLS from the first byte. */
  tlsPorts?: readonly string[];
  /** Host to connect to (default 127.0.0.1). */
  host?: string;
  /** Values known in advance, usable as {{name}}. */
  vars?: Record<string, string>;
  /** Longest wait for one server line. */
  timeoutMs?: number;
}

type Directive =
  | { kind: 'send'; conn: number; text: string; line: number }
  | { kind: 'raw'; conn: number; data: string; line: number }
  | { kind: 'expect'; conn: number; mode: ':' | '~' | '*'; pattern: string; line: number }
  | { kind: 'connect'; conn: number; port: string; line: number }
  | { kind: 'login'; conn: number; user: string; password: string; line: number }
  | { kind: 'starttls'; conn: number; line: number }
  | { kind: 'close'; conn: number; line: number };

function parse(script: string): Directive[] {
  const out: Directive[] = [];
  script.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const text = raw.replace(/^\s+/, '').replace(/\r$/, '');
    if (text === '' || text.startsWith('#')) return;
    const m = /^(?:(\d+)\s+)?(.*)$/s.exec(text)!;
    const conn = m[1] ? Number(m[1]) : 1;
    const rest = m[2]!;
    let d: RegExpExecArray | null;
    if ((d = /^C:(?: (.*))?$/s.exec(rest))) out.push({ kind: 'send', conn, text: d[1] ?? '', line });
    else if ((d = /^C@ (.*)$/s.exec(rest))) out.push({ kind: 'raw', conn, data: JSON.parse(d[1]!) as string, line });
    else if ((d = /^S([:~*])(?: (.*))?$/s.exec(rest))) out.push({ kind: 'expect', conn, mode: d[1] as ':' | '~' | '*', pattern: d[2] ?? '', line });
    else if ((d = /^connect(?: (\w+))?$/.exec(rest))) out.push({ kind: 'connect', conn, port: d[1] ?? 'imap', line });
    else if ((d = /^login (\S+) (\S+)$/.exec(rest))) out.push({ kind: 'login', conn, user: d[1]!, password: d[2]!, line });
    else if (rest === 'starttls') out.push({ kind: 'starttls', conn, line });
    else if (rest === 'close') out.push({ kind: 'close', conn, line });
    else throw new Error(`transcript line ${line}: cannot parse ${JSON.stringify(raw)}`);
  });
  return out;
}

const TYPES: Record<string, string> = {
  num: '\\d+',
  date: '"[^"]*"',
  any: '.*?',
  token: '[^ ()\\[\\]"]+',
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern as a regular expression, with the names it captures (in order). */
function compile(pattern: string, vars: Map<string, string>): { regex: RegExp; names: string[] } {
  let source = '';
  const names: string[] = [];
  let at = 0;
  for (;;) {
    const open = pattern.indexOf('{{', at);
    if (open < 0) {
      source += escape(pattern.slice(at));
      break;
    }
    source += escape(pattern.slice(at, open));
    let close: number;
    let body: string;
    const regexForm = /^\{\{(\w*):\//.exec(pattern.slice(open));
    if (regexForm) {
      close = pattern.indexOf('/}}', open);
      if (close < 0) throw new Error(`unterminated {{ in ${pattern}`);
      body = pattern.slice(open + 2, close + 1);
      at = close + 3;
    } else {
      close = pattern.indexOf('}}', open);
      if (close < 0) throw new Error(`unterminated {{ in ${pattern}`);
      body = pattern.slice(open + 2, close);
      at = close + 2;
    }
    if (body === '*') {
      source += '.*?';
      continue;
    }
    const colon = body.indexOf(':');
    const name = colon < 0 ? body : body.slice(0, colon);
    const type = colon < 0 ? 'token' : body.slice(colon + 1);
    const re = type.startsWith('/') ? type.slice(1, -1) : TYPES[type];
    if (re === undefined) throw new Error(`unknown placeholder type ${type} in ${pattern}`);
    if (name !== '' && vars.has(name)) {
      source += escape(vars.get(name)!);
      continue;
    }
    if (name === '') source += `(?:${re})`;
    else {
      names.push(name);
      source += `(${re})`;
    }
  }
  return { regex: new RegExp(`^${source}$`, 's'), names };
}

function substitute(text: string, vars: Map<string, string>, line: number): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = vars.get(name);
    if (value === undefined) throw new Error(`transcript line ${line}: {{${name}}} has no value yet`);
    return value;
  });
}

/** Runs a transcript; resolves with every captured value. */
export async function runTranscript(script: string, options: TranscriptOptions): Promise<Record<string, string>> {
  const directives = parse(script);
  const vars = new Map<string, string>(Object.entries(options.vars ?? {}));
  const conns = new Map<number, ImapTestClient>();
  const history = new Map<number, string[]>();
  const timeoutMs = options.timeoutMs ?? 10_000;

  const open = async (conn: number, portName: string): Promise<ImapTestClient> => {
    const port = options.ports[portName];
    if (port === undefined) throw new Error(`no port named ${portName}`);
    const client = await ImapTestClient.open(port, { host: options.host ?? '127.0.0.1', tls: options.tlsPorts?.includes(portName) ?? false });
    conns.set(conn, client);
    history.set(conn, []);
    return client;
  };
  const get = async (conn: number): Promise<ImapTestClient> => {
    let client = conns.get(conn);
    if (!client) {
      client = await open(conn, 'imap');
      await client.line(timeoutMs); // the greeting
    }
    return client;
  };
  const context = (conn: number) => {
    const seen = history.get(conn) ?? [];
    return seen.length === 0 ? '' : `\n  last lines on connection ${conn}:\n    ${seen.slice(-8).join('\n    ')}`;
  };
  const readLine = async (conn: number, d: Directive): Promise<string | null> => {
    const client = await get(conn);
    let line: Buffer | null;
    try {
      line = await client.line(timeoutMs);
    } catch (error) {
      throw new Error(`transcript line ${d.line}: ${(error as Error).message}${context(conn)}`);
    }
    const text = line === null ? null : line.toString('utf8');
    history.get(conn)!.push(`S: ${text ?? '<closed>'}`);
    return text;
  };
  const capture = (match: RegExpExecArray, names: string[]) => names.forEach((name, i) => vars.set(name, match[i + 1]!));

  try {
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i]!;
      switch (d.kind) {
        case 'connect':
          await open(d.conn, d.port);
          break;
        case 'send': {
          const client = await get(d.conn);
          const text = substitute(d.text, vars, d.line);
          history.get(d.conn)!.push(`C: ${text}`);
          client.send(Buffer.from(`${text}\r\n`, 'utf8'));
          break;
        }
        case 'raw': {
          const client = await get(d.conn);
          history.get(d.conn)!.push(`C@ ${JSON.stringify(d.data.slice(0, 60))}`);
          client.send(Buffer.from(d.data, 'utf8'));
          break;
        }
        case 'login': {
          const client = await get(d.conn);
          const result = await client.command(`LOGIN ${d.user} ${d.password}`, { tag: 'L', timeoutMs });
          assert.equal(result.status, 'OK', `transcript line ${d.line}: login failed: ${result.tagged}`);
          break;
        }
        case 'starttls':
          await (await get(d.conn)).startTls();
          break;
        case 'close':
          conns.get(d.conn)?.close();
          conns.delete(d.conn);
          break;
        case 'expect': {
          if (d.mode === '~') {
            // Gather the unordered group.
            const group: Extract<Directive, { kind: 'expect' }>[] = [d];
            while (i + 1 < directives.length) {
              const next = directives[i + 1]!;
              if (next.kind !== 'expect' || next.mode !== '~' || next.conn !== d.conn) break;
              group.push(next);
              i++;
            }
            const lines: string[] = [];
            for (let n = 0; n < group.length; n++) {
              const text = await readLine(d.conn, d);
              if (text === null) assert.fail(`transcript line ${d.line}: connection closed in an unordered group${context(d.conn)}`);
              lines.push(text);
            }
            const remaining = [...group];
            for (const text of lines) {
              const at = remaining.findIndex((g) => compile(g.pattern, vars).regex.test(text));
              if (at < 0) {
                assert.fail(
                  `transcript line ${d.line}: ${JSON.stringify(text)} matches none of\n    ${remaining.map((g) => g.pattern).join('\n    ')}${context(d.conn)}`,
                );
              }
              const { regex, names } = compile(remaining[at]!.pattern, vars);
              capture(regex.exec(text)!, names);
              remaining.splice(at, 1);
            }
            break;
          }
          if (d.pattern === '<closed>') {
            const text = await readLine(d.conn, d);
            if (text !== null) assert.fail(`transcript line ${d.line}: expected the connection to close, got ${JSON.stringify(text)}${context(d.conn)}`);
            conns.delete(d.conn);
            break;
          }
          for (;;) {
            const text = await readLine(d.conn, d);
            const { regex, names } = compile(d.pattern, vars);
            if (text === null) assert.fail(`transcript line ${d.line}: connection closed, expected ${JSON.stringify(d.pattern)}${context(d.conn)}`);
            const match = regex.exec(text);
            if (match) {
              capture(match, names);
              break;
            }
            if (d.mode === '*') continue;
            assert.fail(`transcript line ${d.line}:\n  expected ${JSON.stringify(d.pattern)}\n  got      ${JSON.stringify(text)}${context(d.conn)}`);
          }
          break;
        }
      }
    }
  } finally {
    for (const client of conns.values()) client.close();
  }
  return Object.fromEntries(vars);
}

/** JSON for a `C@` line: literal bytes (e.g. a message) sent exactly. */
export function raw(data: string | Buffer): string {
  return `C@ ${JSON.stringify(Buffer.isBuffer(data) ? data.toString('utf8') : data)}`;
}

/** A `C@` directive sending `head {n+}` CRLF, the literal, and `tail` CRLF (LITERAL+). */
export function withLiteral(head: string, literal: string | Buffer, tail = ''): string {
  const bytes = Buffer.isBuffer(literal) ? literal : Buffer.from(literal, 'utf8');
  return raw(Buffer.concat([Buffer.from(`${head} {${bytes.length}+}\r\n`), bytes, Buffer.from(`${tail}\r\n`)]));
}
