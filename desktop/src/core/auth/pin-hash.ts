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
import { constantTimeEqual, fromBase64Url, toBase64Url, utf8Bytes, utf8Text } from '../portable/bytes';
import { aesGcmOpen, aesGcmSeal, scryptKey } from '../portable/hashing';
import { randomBytes } from '../portable/random';

const defaults = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;
const sealedPrefix = 'sealed1$';
const tagLength = 16;

/** The till's PIN sealing key: 32 bytes from the host (a 0600 key file, Electron's safeStorage; a Node Buffer passes). */
export type PinKey = Uint8Array;

/** The cost new PIN hashes get; verification always reads the cost written in the hash itself. */
let newHashCost: { N: number } = defaults;

/**
 * Tests only (the test till calls it): `'cheap'` hashes new PINs at N = 1024 (1 MiB), `'production'`
 * puts N = 16384 back. Every test till seeds three demo users, so at production cost the suite
 * spent minutes in scrypt, twice as long on the JavaScript one the WebAssembly till uses.
 */
export function setPinHashCostForTests(level: 'cheap' | 'production'): void {
  newHashCost = level === 'production' ? defaults : { N: 1024 };
}

export function hashPin(pin: string, cost: { N: number } = newHashCost): string {
  const salt = randomBytes(16);
  const hash = scryptKey(pin, salt, defaults.keyLength, { N: cost.N, r: defaults.r, p: defaults.p });
  return ['scrypt', cost.N, defaults.r, defaults.p, toBase64Url(salt), toBase64Url(hash)].join('$');
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(sealedPrefix);
}

export function sealPinHash(hash: string, key: PinKey): string {
  if (isSealed(hash)) return hash;
  const iv = randomBytes(12);
  const body = aesGcmSeal(key, iv, utf8Bytes(hash));
  return `${sealedPrefix}${toBase64Url(iv)}$${toBase64Url(body)}`;
}

/** The scrypt hash inside a sealed one; null when the key is not the one that sealed it. */
export function unsealPinHash(stored: string, key: PinKey | null): string | null {
  if (!isSealed(stored)) return stored;
  if (!key) return null;
  const [ivText, bodyText] = stored.slice(sealedPrefix.length).split('$');
  if (!ivText || !bodyText) return null;
  const body = fromBase64Url(bodyText);
  const iv = fromBase64Url(ivText);
  if (body.length <= tagLength || iv.length === 0) return null;
  try {
    return utf8Text(aesGcmOpen(key, iv, body));
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
  const expected = fromBase64Url(hashText);
  if (expected.length === 0) return false;
  let actual: Uint8Array;
  try {
    actual = scryptKey(pin, fromBase64Url(saltText), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  } catch {
    // Cost parameters scrypt refuses: a damaged hash matches no PIN.
    return false;
  }
  return constantTimeEqual(actual, expected);
}
