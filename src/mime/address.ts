/**
 * Address lists (RFC 5322 section 3.4 with the obsolete forms of section 4.4): mailboxes, groups,
 * quoted and encoded display names, comments (used as the name when there is no display name,
 * as in "user@host (Real Name)"), source routes, and the malformed lists real mail carries
 * (missing domain, unclosed brackets, stray commas). Never throws.
 */
import { unfold } from './header-block.js';
import { headerText } from './tokens.js';
import type { HeaderText } from './types.js';

export interface MailboxAddress {
  kind: 'mailbox';
  /** Display name as written (quotes removed, encoded words not decoded), or null. */
  name: HeaderText | null;
  /** Obsolete source route ("@a,@b") without the trailing colon, or null. */
  route: string | null;
  mailbox: HeaderText | null;
  host: HeaderText | null;
}

export interface GroupAddress {
  kind: 'group';
  name: HeaderText;
  members: MailboxAddress[];
}

export type AddressItem = MailboxAddress | GroupAddress;

// Tokens hold header bytes as latin1 strings (one char per byte): cheap to slice and compare,
// turned back into HeaderText (UTF-8 string or bytes) only for the final fields.
type Tok =
  | { t: 'atom'; v: string }
  | { t: 'quoted'; v: string }
  | { t: 'comment'; v: string }
  | { t: 'literal'; v: string }
  | { t: 'special'; c: number };

const SPECIAL = new Uint8Array(256);
for (const c of '()<>[]:;@\\,."') SPECIAL[c.charCodeAt(0)] = 1;

function tokenize(b: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      i++;
    } else if (c === 0x22) {
      let out = '';
      i++;
      let from = i;
      while (i < b.length && b.charCodeAt(i) !== 0x22) {
        if (b.charCodeAt(i) === 0x5c && i + 1 < b.length) {
          out += b.slice(from, i);
          i++;
          from = i;
        }
        i++;
      }
      out += b.slice(from, i);
      i++;
      toks.push({ t: 'quoted', v: out });
    } else if (c === 0x28) {
      let out = '';
      let depth = 0;
      while (i < b.length) {
        const d = b.charCodeAt(i++);
        if (d === 0x5c && i < b.length) {
          out += b[i++]!;
          continue;
        }
        if (d === 0x28) {
          if (depth > 0) out += '(';
          depth++;
        } else if (d === 0x29) {
          depth--;
          if (depth === 0) break;
          out += ')';
        } else out += b[i - 1]!;
      }
      toks.push({ t: 'comment', v: out });
    } else if (c === 0x5b) {
      const end = b.indexOf(']', i);
      const stop = end < 0 ? b.length : end + 1;
      toks.push({ t: 'literal', v: b.slice(i, stop) });
      i = stop;
    } else if (SPECIAL[c] === 1) {
      toks.push({ t: 'special', c });
      i++;
    } else {
      const start = i;
      while (i < b.length) {
        const d = b.charCodeAt(i);
        if (d === 0x20 || d === 0x09 || d === 0x0d || d === 0x0a || (d < 256 && SPECIAL[d] === 1)) break;
        i++;
      }
      toks.push({ t: 'atom', v: b.slice(start, i) });
    }
  }
  return toks;
}

function isSpecial(tok: Tok | undefined, ch: string): boolean {
  return tok !== undefined && tok.t === 'special' && tok.c === ch.charCodeAt(0);
}

/** A latin1 string of header bytes as HeaderText. */
function text(s: string): HeaderText {
  return /[^\x00-\x7f]/.test(s) ? headerText(Buffer.from(s, 'latin1')) : s;
}

/** Joins display-name words with single spaces (RFC 5322 3.2.5 phrase). */
function phraseText(words: string[]): HeaderText | null {
  if (words.length === 0) return null;
  return text(words.join(' '));
}

class AddressParser {
  i = 0;
  lastComment: string | null = null;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  /** Next token, remembering and skipping comments. */
  private skipComments(): void {
    while (this.i < this.toks.length) {
      const t = this.toks[this.i]!;
      if (t.t !== 'comment') break;
      if (t.v.length > 0) this.lastComment = t.v;
      this.i++;
    }
  }

  parseList(): AddressItem[] {
    const out: AddressItem[] = [];
    while (this.i < this.toks.length) {
      this.skipComments();
      const tok = this.peek();
      if (tok === undefined) break;
      if (isSpecial(tok, ',') || isSpecial(tok, ';') || isSpecial(tok, '>')) {
        this.i++;
        continue;
      }
      const item = this.parseAddress(false);
      if (item !== null) out.push(item);
    }
    return out;
  }

  /** One mailbox or group; inGroup disables nested groups (RFC 5322 3.4). */
  private parseAddress(inGroup: boolean): AddressItem | null {
    this.lastComment = null;
    const words: string[] = [];
    // Tokens seen so far, kept so they can be re-read as a local part if an '@' follows.
    const startIndex = this.i;
    for (;;) {
      this.skipComments();
      const tok = this.peek();
      if (tok === undefined || isSpecial(tok, ',') || (inGroup && isSpecial(tok, ';'))) {
        // Only a phrase: a malformed address with no '@'; keep it as the mailbox.
        if (words.length === 0) return null;
        this.i = startIndex;
        return this.parseAddrSpec(null);
      }
      if (tok.t === 'atom' || tok.t === 'quoted') {
        words.push(tok.v);
        this.i++;
      } else if (isSpecial(tok, '<')) {
        this.i++;
        const name = phraseText(words);
        return this.parseAngle(name);
      } else if (isSpecial(tok, ':') && !inGroup) {
        this.i++;
        return this.parseGroup(phraseText(words) ?? '');
      } else if (isSpecial(tok, '.')) {
        // obs-phrase (RFC 5322 4.1): "Joe Q. Public"; the dot joins the word before it.
        const last = words.length - 1;
        if (last >= 0) words[last] += '.';
        else words.push('.');
        this.i++;
      } else if (isSpecial(tok, '@')) {
        this.i = startIndex;
        return this.parseAddrSpec(null);
      } else {
        // '>', ';', ':' in a group, a literal or ')' out of place: skip it.
        this.i++;
      }
    }
  }

  private parseGroup(name: HeaderText): GroupAddress {
    const members: MailboxAddress[] = [];
    for (;;) {
      this.skipComments();
      const tok = this.peek();
      if (tok === undefined) break;
      if (isSpecial(tok, ';')) {
        this.i++;
        break;
      }
      if (isSpecial(tok, ',')) {
        this.i++;
        continue;
      }
      const item = this.parseAddress(true);
      if (item !== null && item.kind === 'mailbox') members.push(item);
    }
    return { kind: 'group', name, members };
  }

  private parseAngle(name: HeaderText | null): MailboxAddress {
    this.skipComments();
    let route: string | null = null;
    // Obsolete route: "<@a,@b:user@host>" (RFC 5322 4.4 obs-route).
    if (isSpecial(this.peek(), '@')) {
      const save = this.i;
      const hops: string[] = [];
      let ok = false;
      while (this.i < this.toks.length) {
        const t = this.toks[this.i]!;
        if (isSpecial(t, ':')) {
          this.i++;
          ok = true;
          break;
        }
        if (isSpecial(t, '>')) break;
        if (t.t === 'atom' || t.t === 'literal') hops.push(t.v);
        else if (isSpecial(t, '@')) hops.push('@');
        else if (isSpecial(t, ',')) hops.push(',');
        else if (isSpecial(t, '.')) hops.push('.');
        this.i++;
      }
      if (ok) route = hops.join('');
      else this.i = save;
    }
    const addr = this.parseAddrSpec(name, true);
    addr.route = route;
    return addr;
  }

  /** local-part ["@" domain]; inAngle stops at '>'. */
  private parseAddrSpec(name: HeaderText | null, inAngle = false): MailboxAddress {
    const local: string[] = [];
    const domain: string[] = [];
    let seenAt = false;
    for (;;) {
      this.skipComments();
      const tok = this.peek();
      if (tok === undefined) break;
      if (inAngle && isSpecial(tok, '>')) {
        this.i++;
        break;
      }
      if (!inAngle && (isSpecial(tok, ',') || isSpecial(tok, ';') || isSpecial(tok, '<'))) break;
      if (inAngle && isSpecial(tok, ',') && !seenAt) {
        this.i++;
        continue;
      }
      if (inAngle && (isSpecial(tok, ',') || isSpecial(tok, ';'))) break;
      this.i++;
      if (isSpecial(tok, '@') && !seenAt) {
        seenAt = true;
        continue;
      }
      const target = seenAt ? domain : local;
      if (tok.t === 'atom' || tok.t === 'literal') target.push(tok.v);
      else if (tok.t === 'quoted') target.push(seenAt ? tok.v : quoteLocal(tok.v));
      else if (tok.t === 'special') target.push(String.fromCharCode(tok.c));
    }
    const mailbox = local.length > 0 ? text(local.join('')) : null;
    const host = seenAt && domain.length > 0 ? text(domain.join('')) : null;
    const comment = name === null && this.lastComment !== null ? text(this.lastComment) : null;
    // A trailing comment after the addr-spec, e.g. "a@b (Name)", was not read yet.
    this.skipComments();
    const trailing = name === null && comment === null && this.lastComment !== null ? text(this.lastComment) : null;
    return { kind: 'mailbox', name: name ?? comment ?? trailing, route: null, mailbox, host };
  }
}

/** A quoted local part keeps its quotes when it needs them (RFC 5322 3.4.1). */
function quoteLocal(s: string): string {
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.\x80-\xff]+$/.test(s) && !s.startsWith('.') && !s.endsWith('.') && !s.includes('..')) return s;
  return '"' + s.replace(/(["\\])/g, '\\$1') + '"';
}

/** Parses an address-list header value (raw bytes or a string). */
export function parseAddressList(raw: Buffer | string): AddressItem[] {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : unfold(raw);
  return new AddressParser(tokenize(bytes.toString('latin1'))).parseList();
}

/** Flattens groups into their member mailboxes (for SEARCH and SORT). */
export function flattenAddresses(items: AddressItem[]): MailboxAddress[] {
  const out: MailboxAddress[] = [];
  for (const it of items) {
    if (it.kind === 'mailbox') out.push(it);
    else out.push(...it.members);
  }
  return out;
}
