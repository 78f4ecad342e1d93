/**
 * @module
 * Money and quantities as the emulated device sees them: integer cents and integer thousandths,
 * parsed from the wire's decimal text without floating point, and formatted back the brands' ways.
 * Written for the emulator only; adapters have their own parsers on purpose (the emulator is the
 * independent check on them).
 */

/** Larger amounts are refused: a real RT prints at most 9 digits of cents (1387's amount field). */
export const maxCents = 999_999_999;
/** 99 999.999 pieces: far above any till, small enough that quantity × price stays an exact integer. */
export const maxThousandths = 99_999_999;

export class WireNumberError extends Error {}

/**
 * Parses "12", "12.5" into an integer scaled by 10^decimals. Request decimals use a dot
 * (fiscal-rt.md §1 Formatting [2]); a comma, more decimals than the scale allows, signs, exponents,
 * spaces, NUL bytes and empty text are refused, so an adapter that formats money wrongly fails here.
 */
export function parseScaled(text: string, decimals: number, max: number): number {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) throw new WireNumberError(`not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw new WireNumberError(`too many decimals: ${text}`);
  const value = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(value) || value > max) throw new WireNumberError(`out of range: ${text}`);
  return value;
}

/** A decimal euro amount ("9.90") to cents. */
export function parseEuroToCents(text: string): number {
  return parseScaled(text, 2, maxCents);
}

/** A decimal quantity ("2", "0.250") to thousandths. */
export function parseQuantity(text: string): number {
  return parseScaled(text, 3, maxThousandths);
}

/** An integer field (Custom's ×100 and ×1000 integers, RCH's `$` cents). */
export function parseWireInteger(text: string, max: number): number {
  if (!/^\d{1,12}$/.test(text.trim())) throw new WireNumberError(`not an integer: ${JSON.stringify(text.slice(0, 40))}`);
  const value = Number(text.trim());
  if (value > max) throw new WireNumberError(`out of range: ${text}`);
  return value;
}

/**
 * The line amount in cents: round-half-up(quantity × unit price).
 * ASSUMPTION [U]: the reference does not say how the RT rounds a fractional quantity times a price;
 * half-up to the cent is what Italian receipts show and what the emulator does.
 */
export function lineAmountCents(quantityThousandths: number, unitPriceCents: number): number {
  // quantity ≤ 1e8 and price ≤ 1e9 would overflow 2^53, so the product is taken in BigInt.
  const product = BigInt(quantityThousandths) * BigInt(unitPriceCents);
  const cents = (product + 500n) / 1000n;
  if (cents > BigInt(maxCents)) throw new WireNumberError('line amount out of range');
  return Number(cents);
}

/**
 * The VAT inside a gross amount (scorporo), basis points rate: round-half-up(gross × rate / (10000 + rate)).
 * ASSUMPTION [U]: the device's own VAT rounding (per line or per rate) is not in the reference; per rate.
 */
export function vatInsideGross(grossCents: number, rateBasisPoints: number): number {
  if (rateBasisPoints === 0) return 0;
  const denominator = BigInt(10_000 + rateBasisPoints);
  const numerator = BigInt(grossCents) * BigInt(rateBasisPoints) * 2n + denominator;
  return Number(numerator / (denominator * 2n));
}

/** Cents as Epson and Custom replies print them: "1,00", "176,40" (comma decimals, no grouping). */
export function formatCommaAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
