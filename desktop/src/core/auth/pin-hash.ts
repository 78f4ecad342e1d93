/**
 * @module
 * PINs are short, so a fast hash would fall to a brute force in seconds: scrypt makes each guess
 * cost tens of milliseconds and memory. Format: `scrypt$N$r$p$salt$hash` (base64url).
 *
 * Even scrypt does not save a 4-digit PIN from someone holding the hash (10 000 guesses take
 * minutes), so at rest the till seals each hash with a key it keeps outside the database
 * (AES-256-GCM, `sealed1$iv$ciphertext`): a copied till.db alone gives nothing to guess against.
 * Head office still receives and sends plain scrypt hashes; the seal is this till's own.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const defaults = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;
const sealedPrefix = 'sealed1$';

/** The till's PIN sealing key: 32 bytes from the host (a 0600 key file, Electron's safeStorage). */
export type PinKey = Uint8Array;

export function hashPin(pin: string, cost: { N: number } = defaults): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, defaults.keyLength, { N: cost.N, r: defaults.r, p: defaults.p });
  return ['scrypt', cost.N, defaults.r, defaults.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(sealedPrefix);
}

export function sealPinHash(hash: string, key: PinKey): string {
  if (isSealed(hash)) return hash;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(hash, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${sealedPrefix}${iv.toString('base64url')}$${body.toString('base64url')}`;
}

/** The scrypt hash inside a sealed one; null when the key is not the one that sealed it. */
export function unsealPinHash(stored: string, key: PinKey | null): string | null {
  if (!isSealed(stored)) return stored;
  if (!key) return null;
  const [ivText, bodyText] = stored.slice(sealedPrefix.length).split('$');
  if (!ivText || !bodyText) return null;
  const body = Buffer.from(bodyText, 'base64url');
  if (body.length <= 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function verifyPin(pin: string, stored: string, key: PinKey | null = null): boolean {
  const encoded = unsealPinHash(stored, key);
  if (encoded === null) return false;
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashText, 'base64url');
  if (expected.length === 0) return false;
  let actual: Buffer;
  try {
    actual = scryptSync(pin, Buffer.from(saltText, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  } catch {
    // Cost parameters scrypt refuses: a damaged hash matches no PIN.
    return false;
  }
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
