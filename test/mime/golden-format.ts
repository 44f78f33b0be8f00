/**
 * The format of test/fixtures/mime/*.expected.json: the wire form of ENVELOPE, BODYSTRUCTURE and
 * BODY as IMAP strings (UTF-8 text, or "base64:..." when the bytes are not valid UTF-8), plus
 * the limits the message crosses.
 */
import { isValidUtf8 } from '../../src/mime/charset.js';
import type { MimeIndex } from '../../src/mime/index.js';

export interface Expectation {
  envelope: string;
  bodystructure: string;
  body: string;
  limitsHit: string[];
}

export function wireString(b: Buffer): string {
  return isValidUtf8(b) ? b.toString('utf8') : 'base64:' + b.toString('base64');
}

export function expectationOf(ix: MimeIndex): Expectation {
  return {
    envelope: wireString(ix.rendered.envelope),
    bodystructure: wireString(ix.rendered.bodystructure),
    body: wireString(ix.rendered.body),
    limitsHit: [...ix.limitsHit].sort(),
  };
}
