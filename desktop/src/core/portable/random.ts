/**
 * @module
 * Randomness from Web Crypto's `crypto.getRandomValues`: the same CSPRNG as `node:crypto` in
 * Node 20+, and present in every browser and worker.
 */

/** One call returns at most 65 536 bytes (Web Crypto's limit), so larger requests go in slices. */
export function fillRandom(bytes: Uint8Array): Uint8Array {
  const limit = 65_536;
  for (let start = 0; start < bytes.length; start += limit) {
    globalThis.crypto.getRandomValues(bytes.subarray(start, start + limit));
  }
  return bytes;
}

export function randomBytes(length: number): Uint8Array {
  return fillRandom(new Uint8Array(length));
}

/**
 * A uniform integer in [min, max): draws above the largest multiple of the range are thrown
 * away, so no value is likelier than another (a bare modulo would favour the small ones).
 */
export function randomInt(min: number, max: number): number {
  const range = max - min;
  if (!Number.isInteger(range) || range <= 0 || range > 2 ** 32) throw new RangeError(`randomInt: bad range [${min}, ${max})`);
  const limit = 2 ** 32 - (2 ** 32 % range);
  const word = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(word);
    const value = word[0] ?? 0;
    if (value < limit) return min + (value % range);
  }
}
