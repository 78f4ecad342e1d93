/**
 * @module
 * SP-API amounts are decimal strings (2026-01-01 `Decimal`: "a decimal number with no loss of
 * precision"; v0 `Money.Amount`: a string). They become integer cents by reading the digits, never
 * through a float: "19.99" × 100 in floating point is 1998.9999999999998.
 */
import { MAX_AMOUNT_CENTS } from '@cassa/shared';

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,10}))?$/;

/**
 * Cents of a decimal amount; null when it is not a plain decimal, has a fraction of a cent
 * ("1.005") or is beyond what Cassa stores. Trailing zeros are fine ("12.500").
 */
export function centsOf(amount: unknown): number | null {
  if (typeof amount !== 'string' && typeof amount !== 'number') return null;
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? String(amount) : '') : amount.trim();
  const match = DECIMAL.exec(text);
  if (match === null) return null;
  const [, minus, whole, fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(2))) return null;
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents > MAX_AMOUNT_CENTS) return null;
  return minus === '-' && cents !== 0 ? -cents : cents;
}
