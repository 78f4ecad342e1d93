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
 * digit; with `priceCheckDigit` the digit between them is the GS1 price check digit. The parts fill
 * the 12 digits before the EAN-13 check digit exactly, so no digit of a label goes unexplained.
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
  /**
   * The digit just before the value is a GS1 in-store price check digit over a 4- or 5-digit price
   * (see {@link priceCheckDigit}); a label whose price does not match it is refused.
   */
  readonly priceCheckDigit?: boolean;
}

/** The item and value read from a variable-measure code. */
export interface VariableMeasureReading {
  readonly itemCode: string;
  readonly priceCents?: Cents;
  /** Grams, which is also the weight as a {@link QuantityMilli} of kilograms. */
  readonly weightGrams?: QuantityMilli;
}

const EAN13_BODY_DIGITS = 12;

/**
 * What is wrong with a layout or a list of layouts, as a code and its details, so each side
 * words it in its reader's language ({@link scaleLayoutProblemText}).
 */
export type ScaleLayoutProblem =
  | { readonly code: 'prefix'; readonly prefix: string }
  | { readonly code: 'digits'; readonly prefix: string; readonly total: number }
  | { readonly code: 'price-decimals'; readonly prefix: string }
  | { readonly code: 'price-check-digit'; readonly prefix: string }
  | { readonly code: 'overlap'; readonly prefix: string; readonly other: string };

/** The digits a layout reads before the EAN-13 check digit: it must be exactly 12. */
function layoutDigits(layout: VariableMeasureLayout): number {
  return layout.prefix.length + layout.itemDigits + (layout.priceCheckDigit ? 1 : 0) + layout.valueDigits;
}

/** The problems of one layout whose fields already have the right types. */
export function scaleLayoutProblems(layout: VariableMeasureLayout): ScaleLayoutProblem[] {
  const problems: ScaleLayoutProblem[] = [];
  const prefix = layout.prefix;
  if (!/^2[0-9]{0,3}$/.test(prefix)) problems.push({ code: 'prefix', prefix });
  const total = layoutDigits(layout);
  if (total !== EAN13_BODY_DIGITS) problems.push({ code: 'digits', prefix, total });
  if (layout.value === 'price' && layout.decimals > 2) problems.push({ code: 'price-decimals', prefix });
  if (layout.priceCheckDigit && (layout.value !== 'price' || (layout.valueDigits !== 4 && layout.valueDigits !== 5))) {
    problems.push({ code: 'price-check-digit', prefix });
  }
  return problems;
}

/**
 * Two layouts overlap when one prefix starts the other (or they are equal): a label starting with
 * the longer one would fit both, and the shop could not tell which reading the till would pick.
 */
export function overlappingScaleLayouts(layouts: readonly VariableMeasureLayout[]): ScaleLayoutProblem[] {
  const problems: ScaleLayoutProblem[] = [];
  layouts.forEach((layout, i) => {
    for (const other of layouts.slice(i + 1)) {
      if (layout.prefix.startsWith(other.prefix) || other.prefix.startsWith(layout.prefix)) {
        problems.push({ code: 'overlap', prefix: layout.prefix, other: other.prefix });
      }
    }
  });
  return problems;
}

const scaleLayoutProblemTexts: Readonly<Record<ScaleLayoutProblem['code'], { it: (p: never) => string; en: (p: never) => string }>> = {
  prefix: {
    it: (p: { prefix: string }) => `Prefisso "${p.prefix}": da 1 a 4 cifre che iniziano con 2`,
    en: (p: { prefix: string }) => `Prefix "${p.prefix}": 1 to 4 digits starting with 2`,
  },
  digits: {
    it: (p: { prefix: string; total: number }) =>
      `Prefisso ${p.prefix}: prefisso, codice articolo, cifra di controllo del prezzo e valore occupano ${p.total} cifre invece di 12 (più la cifra di controllo EAN-13 fanno 13)`,
    en: (p: { prefix: string; total: number }) =>
      `Prefix ${p.prefix}: prefix, item code, price check digit and value take ${p.total} digits instead of 12 (13 with the EAN-13 check digit)`,
  },
  'price-decimals': {
    it: (p: { prefix: string }) => `Prefisso ${p.prefix}: un prezzo ha al massimo 2 decimali (centesimi)`,
    en: (p: { prefix: string }) => `Prefix ${p.prefix}: a price has at most 2 decimals (cents)`,
  },
  'price-check-digit': {
    it: (p: { prefix: string }) => `Prefisso ${p.prefix}: la cifra di controllo del prezzo vale solo per prezzi di 4 o 5 cifre`,
    en: (p: { prefix: string }) => `Prefix ${p.prefix}: a price check digit exists only for 4- or 5-digit prices`,
  },
  overlap: {
    it: (p: { prefix: string; other: string }) => `I prefissi ${p.prefix} e ${p.other} si sovrappongono: un'etichetta corrisponderebbe a entrambi`,
    en: (p: { prefix: string; other: string }) => `Prefixes ${p.prefix} and ${p.other} overlap: one label would match both`,
  },
};

/** A layout problem as a sentence in the reader's language. */
export function scaleLayoutProblemText(problem: ScaleLayoutProblem, locale: 'it' | 'en'): string {
  return (scaleLayoutProblemTexts[problem.code][locale] as (p: ScaleLayoutProblem) => string)(problem);
}

/**
 * The fields of a layout with their types, without the rules between them: what a settings form
 * may send, so the service can answer its mistakes as {@link ScaleLayoutProblem}s in both languages.
 */
export const variableMeasureLayoutShapeSchema = z.object({
  name: z.string().max(80).optional(),
  prefix: z.string().max(4),
  itemDigits: z.number().int().min(1).max(10),
  value: z.enum(['price', 'weight']),
  valueDigits: z.number().int().min(1).max(10),
  decimals: z.number().int().min(0).max(3),
  priceCheckDigit: z.boolean().optional(),
});

/** Validates one layout loaded from the shop's settings. */
export const variableMeasureLayoutSchema = z
  .object({
    name: z.string().max(80).optional(),
    prefix: z.string().regex(/^2[0-9]{0,3}$/, 'prefix must be 1 to 4 digits starting with 2'),
    itemDigits: z.number().int().min(1).max(10),
    value: z.enum(['price', 'weight']),
    valueDigits: z.number().int().min(1).max(10),
    decimals: z.number().int().min(0).max(3),
    priceCheckDigit: z.boolean().optional(),
  })
  .superRefine((layout, ctx) => {
    for (const problem of scaleLayoutProblems(layout)) {
      if (problem.code === 'prefix') continue; // the regex above says it
      ctx.addIssue({ code: 'custom', message: scaleLayoutProblemText(problem, 'en'), params: { problem } });
    }
  });

/** The shop's whole list: each layout valid, no two overlapping, at most one per prefix 20–29 and then some. */
export const variableMeasureLayoutsSchema = z
  .array(variableMeasureLayoutSchema)
  .max(40)
  .superRefine((layouts, ctx) => {
    for (const problem of overlappingScaleLayouts(layouts)) {
      ctx.addIssue({ code: 'custom', message: scaleLayoutProblemText(problem, 'en'), params: { problem } });
    }
  });

/** Every problem of a list of layouts, for a screen that words them in its own language. */
export function scaleLayoutsProblems(layouts: readonly VariableMeasureLayout[]): ScaleLayoutProblem[] {
  return [...layouts.flatMap(scaleLayoutProblems), ...overlappingScaleLayouts(layouts)];
}

// GS1 General Specifications, "price check digit" for in-store codes: each price digit is
// weighted by one of four factors; the tables give the units digit of each weighted product.
const WEIGHT_2_MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const WEIGHT_3 = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const WEIGHT_5_PLUS = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const WEIGHT_5_MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/**
 * The GS1 in-store price check digit of a 4- or 5-digit price.
 * 4 digits: weights 2-, 2-, 3, 5-; the units digit of three times the sum.
 * 5 digits: weights 5+, 2-, 5-, 5+, 2-; the digit whose 5- product is 10 minus the sum's units.
 * @example priceCheckDigit('2875') // 9
 * @example priceCheckDigit('14685') // 6
 */
export function priceCheckDigit(price: string): number {
  if (!/^[0-9]{4,5}$/.test(price)) throw new RangeError(`A price check digit covers 4 or 5 digits, not ${JSON.stringify(price)}`);
  const d = [...price].map(Number) as number[];
  if (d.length === 4) {
    const sum = WEIGHT_2_MINUS[d[0]!]! + WEIGHT_2_MINUS[d[1]!]! + WEIGHT_3[d[2]!]! + WEIGHT_5_MINUS[d[3]!]!;
    return (sum * 3) % 10;
  }
  const sum = WEIGHT_5_PLUS[d[0]!]! + WEIGHT_2_MINUS[d[1]!]! + WEIGHT_5_MINUS[d[2]!]! + WEIGHT_5_PLUS[d[3]!]! + WEIGHT_2_MINUS[d[4]!]!;
  return WEIGHT_5_MINUS.indexOf((10 - (sum % 10)) % 10);
}

/**
 * True when a label's price check digit matches its price (or its layout has none). A scanner
 * and the EAN-13 check digit catch misreads; this catches a scale that printed a price the label
 * was not made for, which is why scales print it.
 */
export function hasValidPriceCheckDigit(ean13: string, layout: VariableMeasureLayout): boolean {
  if (!layout.priceCheckDigit) return true;
  const valueStart = EAN13_BODY_DIGITS - layout.valueDigits;
  return priceCheckDigit(ean13.slice(valueStart, EAN13_BODY_DIGITS)) === Number(ean13[valueStart - 1]);
}

/**
 * Layouts seen in Italian shops, as starting points for the shop's settings. Some overlap (all
 * start with 2), so a shop picks the ones its scales print rather than enabling them all.
 */
export const COMMON_VARIABLE_MEASURE_LAYOUTS = {
  /** The national GS1 Italy structure: 2, a 6-digit item code, the price in cents. */
  italyPrice: { name: '2 + 6-digit item + price in cents', prefix: '2', itemDigits: 6, value: 'price', valueDigits: 5, decimals: 2 },
  /** A scale printing weight: 2, a 6-digit item code, the weight in grams. */
  weightGrams: { name: '2 + 6-digit item + weight in grams', prefix: '2', itemDigits: 6, value: 'weight', valueDigits: 5, decimals: 3 },
  /** Scales with a flag digit after the 2 telling price labels apart: 2 + flag, item, price. */
  flaggedPrice: { name: '21 + 5-digit item + price in cents', prefix: '21', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
  /** The same with a flag for weight labels: 2 + flag, item, weight in grams. */
  flaggedWeight: { name: '22 + 5-digit item + weight in grams', prefix: '22', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
  /** The GS1 structure with a price check digit: 2 + flag, 4-digit item, check digit, price. */
  checkedPrice: {
    name: '20 + 4-digit item + price check digit + price in cents',
    prefix: '20',
    itemDigits: 4,
    value: 'price',
    valueDigits: 5,
    decimals: 2,
    priceCheckDigit: true,
  },
} as const satisfies Record<string, VariableMeasureLayout>;

/**
 * What a till reads when the shop (or head office) has set no layouts: the format counter scales
 * (Bizerba, Dibal, Mettler Toledo, CAS) commonly ship with, a 2-digit prefix, a 5-digit item code
 * (the scale's PLU) and a 5-digit value, with the flag digit telling price labels (20, 23, 24)
 * from weight labels (21, 22). 25–29 are left to the shop's own pre-packed codes (catalogue
 * barcodes). A shop whose scales print otherwise sets its layouts in Settings.
 */
export const DEFAULT_SCALE_LAYOUTS: readonly VariableMeasureLayout[] = [
  { name: 'Prezzo', prefix: '20', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
  { name: 'Peso', prefix: '21', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
  { name: 'Peso', prefix: '22', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
  { name: 'Prezzo', prefix: '23', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
  { name: 'Prezzo', prefix: '24', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 },
];

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
