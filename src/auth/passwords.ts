/**
 * Password hashes: scrypt (RFC 7914) with a random salt, stored in a self-describing string
 *   $scrypt$ln=14,r=8,p=1$<salt base64>$<hash base64>
 * so the cost can be raised later without breaking stored hashes. Verification compares in
 * constant time, and an unknown user costs the same as a wrong password.
 */

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MAX_PASSWORD_BYTES } from '../limits.js';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** 2^14 iterations with r=8: about 16 MB and tens of milliseconds per hash (scrypt's own
 *  interactive-login recommendation). */
const DEFAULT_COST = { ln: 14, r: 8, p: 1 };

function derive(password: string, salt: Buffer, cost: { ln: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.ln, r: cost.r, p: cost.p, maxmem: 256 * 2 ** cost.ln * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  checkLength(password);
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, DEFAULT_COST);
  const { ln, r, p } = DEFAULT_COST;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  cost: { ln: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return null;
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (ln < 1 || ln > 20 || r < 1 || p < 1) return null;
  return { cost: { ln, r, p }, salt: Buffer.from(match[4]!, 'base64'), key: Buffer.from(match[5]!, 'base64') };
}

/** A hash nobody's password matches, checked for unknown users so that timing tells nothing. */
let dummyHash: Promise<string> | null = null;

/**
 * True when `password` matches `stored`. With `stored` null (no such user) the same work is
 * done against a dummy hash and the answer is false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return false;
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const parsed = parseHash(stored ?? (await dummyHash));
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key) && stored !== null;
}

function checkLength(password: string): void {
  if (password.length === 0) throw new Error('the password is empty');
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new Error(`the password is longer than ${MAX_PASSWORD_BYTES} bytes`);
  }
}
