/**
 * @module
 * What a scale protocol is: the commands to send and how to read the answers. Protocols are pure
 * (text in, readings out); the Scale device does the I/O and the timing.
 */
import type { SerialSettings } from '../connection/connection-string';

export interface ScaleStatusFlags {
  readonly motion: boolean;
  readonly overCapacity: boolean;
  readonly underZero: boolean;
}

export type ScaleReading =
  /** A weight in whole grams; `stable` false when the protocol says the plate is still moving. */
  | { readonly kind: 'weight'; readonly grams: number; readonly stable: boolean }
  /** The scale answered with a status instead of a weight. */
  | ({ readonly kind: 'status'; readonly raw: number } & ScaleStatusFlags);

export interface ScaleProtocol {
  readonly name: string;
  /** Serial settings the scale ships with; a connection string can override them. */
  readonly serial: SerialSettings;
  readonly weighCommand: string;
  readonly zeroCommand?: string;
  readonly tareCommand?: string;
  readonly clearCommand?: string;
  /**
   * Takes the first complete answer out of `buffer` (text received so far, latin1). Returns the
   * reading and what is left, `undefined` while the answer is incomplete.
   * @throws Error for an answer that is complete but not understood.
   */
  parse(buffer: string): { reading: ScaleReading; rest: string } | undefined;
}

/**
 * "1.234" kg → 1234 g without floating point: a weight on a receipt must not become 1233.
 * More than three decimals are rounded half up.
 */
export function kilogramsTextToGrams(text: string): number {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) throw new Error(`'${text}' is not a weight`);
  const whole = Number(match[1] || '0');
  const decimals = match[2] ?? '';
  const grams = Number(decimals.slice(0, 3).padEnd(3, '0'));
  const roundUp = (decimals[3] ?? '0') >= '5' ? 1 : 0;
  return whole * 1000 + grams + roundUp;
}
