/**
 * RFC 2033 LMTP servers commonly take a recipient without a domain (`RCPT TO:<alice>`):
 * Dovecot's LMTP does, and MTAs configured for local delivery send that form. smtp-server
 * accepts only `postmaster` bare, so for LMTP servers its address parser is given the bare
 * local part with a placeholder domain, which is removed again from the parsed result.
 *
 * This touches smtp-server's parser method `_parseAddressCommand` (not public API); the LMTP
 * tests send bare recipients, so an upgrade that changes it fails loudly, not silently.
 */

import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

const PLACEHOLDER_DOMAIN = 'bare-recipient.mailkeep.invalid';

interface ParsedAddress {
  address: string;
  args: Record<string, string | boolean> | false;
}

interface ConnectionInternals {
  _server: { options: { lmtp?: boolean } };
  _parseAddressCommand(name: string, command: string): ParsedAddress | false;
}

let installed = false;

export function acceptBareLmtpRecipients(): void {
  if (installed) return;
  installed = true;
  const proto = (SMTPConnection as unknown as { prototype: ConnectionInternals }).prototype;
  const original = proto._parseAddressCommand;
  if (typeof original !== 'function') throw new Error('smtp-server changed: _parseAddressCommand is gone');
  proto._parseAddressCommand = function (this: ConnectionInternals, name: string, command: string) {
    const bare = /^(\s*RCPT\s+TO\s*:\s*<)([^<>@\s]+)(>.*)$/is.exec(String(command ?? ''));
    if (this._server.options.lmtp && String(name).trim().toUpperCase() === 'RCPT TO' && bare) {
      const parsed = original.call(this, name, `${bare[1]}${bare[2]}@${PLACEHOLDER_DOMAIN}${bare[3]}`);
      if (parsed) parsed.address = parsed.address.replace(`@${PLACEHOLDER_DOMAIN}`, '');
      return parsed;
    }
    return original.call(this, name, command);
  };
}
