/**
 * LIST (RFC 9051 6.3.9, RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 5819 LIST-STATUS,
 * RFC 3348 CHILDREN) and LSUB (RFC 3501 6.3.9).
 *
 * Patterns: "*" matches anything, "%" anything but the hierarchy separator (RFC 9051 6.3.9);
 * the reference is prepended to the pattern. INBOX matches without regard to case.
 */

import type { Mailbox } from '../../store/types.js';
import { decodeMailboxName, encodeList, encodeNamespace, encodeStatusData, MailboxNameError, type ListCommand, type LsubCommand } from '../protocol/index.js';
import { AUTHENTICATED, type CommandTable } from '../session/command-spec.js';
import type { ImapSession } from '../session/session.js';
import { statusValues } from './status.js';

const SEPARATOR = '/';

/** A LIST pattern as a regular expression over stored names. */
function compile(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '%') source += '[^/]*';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  // INBOX is case-insensitive, also as the first level of a longer name.
  if (/^inbox(\/|$)/i.test(pattern)) source = '(?:[Ii][Nn][Bb][Oo][Xx])' + source.slice(5);
  return new RegExp(`^${source}$`, 's');
}

interface Node {
  name: string;
  mailbox: Mailbox | null;
  subscribed: boolean;
  hasChildren: boolean;
  hasSubscribedChild: boolean;
}

function decodePattern(session: ImapSession, wire: string): string | null {
  try {
    return decodeMailboxName(wire, { utf8: session.utf8 });
  } catch (error) {
    if (error instanceof MailboxNameError) return null;
    throw error;
  }
}

async function universe(session: ImapSession): Promise<Map<string, Node>> {
  const { store } = session.context.services;
  const account = session.account!;
  const nodes = new Map<string, Node>();
  const node = (name: string): Node => {
    let n = nodes.get(name);
    if (!n) {
      n = { name, mailbox: null, subscribed: false, hasChildren: false, hasSubscribedChild: false };
      nodes.set(name, n);
    }
    return n;
  };
  for (const mailbox of await store.listMailboxes(account.id)) node(mailbox.name).mailbox = mailbox;
  for (const name of await store.listSubscriptions(account.id)) node(name).subscribed = true;
  for (const n of [...nodes.values()]) {
    const parts = n.name.split(SEPARATOR);
    for (let i = 1; i < parts.length; i++) {
      // A subscription may name a mailbox whose parents do not exist: RFC 5258 3.5 still lists
      // them (\NonExistent, CHILDINFO) under RECURSIVEMATCH, so they get a node too.
      const parentName = parts.slice(0, i).join(SEPARATOR);
      const parent = n.subscribed ? node(parentName) : nodes.get(parentName);
      if (!parent) continue;
      if (n.mailbox) parent.hasChildren = true;
      if (n.subscribed) parent.hasSubscribedChild = true;
    }
  }
  return nodes;
}

function order(a: string, b: string): number {
  if (a === 'INBOX') return -1;
  if (b === 'INBOX') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function list(session: ImapSession, command: ListCommand): Promise<void> {
  const { select, returns } = command;
  const out = session.out;
  // LIST "" "" asks for the hierarchy delimiter and the root (RFC 9051 6.3.9).
  if (command.patterns.length === 1 && command.patterns[0] === '' && !command.extended) {
    out.write(encodeList('LIST', { attributes: ['\\Noselect'], delimiter: SEPARATOR, name: '' }, session.encoding));
    return;
  }
  const reference = decodePattern(session, command.reference) ?? '';
  const regexes = command.patterns
    .map((p) => decodePattern(session, reference + p))
    .filter((p): p is string => p !== null && p !== '')
    .map(compile);
  const nodes = await universe(session);
  // The store creates every parent, so each level a "%" can stop at exists as a mailbox (a
  // \Noselect placeholder at worst); only subscriptions can name what does not exist.
  const listed = [...nodes.values()].filter((n) => regexes.some((r) => r.test(n.name))).sort((a, b) => order(a.name, b.name));
  // RFC 5258 3.5: with RECURSIVEMATCH, parents of subscribed children appear with CHILDINFO
  // even when not subscribed themselves.
  const showSubscribed = returns.subscribed || select.subscribed;
  const specialOnly = select.specialUse;
  const wantStatus = returns.status && returns.status.length > 0 ? returns.status : null;
  for (const n of listed) {
    const exists = n.mailbox !== null;
    if (select.subscribed && !n.subscribed && !(select.recursiveMatch && n.hasSubscribedChild)) continue;
    if (!exists && !select.subscribed) continue;
    if (specialOnly && !n.mailbox?.specialUse) continue;
    const attributes: string[] = [];
    if (!exists) attributes.push('\\NonExistent');
    else if (!n.mailbox!.selectable) attributes.push('\\Noselect');
    if (exists || command.extended) attributes.push(n.hasChildren ? '\\HasChildren' : '\\HasNoChildren');
    if (showSubscribed && n.subscribed) attributes.push('\\Subscribed');
    if (n.mailbox?.specialUse) attributes.push(n.mailbox.specialUse);
    const childInfo = select.subscribed && select.recursiveMatch && n.hasSubscribedChild ? ['SUBSCRIBED'] : undefined;
    await out.send(encodeList('LIST', { attributes, delimiter: SEPARATOR, name: n.name, ...(childInfo ? { childInfo } : {}) }, session.encoding));
    // RFC 5819: STATUS for each selectable listed mailbox, right after its LIST line.
    if (wantStatus && n.mailbox?.selectable) {
      out.write(encodeStatusData(n.name, await statusValues(session, n.mailbox, wantStatus), session.encoding));
    }
  }
}

async function lsub(session: ImapSession, command: LsubCommand): Promise<void> {
  if (command.pattern === '') {
    session.out.write(encodeList('LSUB', { attributes: ['\\Noselect'], delimiter: SEPARATOR, name: '' }, session.encoding));
    return;
  }
  const reference = decodePattern(session, command.reference) ?? '';
  const pattern = decodePattern(session, reference + command.pattern);
  if (pattern === null) return;
  const regex = compile(pattern);
  const nodes = await universe(session);
  const names = new Map<string, boolean>();
  for (const n of nodes.values()) {
    if (!n.subscribed) continue;
    if (regex.test(n.name)) {
      names.set(n.name, !n.mailbox?.selectable);
      continue;
    }
    // RFC 3501 6.3.9: when "%" stops the pattern above a subscribed "foo/bar", "foo" appears,
    // \Noselect unless it is subscribed itself. (With "*" the name itself matched.)
    const parts = n.name.split(SEPARATOR);
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(SEPARATOR);
      if (regex.test(parent) && !names.has(parent) && !nodes.get(parent)?.subscribed) names.set(parent, true);
    }
  }
  for (const name of [...names.keys()].sort(order)) {
    const attributes = names.get(name) ? ['\\Noselect'] : [];
    await session.out.send(encodeList('LSUB', { attributes, delimiter: SEPARATOR, name }, session.encoding));
  }
}

/** RFC 9051 6.3.2: SELECT's LIST response for the mailbox, with accurate attributes. */
export async function writeSelectedList(session: ImapSession, mailbox: Mailbox): Promise<void> {
  const all = await session.context.services.store.listMailboxes(session.account!.id);
  const prefix = mailbox.name + SEPARATOR;
  const attributes = [all.some((m) => m.name.startsWith(prefix)) ? '\\HasChildren' : '\\HasNoChildren'];
  if (mailbox.specialUse) attributes.push(mailbox.specialUse);
  session.out.write(encodeList('LIST', { attributes, delimiter: SEPARATOR, name: mailbox.name }, session.encoding));
}

export const listCommands: CommandTable = {
  LIST: { states: AUTHENTICATED, announce: 'all', run: list },
  LSUB: { states: AUTHENTICATED, announce: 'all', run: lsub },
  NAMESPACE: {
    states: AUTHENTICATED,
    announce: 'all',
    // RFC 2342: one personal namespace with "/"; no other users' or shared namespaces yet.
    async run(session) {
      session.out.write(encodeNamespace([{ prefix: '', delimiter: SEPARATOR }], [], [], session.encoding));
    },
  },
};
