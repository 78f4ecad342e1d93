/**
 * @module
 * Device tokens, pairing codes and the admin token. Tokens are 256 random bits, so a plain
 * SHA-256 is enough to store them: there is nothing to brute-force that a slow KDF would slow.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Crockford's base 32: no I, L, O, U, so a code read aloud or typed on a till is unambiguous. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function newDeviceToken(): string {
  return `cdt_${randomBytes(32).toString('base64url')}`;
}

/** Ten characters, shown as XXXX-XXXX-XX: about 50 bits, used once, and expiring. */
export function newPairingCode(): string {
  let raw = '';
  for (let i = 0; i < 10; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/** What is hashed and compared: case and dashes are how people type, not part of the code. */
export function normalisePairingCode(code: string): string {
  return code.replace(/-/g, '').toUpperCase();
}

export function hashPairingCode(code: string): string {
  return sha256Hex(`pairing:${normalisePairingCode(code)}`);
}

/** Compares hashes so the time taken says nothing about how much of the token matched. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(sha256Hex(expected), 'hex');
  return timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
