/**
 * @module
 * GS1 in-store variable-measure codes: EAN-13s starting with 2 that a shop's scale prints with the
 * item and its price or weight inside. Each scale brand and each chain lays the 13 digits out its
 * own way, so layouts are data the shop configures, not code.
 */
import { z } from 'zod';
import type { Cents, QuantityMilli } from './money';

/**
 * Where the item code and the value sit in a 13-digit code starting with `prefix`.
 *
 * The item code follows the prefix; the value fills the `valueDigits` just before the final check
 * digit. Any digits left between them are not read: many scales put a price check digit there,
 * which the EAN-13 check digit already covers well enough for a till.
 */
export interface VariableMeasureLayout {
  /** Shown in settings, e.g. "Bilancia reparto gastronomia". */
  readonly name?: string;
  /** One to four digits starting with 2, e.g. "2" or "21". */
  readonly prefix: string;
  readonly itemDigits: number;
  readonly value: 'price' | 'weight';
  readonly valueDigits: number;
  /**
   * Decimal places of the value: 2 for a price in cents, 3 for a weight in grams (kg with three
   * decimals). Fewer decimals scale up: a price with 1 decimal is in tens of cents.
   */
  readonly decimals: number;
}

/** The item and value read from a variable-measure code. */
export interface VariableMeasureReading {
  readonly itemCode: string;
  readonly priceCents?: Cents;
  /** Grams, which is also the weight as a {@link QuantityMilli} of kilograms. */
  readonly weightGrams?: QuantityMilli;
}

const EAN13_BODY_DIGITS = 12;

/** Validates layouts loaded from the shop's settings. */
export const variableMeasureLayoutSchema = z
  .object({
    name: z.string().max(80).optional(),
    prefix: z.string().regex(/^2[0-9]{0,3}$/, 'prefix must be 1 to 4 digits starting with 2'),
    itemDigits: z.number().int().min(1).max(10),
    value: z.enum(['price', 'weight']),
    valueDigits: z.number().int().min(1).max(10),
    decimals: z.number().int().min(0).max(3),
  })
  .superRefine((layout, ctx) => {
    if (layout.prefix.length + layout.itemDigits + layout.valueDigits > EAN13_BODY_DIGITS) {
      ctx.addIssue({
        code: 'custom',
        message: 'prefix, item and value digits must fit in the 12 digits before the check digit',
      });
    }
    if (layout.value === 'price' && layout.decimals > 2) {
      ctx.addIssue({ code: 'custom', path: ['decimals'], message: 'a price has at most 2 decimals (cents)' });
    }
  });

/**
 * Layouts seen in Italian shops, as starting points for the shop's settings. They overlap (all
 * start with 2), so a shop picks the ones its scales print rather than enabling them all.
 */
export const COMMON_VARIABLE_MEASURE_LAYOUTS = {
  /** The national GS1 Italy structure: 2, a 6-digit item code, the price in cents. */
  italyPrice: { name: '2 + 6-digit item + price in cents', prefix: '2', itemDigits: 6, value: 'price', valueDigits: 5, decimals: 2 },
  /** A scale printing weight: 2, a 5-digit item code, a spare digit, the weight in grams. */
  weightGrams: { name: '2 + 5-digit item + weight in grams', prefix: '2', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
  /** Scales with a flag digit after the 2 telling price labels apart: 2 + flag, item, price. */
  flaggedPrice: { name: '21 + 5-digit item + price in cents', prefix: '21', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
  /** The same with a flag for weight labels: 2 + flag, item, weight in grams. */
  flaggedWeight: { name: '22 + 5-digit item + weight in grams', prefix: '22', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
} as const satisfies Record<string, VariableMeasureLayout>;

/**
 * The layout for a 13-digit code: the one with the longest matching prefix, so a specific "21"
 * layout wins over a catch-all "2"; on equal prefixes the earlier layout wins.
 */
export function findVariableMeasureLayout(
  ean13: string,
  layouts: readonly VariableMeasureLayout[],
): VariableMeasureLayout | undefined {
  let best: VariableMeasureLayout | undefined;
  for (const layout of layouts) {
    if (!ean13.startsWith(layout.prefix)) continue;
    if (best === undefined || layout.prefix.length > best.prefix.length) best = layout;
  }
  return best;
}

/**
 * Reads the item code and the value from a 13-digit code with a valid check digit.
 * Throws a RangeError if the layout is malformed, since that is a settings bug, not a bad scan.
 * @example readVariableMeasure('2123456012344', COMMON_VARIABLE_MEASURE_LAYOUTS.flaggedPrice)
 * // { itemCode: '23456', priceCents: 1234 }
 */
export function readVariableMeasure(ean13: string, layout: VariableMeasureLayout): VariableMeasureReading {
  const parsed = variableMeasureLayoutSchema.safeParse(layout);
  if (!parsed.success) {
    throw new RangeError(`Invalid variable-measure layout: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (!/^[0-9]{13}$/.test(ean13) || !ean13.startsWith(layout.prefix)) {
    throw new RangeError(`${JSON.stringify(ean13)} is not a 13-digit code starting with ${layout.prefix}`);
  }
  const itemStart = layout.prefix.length;
  const itemCode = ean13.slice(itemStart, itemStart + layout.itemDigits);
  const raw = Number(ean13.slice(EAN13_BODY_DIGITS - layout.valueDigits, EAN13_BODY_DIGITS));
  if (layout.value === 'price') {
    return { itemCode, priceCents: raw * 10 ** (2 - layout.decimals) };
  }
  return { itemCode, weightGrams: raw * 10 ** (3 - layout.decimals) };
}
