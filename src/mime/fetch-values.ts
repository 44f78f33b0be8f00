/**
 * Answers FETCH ENVELOPE, BODYSTRUCTURE and BODY from an index. The common case is a copy of the
 * bytes rendered at delivery; a session without UTF8=ACCEPT (when the message has 8-bit header
 * text) or an IMAP4rev1 session (when it has message/global) gets a rendering made for it.
 */
import { buildBodystructure } from './bodystructure.js';
import { downgradeImapValue, renderImapValue } from './imap-value.js';
import type { MimeIndex } from './types.js';

export interface SessionForm {
  /** UTF8=ACCEPT is enabled (RFC 6855), or the session is IMAP4rev2 with UTF-8 allowed. */
  utf8: boolean;
  /** IMAP4rev2 (RFC 9051) rather than IMAP4rev1 (RFC 3501). */
  rev2: boolean;
}

const DEFAULT_FORM: SessionForm = { utf8: true, rev2: true };

/** BODYSTRUCTURE (extensible true) or BODY (false) wire bytes for a session. */
export function renderBodystructure(index: MimeIndex, extensible: boolean, form: SessionForm = DEFAULT_FORM): Buffer {
  const r = index.rendered;
  if ((form.utf8 || !r.has8bit) && (form.rev2 || !r.hasGlobal)) return extensible ? r.bodystructure : r.body;
  return renderImapValue(buildBodystructure(index.root, { extensible, utf8: form.utf8, rev2: form.rev2 }));
}

/** ENVELOPE wire bytes for a session. */
export function renderEnvelope(index: MimeIndex, form: SessionForm = DEFAULT_FORM): Buffer {
  const r = index.rendered;
  if (form.utf8 || !r.has8bit) return r.envelope;
  return renderImapValue(downgradeImapValue(index.root.message?.envelope ?? null));
}
