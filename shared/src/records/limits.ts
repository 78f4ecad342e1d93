/**
 * @module
 * Bounds on what a till or a head-office user may send, and text every database can store.
 *
 * The bounds sit far above anything a shop does, and far below what breaks arithmetic: with every
 * amount at most 10^9 cents (ten million euro) an aggregate row needs more than nine billion
 * maximal records before a 64-bit sum overflows, and more than nine million before a sum leaves
 * the integers a JavaScript number holds exactly. A single register cannot push that many records
 * into one day's row, so sums in SQLite (int64) and PostgreSQL (BIGINT) stay exact.
 */
import { z } from 'zod';

/** One amount: a price, a line, a ticket, a payment, a VAT row. Ten million euro. */
export const MAX_AMOUNT_CENTS = 1_000_000_000;
/** A shift's running totals (takings, expected cash): a thousand maximal tickets. */
export const MAX_SHIFT_TOTAL_CENTS = 1_000_000_000_000;
/** One quantity in thousandths: a million pieces, kilograms or metres. */
export const MAX_QUANTITY_MILLI = 1_000_000_000;
/** Lines on one ticket; a supermarket trolley has a few hundred. */
export const MAX_SALE_LINES = 2_000;
/** Payments on one ticket. */
export const MAX_SALE_PAYMENTS = 50;
/** Cash in/out movements recorded in one shift. */
export const MAX_SHIFT_CASH_MOVEMENTS = 2_000;
/** A free-text description on a ticket line: the product name plus its variant options. */
export const MAX_DESCRIPTION_LENGTH = 300;
/** An audit entry's details, as JSON text. */
export const MAX_AUDIT_DETAILS_LENGTH = 8_192;

/**
 * U+0000 (PostgreSQL text cannot hold it) and UTF-16 surrogates without their pair (no valid
 * UTF-8 exists for them: PostgreSQL refuses them, drivers silently replace them).
 */
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE_TEXT.test(value);
}

export const UNSTORABLE_TEXT_MESSAGE = 'Text contains a NUL character or an invalid character (unpaired surrogate)';

/** A string every engine can store: no NUL, no lone surrogate. Add `.min()`/`.max()` as usual. */
export function text(): z.ZodString {
  return z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE });
}

/** The path of the first string (value or object key) in a JSON value that no engine can store. */
export function unstorableTextPath(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextPath(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key];
      const found = unstorableTextPath(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Any JSON value whose strings are all storable and whose text form is at most `maxLength`. */
export function storableJson(maxLength: number) {
  return z.json().superRefine((value, ctx) => {
    const found = unstorableTextPath(value);
    if (found) ctx.addIssue({ code: 'custom', message: UNSTORABLE_TEXT_MESSAGE, path: found });
    else if (JSON.stringify(value).length > maxLength) ctx.addIssue({ code: 'custom', message: `At most ${maxLength} characters of JSON` });
  });
}

/** A signed amount in cents within ±MAX_AMOUNT_CENTS. */
export const boundedCentsSchema = z.number().int().min(-MAX_AMOUNT_CENTS).max(MAX_AMOUNT_CENTS);
/** A signed quantity in thousandths within ±MAX_QUANTITY_MILLI. */
export const boundedQuantitySchema = z.number().int().min(-MAX_QUANTITY_MILLI).max(MAX_QUANTITY_MILLI);
