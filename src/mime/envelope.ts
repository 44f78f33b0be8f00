/**
 * ENVELOPE (RFC 9051 section 7.5.2; the same in RFC 3501): date, subject, from, sender,
 * reply-to, to, cc, bcc, in-reply-to, message-id. Header text is returned as written (unfolded,
 * encoded words not decoded); an absent field is NIL; an absent or empty Sender or Reply-To is
 * the From value; an address list with no address is NIL; a group is (NIL NIL "name" NIL)
 * followed by its members and (NIL NIL NIL NIL).
 */
import { parseAddressList, type AddressItem, type MailboxAddress } from './address.js';
import { fieldValue, humanText, type RawField } from './header-block.js';
import { headerText } from './tokens.js';
import type { HeaderText, ImapValue } from './types.js';

const ENVELOPE_FIELDS = new Set(['date', 'subject', 'from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'in-reply-to', 'message-id']);

/** The first occurrence of each envelope field (RFC 5322 allows at most one of each). */
export function envelopeFields(fields: RawField[]): Map<string, RawField> {
  const out = new Map<string, RawField>();
  for (const f of fields) if (ENVELOPE_FIELDS.has(f.lname) && !out.has(f.lname)) out.set(f.lname, f);
  return out;
}

function nstring(f: RawField | undefined, human = false): ImapValue {
  if (f === undefined) return null;
  return headerText(human ? humanText(f.value) : fieldValue(f.value));
}

/** A display name for humans (see humanText), without a round trip through bytes when clean. */
function humanName(name: HeaderText): HeaderText {
  if (typeof name === 'string' && !/[\t\r\n\0]|  |^ | $/.test(name)) return name;
  return headerText(humanText(typeof name === 'string' ? Buffer.from(name, 'utf8') : name));
}

/**
 * One address. A NIL host means group syntax in RFC 9051 (and NIL mailbox too means the end of a
 * group), so a broken address gets Dovecot's placeholders instead of NIL; an empty display name
 * is no name (NIL).
 */
function mailboxValue(m: MailboxAddress): ImapValue {
  const name = m.name === null || m.name.length === 0 ? null : humanName(m.name);
  return [name, m.route, m.mailbox ?? 'MISSING_MAILBOX', m.host ?? 'MISSING_DOMAIN'];
}

/** Address items to the ENVELOPE address list form, or NIL when there are none. */
export function addressListValue(items: AddressItem[]): ImapValue {
  const out: ImapValue[] = [];
  for (const it of items) {
    if (it.kind === 'mailbox') out.push(mailboxValue(it));
    else {
      out.push([null, null, it.name, null]);
      for (const m of it.members) out.push(mailboxValue(m));
      out.push([null, null, null, null]);
    }
  }
  return out.length > 0 ? out : null;
}

/** The address list of a field, parsed once (ENVELOPE and the SEARCH fields both need it). */
export function addressesOf(f: RawField): AddressItem[] {
  if (f.addresses === undefined) f.addresses = parseAddressList(f.value);
  return f.addresses;
}

function addresses(f: RawField | undefined): ImapValue {
  if (f === undefined) return null;
  return addressListValue(addressesOf(f));
}

/** Builds the ENVELOPE value of a message header. */
export function buildEnvelope(fields: RawField[]): ImapValue {
  const m = envelopeFields(fields);
  const from = addresses(m.get('from'));
  const sender = addresses(m.get('sender'));
  const replyTo = addresses(m.get('reply-to'));
  return [
    nstring(m.get('date')),
    nstring(m.get('subject'), true),
    from,
    sender ?? from,
    replyTo ?? from,
    addresses(m.get('to')),
    addresses(m.get('cc')),
    addresses(m.get('bcc')),
    nstring(m.get('in-reply-to')),
    nstring(m.get('message-id')),
  ];
}
