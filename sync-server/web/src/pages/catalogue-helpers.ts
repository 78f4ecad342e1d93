/**
 * @module
 * What the head-office catalogue page's forms compute: ids from codes, prices as typed, and a
 * product with one variant per size × colour.
 */
import type { Product, Variant } from '@cassa/shared';
import { MAX_AMOUNT_CENTS, euroInputText, parseEuroInput } from '@cassa/shared';

export const vatCodes = ['22', '10', '5', '4', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6'];

export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A typed price in exact cents (shared's one parser: "12,345" or "1e3" are refused, not rounded), or null. */
export function parseCents(text: string): number | null {
  return parseEuroInput(text, { min: 0, max: MAX_AMOUNT_CENTS });
}

/** Cents as the person types them: a decimal comma in Italian. */
export function decimal(cents: number, language: string): string {
  return euroInputText(cents, language);
}

export function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Sizes × colours → one variant per combination, with its own code and barcode. */
export function buildProduct(input: { name: string; sku: string; priceCents: number; vatCode: string; categoryId: string | null; sizes: string[]; colours: string[]; barcodes: Record<string, string> }): Product {
  const axes = [
    ...(input.sizes.length > 0 ? [{ name: 'taglia', values: input.sizes }] : []),
    ...(input.colours.length > 0 ? [{ name: 'colore', values: input.colours }] : []),
  ];
  const combos: Record<string, string>[] = [{}];
  for (const axis of axes) {
    const next: Record<string, string>[] = [];
    for (const combo of combos) for (const value of axis.values) next.push({ ...combo, [axis.name]: value });
    combos.splice(0, combos.length, ...next);
  }
  const sku = input.sku.trim();
  const variants: Variant[] = combos.map((options) => {
    const suffix = Object.values(options).join('-');
    const variantSku = suffix ? `${sku}-${suffix}`.toUpperCase() : sku;
    const barcode = input.barcodes[suffix] ?? '';
    return { id: `v-${slug(variantSku)}`, sku: variantSku, barcodes: barcode ? [barcode] : [], options, priceCents: null, active: true };
  });
  return {
    id: `p-${slug(sku)}`,
    sku,
    name: input.name.trim(),
    categoryId: input.categoryId,
    vatCode: input.vatCode as Product['vatCode'],
    unit: 'piece',
    priceCents: input.priceCents,
    axes,
    variants,
    active: true,
  };
}

/** The variant keys the new-product form asks a barcode for: '' alone, or each size-colour pair. */
export function variantCombos(sizesText: string, coloursText: string): string[] {
  const s = list(sizesText);
  const c = list(coloursText);
  if (s.length === 0 && c.length === 0) return [''];
  if (s.length === 0) return c;
  if (c.length === 0) return s;
  return s.flatMap((x) => c.map((y) => `${x}-${y}`));
}
