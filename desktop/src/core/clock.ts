/** Time and ids come in through these so tests can pin them. Time is stored as UTC ISO strings. */
import { toHex } from './portable/bytes';
import { fillRandom } from './portable/random';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type IdFactory = () => string;

/** Random bytes drawn 4 KB at a time: one system call per 256 ids instead of one per id. */
const randomPool = new Uint8Array(4096);
let randomOffset = randomPool.length;

function sixteenRandomBytes(): Uint8Array {
  if (randomOffset + 16 > randomPool.length) {
    fillRandom(randomPool);
    randomOffset = 0;
  }
  const bytes = randomPool.slice(randomOffset, randomOffset + 16);
  // Used bytes are overwritten at once: no id's randomness stays behind in the pool.
  randomPool.fill(0, randomOffset, randomOffset + 16);
  randomOffset += 16;
  return bytes;
}

/**
 * UUIDv7: time-ordered, so rows made together sit together in B-tree indexes, and unique across
 * tills without coordination (the sync protocol relies on till-made ids).
 */
export function uuidv7(clock: Clock = systemClock): string {
  const bytes = sixteenRandomBytes();
  // 48-bit milliseconds, big-endian: exact in doubles until the year 10889.
  const ms = clock.now().getTime();
  writeMillisecondsBigEndian(bytes, ms);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The low 48 bits of ms into bytes 0..5; by division, since bitwise operators stop at 32 bits. */
function writeMillisecondsBigEndian(bytes: Uint8Array, ms: number): void {
  let rest = ms;
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
