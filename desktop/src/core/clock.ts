/** Time and ids come in through these so tests can pin them. Time is stored as UTC ISO strings. */
import { randomBytes } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type IdFactory = () => string;

/**
 * UUIDv7: time-ordered, so rows made together sit together in B-tree indexes, and unique across
 * tills without coordination (the sync protocol relies on till-made ids).
 */
export function uuidv7(clock: Clock = systemClock): string {
  const bytes = randomBytes(16);
  const ms = BigInt(clock.now().getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
