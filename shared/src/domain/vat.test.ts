import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  extractVat,
  isVatNature,
  VAT_CODES,
  VAT_NATURE_DESCRIPTIONS,
  vatBreakdown,
  vatCodeSchema,
  vatOverClosures,
  vatRatePercent,
} from './vat';
import type { VatCode, VatLine } from './vat';

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

const vatCode = fc.constantFrom(...VAT_CODES);
const line = fc.record({
  grossCents: fc.integer({ min: -10_000_000, max: 10_000_000 }),
  vatCode,
});
const lines = fc.array(line, { maxLength: 40 });

describe('VAT codes', () => {
  it('validates codes with the schema', () => {
    for (const code of VAT_CODES) expect(vatCodeSchema.parse(code)).toBe(code);
    for (const bad of ['21', '0', 'N7', 'n1', 22, 'N2.1', '']) {
      expect(vatCodeSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('knows each rate and which codes are natures', () => {
    expect(VAT_CODES.map(vatRatePercent)).toEqual([22, 10, 5, 4, 0, 0, 0, 0, 0, 0]);
    expect(VAT_CODES.filter(isVatNature)).toEqual(['N1', 'N2', 'N3', 'N4', 'N5', 'N6']);
  });

  it('describes every nature in both languages', () => {
    expect(VAT_NATURE_DESCRIPTIONS.N1.it).toBe('Escluse ex art. 15');
    expect(VAT_NATURE_DESCRIPTIONS.N4.it).toBe('Esenti');
    expect(VAT_NATURE_DESCRIPTIONS.N6.en).toBe('Reverse charge');
    for (const { it: italian, en } of Object.values(VAT_NATURE_DESCRIPTIONS)) {
      expect(italian.length).toBeGreaterThan(0);
      expect(en.length).toBeGreaterThan(0);
    }
  });

  it('refuses an unknown code from untyped data instead of treating it as 0 %', () => {
    expect(() => vatRatePercent('21' as VatCode)).toThrow('Unknown VAT code "21"');
    expect(() => vatBreakdown([{ grossCents: 100, vatCode: 'X' as VatCode }])).toThrow(/Unknown VAT code/);
  });
});

describe('extractVat', () => {
  it.each([
    [1220, '22', 220, 1000],
    [100, '22', 18, 82], // 18.03
    [110, '10', 10, 100],
    [105, '5', 5, 100],
    [104, '4', 4, 100],
    [1, '22', 0, 1], // 0.18
    [3, '22', 1, 2], // 0.54
    [-3, '22', -1, -2],
    [1000, 'N4', 0, 1000],
    [0, '22', 0, 0],
  ] as const)('%d cents at %s: VAT %d, net %d', (gross, code, vat, net) => {
    expect(extractVat(gross, code)).toEqual({ vatCents: vat, netCents: net });
  });

  it('rounds an exact half away from zero', () => {
    // 13 cents at 4 % hold 13 × 4 / 104 = 0.5 cents of VAT exactly.
    expect(extractVat(13, '4')).toEqual({ vatCents: 1, netCents: 12 });
    expect(extractVat(-13, '4')).toEqual({ vatCents: -1, netCents: -12 });
  });
});

describe('vatBreakdown', () => {
  it('groups by code in a fixed order and extracts VAT on each total', () => {
    const result = vatBreakdown([
      { grossCents: 100, vatCode: 'N4' },
      { grossCents: 50, vatCode: '4' },
      { grossCents: 610, vatCode: '22' },
      { grossCents: 330, vatCode: '10' },
      { grossCents: 610, vatCode: '22' },
      { grossCents: 54, vatCode: '4' },
    ]);
    expect(result).toEqual([
      { vatCode: '22', grossCents: 1220, netCents: 1000, vatCents: 220 },
      { vatCode: '10', grossCents: 330, netCents: 300, vatCents: 30 },
      { vatCode: '4', grossCents: 104, netCents: 100, vatCents: 4 },
      { vatCode: 'N4', grossCents: 100, netCents: 100, vatCents: 0 },
    ]);
  });

  it('extracts per group, not per line, so cents do not drift', () => {
    // Each 1 cent line at 22 % holds 0.18 cents; ten of them hold 1.8 cents.
    const tenCents = Array.from({ length: 10 }, (): VatLine => ({ grossCents: 1, vatCode: '22' }));
    expect(vatBreakdown(tenCents)).toEqual([{ vatCode: '22', grossCents: 10, netCents: 8, vatCents: 2 }]);
  });

  it('returns nothing for no lines and keeps a row for lines that cancel out', () => {
    expect(vatBreakdown([])).toEqual([]);
    expect(
      vatBreakdown([
        { grossCents: 500, vatCode: '10' },
        { grossCents: -500, vatCode: '10' },
      ]),
    ).toEqual([{ vatCode: '10', grossCents: 0, netCents: 0, vatCents: 0 }]);
  });

  it('refuses fractional amounts', () => {
    expect(() => vatBreakdown([{ grossCents: 1.5, vatCode: '22' }])).toThrow(/line 0 must be a safe integer/);
  });

  it('keeps the gross total, splits each group exactly and stays within half a cent', () => {
    fc.assert(
      fc.property(lines, (input) => {
        const groups = vatBreakdown(input);
        const lineTotal = input.reduce((sum, l) => sum + l.grossCents, 0);
        expect(groups.reduce((sum, g) => sum + g.grossCents, 0)).toBe(lineTotal);
        expect(groups.map((g) => g.vatCode)).toEqual(VAT_CODES.filter((c) => input.some((l) => l.vatCode === c)));
        for (const group of groups) {
          expect(group.vatCents + group.netCents).toBe(group.grossCents);
          const rate = BigInt(vatRatePercent(group.vatCode));
          // |vat − gross × rate / (100 + rate)| ≤ 1/2, compared in integers.
          const error = abs(BigInt(group.vatCents) * (100n + rate) - BigInt(group.grossCents) * rate) * 2n;
          expect(error <= 100n + rate).toBe(true);
          if (isVatNature(group.vatCode)) expect(group.vatCents).toBe(0);
        }
      }),
    );
  });

  it('treats returns as the mirror image of sales', () => {
    fc.assert(
      fc.property(lines, (input) => {
        const mirrored = input.map((l) => ({ ...l, grossCents: -l.grossCents + 0 }));
        const expected = vatBreakdown(input).map((g) => ({
          vatCode: g.vatCode,
          grossCents: -g.grossCents + 0,
          netCents: -g.netCents + 0,
          vatCents: -g.vatCents + 0,
        }));
        expect(vatBreakdown(mirrored)).toEqual(expected);
      }),
    );
  });
});

describe('VAT over several daily closures', () => {
  it('is the sum of each day\'s scorporo, not a scorporo of the period\'s gross', () => {
    const rows = [
      { closure: 'd1', vatCode: '22' as const, grossCents: 3 },
      { closure: 'd2', vatCode: '22' as const, grossCents: 3 },
    ];
    expect(vatOverClosures(rows)).toEqual([{ vatCode: '22', grossCents: 6, netCents: 4, vatCents: 2 }]);
    expect(vatBreakdown(rows)[0]?.vatCents).toBe(1);
  });

  it('equals vatBreakdown for one closure and the sum of per-closure breakdowns for many', () => {
    const closureRow = fc.record({ closure: fc.constantFrom('a|d1', 'a|d2', 'b|d1'), vatCode, grossCents: fc.integer({ min: -10_000_000, max: 10_000_000 }) });
    fc.assert(
      fc.property(fc.array(closureRow, { maxLength: 40 }), (rows) => {
        const one = rows.map((r) => ({ ...r, closure: 'same' }));
        expect(vatOverClosures(one)).toEqual(vatBreakdown(one));
        const expected = new Map<VatCode, number>();
        for (const closure of new Set(rows.map((r) => r.closure))) {
          for (const g of vatBreakdown(rows.filter((r) => r.closure === closure))) expected.set(g.vatCode, (expected.get(g.vatCode) ?? 0) + g.vatCents);
        }
        const got = vatOverClosures(rows);
        expect(new Map(got.map((g) => [g.vatCode, g.vatCents]))).toEqual(expected);
        for (const g of got) expect(g.netCents + g.vatCents).toBe(g.grossCents);
      }),
    );
  });
});
