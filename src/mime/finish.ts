/**
 * Completes an index once the tree is parsed: the fields SEARCH and SORT read (decoded subject,
 * addresses, date, message ids) and the pre-rendered ENVELOPE, BODYSTRUCTURE and BODY, so that
 * answering them later is a copy of stored bytes.
 */
import { flattenAddresses } from './address.js';
import { buildBodystructure, hasMessageGlobal } from './bodystructure.js';
import { parseDate } from './date.js';
import { addressesOf, envelopeFields } from './envelope.js';
import { fieldValue, type RawField } from './header-block.js';
import { renderImapValue } from './imap-value.js';
import { decodeHeaderText } from './rfc2047.js';
import type { MimeIndex, MimePart, SearchAddress, SearchFields } from './types.js';

function searchAddresses(f: RawField | undefined): SearchAddress[] {
  if (f === undefined) return [];
  return flattenAddresses(addressesOf(f)).map((a) => {
    const mailbox = a.mailbox === null ? '' : a.mailbox.toString();
    const host = a.host === null ? '' : a.host.toString();
    return {
      name: a.name === null ? '' : decodeHeaderText(a.name),
      address: host === '' ? mailbox : `${mailbox}@${host}`,
    };
  });
}

/** Message ids ("<...>") in a header value, in order. */
export function messageIds(value: string): string[] {
  return value.match(/<[^<>]*>/g) ?? [];
}

/** Computes the SEARCH/SORT fields of a message header. */
export function searchFields(fields: RawField[]): SearchFields {
  const m = envelopeFields(fields);
  const text = (name: string): string | null => {
    const f = m.get(name);
    return f === undefined ? null : fieldValue(f.value).toString('utf8');
  };
  const refs = fields.find((f) => f.lname === 'references');
  const date = text('date');
  const parsed = date === null ? null : parseDate(date);
  const subject = m.get('subject');
  return {
    subject: subject === undefined ? '' : decodeHeaderText(subject.value),
    from: searchAddresses(m.get('from')),
    to: searchAddresses(m.get('to')),
    cc: searchAddresses(m.get('cc')),
    bcc: searchAddresses(m.get('bcc')),
    date: parsed === null ? null : parsed.getTime(),
    messageId: text('message-id'),
    inReplyTo: text('in-reply-to'),
    references: refs === undefined ? [] : messageIds(fieldValue(refs.value).toString('latin1')),
  };
}

function has8bitByte(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return true;
  return false;
}

/** Builds the final MimeIndex. */
export function finishIndex(root: MimePart, size: number, limitsHit: string[], rootFields: RawField[]): MimeIndex {
  const envelope = root.message?.envelope ?? null;
  const renderedEnvelope = renderImapValue(envelope);
  const bs = buildBodystructure(root, { extensible: true });
  const body = buildBodystructure(root, { extensible: false });
  const renderedBs = renderImapValue(bs);
  return {
    size,
    root,
    headerSize: root.bodyStart - root.headerStart,
    search: searchFields(rootFields),
    rendered: {
      envelope: renderedEnvelope,
      bodystructure: renderedBs,
      body: renderImapValue(body),
      // BODYSTRUCTURE contains the envelopes of encapsulated messages, so both are checked.
      has8bit: has8bitByte(renderedEnvelope) || has8bitByte(renderedBs),
      hasGlobal: hasMessageGlobal(root),
    },
    limitsHit,
  };
}
