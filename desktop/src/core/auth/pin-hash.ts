/**
 * @module
 * PINs are short, so a fast hash would fall to a brute force in seconds: scrypt makes each guess
 * cost tens of milliseconds and memory. Format: `scrypt$N$r$p$salt$hash` (base64url).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const defaults = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;

export function hashPin(pin: string, cost: { N: number } = defaults): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, defaults.keyLength, { N: cost.N, r: defaults.r, p: defaults.p });
  return ['scrypt', cost.N, defaults.r, defaults.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export function verifyPin(pin: string, encoded: string): boolean {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashText, 'base64url');
  const actual = scryptSync(pin, Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
