/**
 * @module
 * Slow hashes for what people type: head-office passwords and till PINs. Both are scrypt encoded
 * as `scrypt$N$r$p$salt$hash` (base64url), the format the till verifies PINs in, so a PIN set here
 * works on every register that pulls the users stream.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface Cost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

/** Passwords: 2^15 × 8 × 128 bytes = 32 MiB and ~80 ms per guess. */
export const passwordCost: Cost = { N: 32_768, r: 8, p: 1, keyLength: 32 };
/** PINs: the till's own parameters (desktop/src/core/auth/pin-hash.ts). */
export const pinCost: Cost = { N: 16_384, r: 8, p: 1, keyLength: 32 };

/** What new hashes cost; verification always reads the cost written in the hash itself. */
let costs = { password: passwordCost, pin: pinCost };

/**
 * Tests only: `'cheap'` makes new password and PIN hashes at N = 1024 (1 MiB, about 2 ms),
 * `'production'` puts the costs above back. The suite signs in a few hundred times, and at 32 MiB
 * a guess that is minutes of CI; the format, the verification path and the timing equality of
 * the decoy stay the same. Tests that check the stored parameters run at production cost.
 */
export function setHashingCostForTests(level: 'cheap' | 'production'): void {
  costs = level === 'production' ? { password: passwordCost, pin: pinCost } : { password: { ...passwordCost, N: 1024 }, pin: { ...pinCost, N: 1024 } };
}

function derive(secret: string, salt: Buffer, keyLength: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashSecret(secret: string, cost: Cost = costs.password): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, cost.keyLength, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await derive(secret, Buffer.from(saltText, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function hashPin(pin: string): Promise<string> {
  return hashSecret(pin, costs.pin);
}

/** A hash to verify against when the email is unknown, so both paths take as long. */
let decoy: { N: number; hash: Promise<string> } | null = null;
export function decoyHash(): Promise<string> {
  // Made at the current password cost, so an unknown email costs what a known one does.
  if (decoy?.N !== costs.password.N) decoy = { N: costs.password.N, hash: hashSecret(randomBytes(16).toString('hex')) };
  return decoy.hash;
}
