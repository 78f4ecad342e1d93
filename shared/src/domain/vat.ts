/**
 * @module
 * Italian VAT (IVA) codes and the breakdown printed on every receipt and sent to the fiscal
 * register. Shelf prices include VAT, so VAT is extracted from gross amounts ("scorporo"), never
 * added on top.
 */
import { z } from 'zod';
import { assertCents, divideRoundHalfUp } from './money';
import type { Cents } from './money';

/** VAT rates in force in Italy, as percent strings: ordinary, reduced and super-reduced. */
export const VAT_RATES = ['22', '10', '5', '4'] as const;

/**
 * Natures ("natura") of operations that carry no VAT, as the telematic register and the
 * FatturaPA schema name them.
 */
export const VAT_NATURES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6'] as const;

/** Every code, in the order the breakdown lists them: rates from highest, then natures. */
export const VAT_CODES = [...VAT_RATES, ...VAT_NATURES] as const;

export type VatRate = (typeof VAT_RATES)[number];
export type VatNature = (typeof VAT_NATURES)[number];
export type VatCode = (typeof VAT_CODES)[number];

/** Validates a VAT code coming from the catalogue, the API or the sync server. */
export const vatCodeSchema = z.enum(VAT_CODES);

/** What each nature means, for the back office and the receipt footer, in Italian and English. */
export const VAT_NATURE_DESCRIPTIONS: Readonly<Record<VatNature, { readonly it: string; readonly en: string }>> = {
  N1: { it: 'Escluse ex art. 15', en: 'Excluded under art. 15 of DPR 633/72' },
  N2: { it: 'Non soggette', en: 'Not subject to VAT' },
  N3: { it: 'Non imponibili', en: 'Non-taxable (zero-rated)' },
  N4: { it: 'Esenti', en: 'Exempt' },
  N5: { it: 'Regime del margine', en: 'Margin scheme' },
  N6: { it: 'Inversione contabile', en: 'Reverse charge' },
};

const RATE_PERCENT: Readonly<Record<VatCode, number>> = {
  '22': 22,
  '10': 10,
  '5': 5,
  '4': 4,
  N1: 0,
  N2: 0,
  N3: 0,
  N4: 0,
  N5: 0,
  N6: 0,
};

/** True for the N1–N6 codes, which carry no VAT. */
export function isVatNature(code: VatCode): code is VatNature {
  return (VAT_NATURES as readonly string[]).includes(code);
}

/** The rate in percent for a code: 22, 10, 5 or 4, and 0 for natures. */
export function vatRatePercent(code: VatCode): number {
  const rate = RATE_PERCENT[code];
  // Codes can reach here from untyped JSON; a silent 0 % would under-declare VAT.
  if (rate === undefined) throw new RangeError(`Unknown VAT code ${JSON.stringify(code)}`);
  return rate;
}

/** The VAT and net parts of a VAT-inclusive amount. */
export interface VatSplit {
  readonly vatCents: Cents;
  readonly netCents: Cents;
}

/**
 * Extracts the VAT contained in a VAT-inclusive amount: vat = gross × rate / (100 + rate) rounded
 * half-up (away from zero, so a return mirrors its sale), net = gross − vat. Natures give 0 VAT.
 * @example extractVat(1220, '22') // { vatCents: 220, netCents: 1000 }
 */
export function extractVat(grossCents: Cents, code: VatCode): VatSplit {
  assertCents(grossCents, 'gross amount in cents');
  const rate = BigInt(vatRatePercent(code));
  const vatCents = Number(divideRoundHalfUp(BigInt(grossCents) * rate, 100n + rate)) + 0;
  return { vatCents, netCents: grossCents - vatCents + 0 };
}

/** A line as the breakdown needs it: its final VAT-inclusive amount after discounts. */
export interface VatLine {
  readonly grossCents: Cents;
  readonly vatCode: VatCode;
}

/** One row of the VAT breakdown: all lines of one code. `vatCents + netCents === grossCents`. */
export interface VatGroup {
  readonly vatCode: VatCode;
  readonly grossCents: Cents;
  readonly netCents: Cents;
  readonly vatCents: Cents;
}

/**
 * Groups lines by VAT code and extracts the VAT once per group, on the group's total, as the
 * receipt and the fiscal register's daily totals do; extracting per line and adding up would drift
 * by a cent per line. Rows come in {@link VAT_CODES} order (22, 10, 5, 4, N1…N6) and only for codes
 * that appear; a code whose lines cancel out still gets its row of zeros.
 * @example vatBreakdown([{ grossCents: 610, vatCode: '22' }, { grossCents: 610, vatCode: '22' }])
 * // [{ vatCode: '22', grossCents: 1220, netCents: 1000, vatCents: 220 }]
 */
export function vatBreakdown(lines: readonly VatLine[]): VatGroup[] {
  const totals = new Map<VatCode, number>();
  lines.forEach((line, index) => {
    assertCents(line.grossCents, `gross amount of line ${index}`);
    vatRatePercent(line.vatCode);
    totals.set(line.vatCode, (totals.get(line.vatCode) ?? 0) + line.grossCents);
  });
  const groups: VatGroup[] = [];
  for (const vatCode of VAT_CODES) {
    const grossCents = totals.get(vatCode);
    if (grossCents === undefined) continue;
    assertCents(grossCents, `total for VAT code ${vatCode}`);
    groups.push({ vatCode, grossCents, ...extractVat(grossCents, vatCode) });
  }
  return groups;
}

/** The VAT-inclusive takings of one code within one daily closure (one store's business day). */
export interface ClosureGross {
  /** Identifies the closure, e.g. `${storeId}|${businessDay}`; rows with the same key are one day. */
  readonly closure: string;
  readonly vatCode: VatCode;
  readonly grossCents: Cents;
}

/**
 * The VAT of a period, by the rule of the fiscal daily closure: the day's gross per code is
 * scorporo'd once ({@link vatBreakdown}, as a registratore telematico totals its Z), and a period of
 * several days (or stores) is the sum of those daily figures. The till's Z and X, its reports, head
 * office's VAT table and the CSV exports all use this, so they agree to the cent. Summing each
 * receipt's VAT instead drifts by a cent per receipt; scorporo of a whole month's gross drifts
 * from the Z reports the shop actually declared.
 * @example vatOverClosures([{ closure: 'd1', vatCode: '22', grossCents: 3 }, { closure: 'd2', vatCode: '22', grossCents: 3 }])
 * // [{ vatCode: '22', grossCents: 6, netCents: 4, vatCents: 2 }]: 1 + 1, where 6 × 22 / 122 would give 1
 */
export function vatOverClosures(rows: readonly ClosureGross[]): VatGroup[] {
  const byClosure = new Map<string, VatLine[]>();
  for (const row of rows) {
    const lines = byClosure.get(row.closure) ?? [];
    lines.push({ grossCents: row.grossCents, vatCode: row.vatCode });
    byClosure.set(row.closure, lines);
  }
  const totals = new Map<VatCode, { grossCents: number; netCents: number; vatCents: number }>();
  for (const lines of byClosure.values()) {
    for (const group of vatBreakdown(lines)) {
      const sum = totals.get(group.vatCode) ?? { grossCents: 0, netCents: 0, vatCents: 0 };
      totals.set(group.vatCode, {
        grossCents: sum.grossCents + group.grossCents,
        netCents: sum.netCents + group.netCents,
        vatCents: sum.vatCents + group.vatCents,
      });
    }
  }
  return VAT_CODES.flatMap((vatCode) => {
    const sum = totals.get(vatCode);
    if (!sum) return [];
    assertCents(sum.grossCents, `total for VAT code ${vatCode}`);
    return [{ vatCode, ...sum }];
  });
}
