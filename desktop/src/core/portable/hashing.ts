/**
 * @module
 * SHA-256, scrypt and AES-256-GCM from the audited, dependency-free `@noble` libraries, which run
 * in Node and in browsers alike: the core's hashes and seals no longer need `node:crypto`, and
 * their output is the same bytes (golden tests pin hashes made by Node).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8Bytes } from './bytes';

export function sha256Of(text: string): Uint8Array {
  return sha256(utf8Bytes(text));
}

export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Node's scrypt refuses to use more than 32 MiB by default; the same ceiling here, so a damaged
 * or hostile hash with a huge cost cannot make a login allocate a gigabyte (noble's default).
 */
const scryptMaxMemory = 32 * 1024 * 1024;

/** scrypt itself: same inputs, same bytes out, whichever implementation computes it. */
export type ScryptImplementation = (password: Uint8Array, salt: Uint8Array, keyLength: number, cost: ScryptCost, maxMemory: number) => Uint8Array;

/** @noble's scrypt, the default (a browser's); exported so tests can hold it to Node's bytes. */
export const nobleScrypt: ScryptImplementation = (password, salt, keyLength, cost, maxMemory) =>
  scrypt(password, salt, { N: cost.N, r: cost.r, p: cost.p, dkLen: keyLength, maxmem: maxMemory });

let scryptImplementation: ScryptImplementation = nobleScrypt;

/**
 * A faster scrypt producing the same bytes: the PC's Node host installs `node:crypto`'s native one
 * (about 2.5× faster here, `npm run bench -- pin-hash`), so logins and manager approvals on a PC
 * cost what they did before the core became portable. Browsers keep @noble's. Golden tests hold
 * both to the same output.
 */
export function useScryptImplementation(implementation: ScryptImplementation): void {
  scryptImplementation = implementation;
}

/** Throws for cost parameters scrypt refuses (N not a power of two, memory over the ceiling). */
export function scryptKey(password: string, salt: Uint8Array, keyLength: number, cost: ScryptCost): Uint8Array {
  return scryptImplementation(utf8Bytes(password), salt, keyLength, cost, scryptMaxMemory);
}


/**
 * noble picks AES-128, -192 or -256 from the key's length; Node's 'aes-256-gcm' refuses anything
 * but 32 bytes. So does this: a short key from a broken host is an error, never a weaker seal.
 */
function aes256(key: Uint8Array, iv: Uint8Array): ReturnType<typeof gcm> {
  if (key.length !== 32) throw new RangeError(`AES-256-GCM needs a 32-byte key, not ${key.length} bytes`);
  return gcm(key, iv);
}

/** AES-256-GCM: ciphertext followed by the 16-byte tag, as Node's cipher.final() + getAuthTag(). */
export function aesGcmSeal(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return aes256(key, iv).encrypt(plaintext);
}

/** Throws when the key is not the one that sealed it or the bytes were altered. */
export function aesGcmOpen(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array): Uint8Array {
  return aes256(key, iv).decrypt(sealed);
}
