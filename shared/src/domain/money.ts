/**
 * @module
 * Money and quantity arithmetic for the till. Amounts are integer euro cents and quantities are
 * integer thousandths, so every rule here is exact: binary floats cannot represent 0,10 € and a
 * receipt that is off by a cent is a fiscal error, not a cosmetic one.
 */

/** An amount in euro cents. Always a safe integer; negative for returns and refunds. */
export type Cents = number;

/** A quantity in thousandths: 1000 is one piece, one kilogram or one metre. Always a safe integer. */
export type QuantityMilli = number;

/** A percentage in hundredths of a percent: 1250 is 12.5 %, 10000 is 100 %. */
export type BasisPoints = number;

/** One unit of quantity (a piece, a kilogram, a metre) in {@link QuantityMilli}. */
export const QUANTITY_ONE: QuantityMilli = 1000;

/** Thrown when a value that must be a whole number of cents or thousandths is not one. */
export class NotAnIntegerError extends Error {
  override readonly name = 'NotAnIntegerError';
  constructor(
    readonly label: string,
    readonly value: unknown,
  ) {
    super(`${label} must be a safe integer, got ${describe(value)}`);
  }
}

/** Thrown by {@link parseEuroAmount} for text that is not a euro amount. */
export class InvalidAmountError extends Error {
  override readonly name = 'InvalidAmountError';
  constructor(
    readonly input: string,
    readonly detail: string,
  ) {
    super(`Cannot read ${JSON.stringify(input)} as a euro amount: ${detail}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value;
}

/** True when `value` is a valid {@link Cents} amount (a safe integer). */
export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Throws {@link NotAnIntegerError} unless `value` is a safe integer number of cents.
 * @example assertCents(1250, 'unit price') // ok; assertCents(12.5, 'unit price') throws
 */
export function assertCents(value: unknown, label = 'amount in cents'): asserts value is Cents {
  if (!isCents(value)) throw new NotAnIntegerError(label, value);
}

/** Throws {@link NotAnIntegerError} unless `value` is a safe integer number of thousandths. */
export function assertQuantityMilli(
  value: unknown,
  label = 'quantity in thousandths',
): asserts value is QuantityMilli {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new NotAnIntegerError(label, value);
  }
}

/**
 * Reads a quantity as typed ("5", "1,5", "0.250", "-2" when signed) into thousandths; null when
 * it is not one. A fourth decimal would drop part of a unit without saying so, so it is refused.
 * @example parseQuantityText('1,5') // 1500
 */
export function parseQuantityText(text: string, options: { signed?: boolean } = {}): QuantityMilli | null {
  const cleaned = text.replace(/\s/g, '').replace('\u2212', '-');
  const shape = options.signed === true ? /^[+-]?\d{1,12}([.,]\d{1,3})?$/ : /^\d{1,12}([.,]\d{1,3})?$/;
  if (!shape.test(cleaned)) return null;
  const [whole = '', fraction = ''] = cleaned.replace(/^[+-]/, '').replace(',', '.').split('.');
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  return cleaned.startsWith('-') && milli !== 0 ? -milli : milli;
}

/**
 * Divides and rounds half away from zero ("half-up" on the magnitude), so a return mirrors the
 * sale it reverses to the cent. `denominator` must be positive.
 */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return numerator < 0n ? -rounded : rounded;
}

/** Converts an exact BigInt result back to cents, refusing results a number cannot hold exactly. */
function toCents(value: bigint, label: string): Cents {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${label} is too large to be represented exactly: ${value} cents`);
  }
  return Number(value);
}

/**
 * The amount of a sale line: unit price × quantity, rounded half-up to the cent.
 * BigInt keeps the product exact even where it passes 2^53.
 * @example lineAmount(199, 1500) // 1.5 kg at 1,99 €/kg = 2,985 € -> 299
 */
export function lineAmount(unitPriceCents: Cents, quantity: QuantityMilli): Cents {
  assertCents(unitPriceCents, 'unit price in cents');
  assertQuantityMilli(quantity, 'quantity in thousandths');
  const exact = BigInt(unitPriceCents) * BigInt(quantity);
  return toCents(divideRoundHalfUp(exact, BigInt(QUANTITY_ONE)), 'line amount');
}

/**
 * The discount for a percentage given in basis points, rounded half-up to the cent. The caller
 * subtracts it, so the discounted amount plus the discount is always the original amount.
 * @example percentDiscount(1999, 1000) // 10 % of 19,99 € = 1,999 € -> 200
 */
export function percentDiscount(amountCents: Cents, basisPoints: BasisPoints): Cents {
  assertCents(amountCents, 'amount in cents');
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError(
      `discount must be a whole number of basis points from 0 to 10000, got ${describe(basisPoints)}`,
    );
  }
  const exact = BigInt(amountCents) * BigInt(basisPoints);
  return toCents(divideRoundHalfUp(exact, 10_000n), 'discount');
}

/**
 * Splits `total` across lines in proportion to `weights` (typically the line amounts) with the
 * largest-remainder method, so the parts always add up to `total` exactly and each part is less
 * than one cent away from its exact share. Leftover cents go to the largest remainders first and,
 * on a tie, to the earlier line, so the same input always gives the same split.
 *
 * Weights must all have the same sign (zeros allowed) and not all be zero; only their magnitude
 * matters. Each part has the sign of `total`.
 * @example allocateProportionally(100, [1, 1, 1]) // [34, 33, 33]
 */
export function allocateProportionally(total: Cents, weights: readonly number[]): Cents[] {
  assertCents(total, 'total to allocate');
  weights.forEach((weight, index) => {
    if (!Number.isSafeInteger(weight)) throw new NotAnIntegerError(`weight ${index}`, weight);
  });
  if (weights.some((w) => w > 0) && weights.some((w) => w < 0)) {
    throw new RangeError('weights must not mix positive and negative values');
  }
  const magnitudes = weights.map((w) => BigInt(Math.abs(w)));
  const weightSum = magnitudes.reduce((sum, w) => sum + w, 0n);
  if (weightSum === 0n) {
    throw new RangeError('cannot allocate across weights that are all zero');
  }

  const totalMagnitude = BigInt(Math.abs(total));
  const shares = magnitudes.map((w, index) => ({
    index,
    floor: (totalMagnitude * w) / weightSum,
    remainder: (totalMagnitude * w) % weightSum,
  }));
  let leftover = totalMagnitude - shares.reduce((sum, s) => sum + s.floor, 0n);

  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const parts = shares.map((s) => s.floor);
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    parts[share.index] = share.floor + 1n;
    leftover -= 1n;
  }
  const sign = total < 0 ? -1 : 1;
  // `+ 0` turns the -0 that a zero part times -1 would give into 0.
  return parts.map((part) => sign * Number(part) + 0);
}

/** The result of rounding a cash total: what the customer pays and how much that differs. */
export interface CashRounding {
  /** The amount to collect, a multiple of 5 cents. */
  readonly roundedCents: Cents;
  /** `roundedCents - amountCents`: from -2 to +2 cents, printed on the receipt as "arrotondamento". */
  readonly differenceCents: Cents;
}

/**
 * Rounds a total to 5 cents the Italian way for cash payments (since 2018 1 and 2 cent coins are
 * no longer minted): a last digit of 1 or 2 goes down to 0, 3, 4, 6 or 7 go to 5, 8 or 9 go up
 * to the next 10. Negative totals (refunds) round symmetrically. Only cash totals are rounded;
 * card payments keep the exact amount, which is the caller's decision.
 * @example roundForCash(1238) // { roundedCents: 1240, differenceCents: 2 }
 */
export function roundForCash(amountCents: Cents): CashRounding {
  assertCents(amountCents, 'amount in cents');
  const magnitude = Math.abs(amountCents);
  const lastDigit = magnitude % 10;
  const base = magnitude - lastDigit;
  const roundedMagnitude = lastDigit <= 2 ? base : lastDigit <= 7 ? base + 5 : base + 10;
  const roundedCents = amountCents < 0 ? -roundedMagnitude : roundedMagnitude;
  return { roundedCents: roundedCents + 0, differenceCents: roundedCents - amountCents + 0 };
}

// A first group of 0 ("0.125") is a mistyped decimal, not a thousands separator.
const GROUPED_WITH_DOTS = /^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$/;
const GROUPED_WITH_COMMAS = /^[1-9][0-9]{0,2}(?:,[0-9]{3})+$/;
const AMOUNT_SHAPE = /^([+\-\u2212]?)\s*(?:€|eur|euro)?\s*([+\-\u2212]?)\s*([0-9.,]+)\s*(?:€|eur|euro)?$/i;

/**
 * Reads a euro amount as a cashier or a back-office user types it and returns cents.
 * Accepts a comma or a dot as decimal separator ("12,50", "12.50"), dots as thousands separators
 * ("1.234,56", "1.234"), the English form "1,234.56", a euro sign or "EUR" before or after, and a
 * leading minus. At most two decimals: a third would silently lose money, so it is an error.
 * Throws {@link InvalidAmountError} for anything else, and for an amount outside `bounds`.
 * @example parseEuroAmount('1.234,56') // 123456
 * @example parseEuroAmount('-2,5') // -250
 */
export function parseEuroAmount(input: string, bounds: AmountBounds = {}): Cents {
  const cents = readEuroAmount(input);
  if (bounds.min !== undefined && cents < bounds.min) {
    throw new InvalidAmountError(input, bounds.min === 0 ? 'it is negative' : `it is below the minimum of ${formatCents(bounds.min)}`);
  }
  if (bounds.max !== undefined && cents > bounds.max) {
    throw new InvalidAmountError(input, `it is over the maximum of ${formatCents(bounds.max)}`);
  }
  return cents;
}

/** The smallest and largest amount a field accepts, in cents; both inclusive. */
export interface AmountBounds {
  readonly min?: Cents;
  readonly max?: Cents;
}

function readEuroAmount(input: string): Cents {
  const shape = AMOUNT_SHAPE.exec(input.trim());
  if (shape === null) {
    throw new InvalidAmountError(
      input,
      input.trim() === '' ? 'it is empty' : 'expected digits such as 12,50 or 1.234,56',
    );
  }
  const [, signBefore = '', signAfter = '', number = ''] = shape;
  if (signBefore !== '' && signAfter !== '') {
    throw new InvalidAmountError(input, 'it has two signs');
  }
  const negative = (signBefore || signAfter) === '-' || (signBefore || signAfter) === '\u2212';
  const { whole, fraction } = splitNumber(input, number);
  if (whole === '' && fraction === '') throw new InvalidAmountError(input, 'it has no digits');
  if (whole.length > 16) throw new InvalidAmountError(input, 'it is too large');
  const cents = BigInt(whole || '0') * 100n + BigInt(fraction.padEnd(2, '0'));
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidAmountError(input, 'it is too large');
  return negative && cents !== 0n ? -Number(cents) : Number(cents);
}

function splitNumber(input: string, number: string): { whole: string; fraction: string } {
  const lastComma = number.lastIndexOf(',');
  const lastDot = number.lastIndexOf('.');
  const commas = number.split(',').length - 1;
  const dots = number.split('.').length - 1;

  const withDecimal = (separator: ',' | '.', grouping: RegExp | null) => {
    const at = number.lastIndexOf(separator);
    const whole = number.slice(0, at);
    const fraction = number.slice(at + 1);
    if (!/^[0-9]{1,2}$/.test(fraction)) {
      throw new InvalidAmountError(
        input,
        fraction.length > 2 ? 'it has more than two decimal places' : 'expected one or two decimals after the separator',
      );
    }
    if (grouping !== null && !grouping.test(whole)) {
      throw new InvalidAmountError(input, 'thousands separators must group exactly three digits');
    }
    return { whole: grouping === null ? whole : whole.replace(/[.,]/g, ''), fraction };
  };

  if (commas > 0 && dots > 0) {
    // With both separators present, the last one is the decimal separator.
    if (lastComma > lastDot) {
      if (commas > 1) throw new InvalidAmountError(input, 'it has more than one decimal comma');
      return withDecimal(',', GROUPED_WITH_DOTS);
    }
    if (dots > 1) throw new InvalidAmountError(input, 'it has more than one decimal point');
    return withDecimal('.', GROUPED_WITH_COMMAS);
  }
  if (commas > 0) {
    // Italian usage: a lone comma is always the decimal separator.
    if (commas > 1) throw new InvalidAmountError(input, 'it has more than one decimal comma');
    return withDecimal(',', null);
  }
  if (dots > 0) {
    // A dot followed by three digits can only be a thousands separator: cents have two.
    if (GROUPED_WITH_DOTS.test(number)) return { whole: number.replace(/\./g, ''), fraction: '' };
    if (dots > 1) throw new InvalidAmountError(input, 'thousands separators must group exactly three digits');
    return withDecimal('.', null);
  }
  return { whole: number, fraction: '' };
}

/**
 * Formats cents the way Italian receipts print them: comma for decimals, dots between thousands,
 * always two decimals, a leading "-" for negatives and no currency sign. Built by hand rather than
 * with Intl because printers need the exact same bytes on every machine and ICU versions differ.
 * @example formatCents(123456) // "1.234,56"
 */
export function formatCents(cents: Cents): string {
  assertCents(cents, 'amount in cents');
  const magnitude = Math.abs(cents);
  const euros = String(Math.floor(magnitude / 100)).replace(/\B(?=(?:[0-9]{3})+$)/g, '.');
  const rest = String(magnitude % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}${euros},${rest}`;
}
