/**
 * ENVELOPE (RFC 9051 7.5.2): "(" date subject from sender reply-to to cc bcc in-reply-to
 * message-id ")". The MIME engine fills EnvelopeData; this file only writes it.
 */
import type { ResponseBuilder, StringValue } from './builder.js';

/** address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")". */
export interface AddressData {
  readonly name: StringValue | null;
  readonly adl: StringValue | null;
  /** Local part; with host null, a group start (name) or end (null) (RFC 9051 7.5.2). */
  readonly mailbox: StringValue | null;
  readonly host: StringValue | null;
}

/** Address lists are null (NIL) when the header is absent; an empty list is written NIL too. */
export interface EnvelopeData {
  readonly date: StringValue | null;
  readonly subject: StringValue | null;
  readonly from: readonly AddressData[] | null;
  readonly sender: readonly AddressData[] | null;
  readonly replyTo: readonly AddressData[] | null;
  readonly to: readonly AddressData[] | null;
  readonly cc: readonly AddressData[] | null;
  readonly bcc: readonly AddressData[] | null;
  readonly inReplyTo: StringValue | null;
  readonly messageId: StringValue | null;
}

function writeAddresses(b: ResponseBuilder, list: readonly AddressData[] | null): void {
  if (list === null || list.length === 0) {
    b.raw('NIL');
    return;
  }
  // env-from = "(" 1*address ")": addresses follow each other without SP.
  b.raw('(');
  for (const a of list) {
    b.raw('(').nstring(a.name).sp().nstring(a.adl).sp().nstring(a.mailbox).sp().nstring(a.host).raw(')');
  }
  b.raw(')');
}

export function writeEnvelope(b: ResponseBuilder, e: EnvelopeData): void {
  b.raw('(').nstring(e.date).sp().nstring(e.subject).sp();
  for (const list of [e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc]) {
    writeAddresses(b, list);
    b.sp();
  }
  b.nstring(e.inReplyTo).sp().nstring(e.messageId).raw(')');
}
