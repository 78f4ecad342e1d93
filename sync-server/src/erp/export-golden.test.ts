/**
 * The ERP export files byte for byte (issue 19): each preset and each format rendered from fixed
 * rows (a register's day with returns and voids, receipts with accents, quotes, semicolons and
 * line breaks in descriptions, and amounts in the billions) must equal its golden file under
 * sync-server/test/golden/erp/. Any byte change fails. After a deliberate change, regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run sync-server/src/erp/export-golden.test.ts
 * and review the diff of the golden files before committing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_PRESET_LAYOUTS, EXPORT_PRESETS, ExportRenderError, exportLayoutSchema, layoutProblems, renderExport } from '@cassa/shared';
import type { ExportLayoutInput, SaleRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import type { DayTakingsSaleRow } from '../storage/erp/day-takings-reads';
import { registerDayTakings } from './day-takings';
import { corrispettiviRows, documentRows, movementRows, paymentRows } from './export-rows';

const GOLDEN = join(import.meta.dirname, '../../test/golden/erp');

function sale(id: string, kind: SaleRecord['kind'], lines: readonly [string, '22' | '10' | 'N4', number, number][], payments: SaleRecord['payments'], changeCents = 0): SaleRecord {
  const sign = kind === 'sale' ? 1 : -1;
  const records = lines.map(([description, vatCode, quantityMilli, unitPriceCents], i) => ({
    lineId: `${id}-${i}`,
    productId: `p${i}`,
    variantId: `v${i}`,
    sku: `SKU-${i + 1}`,
    description,
    vatCode,
    quantityMilli: sign * quantityMilli,
    unitPriceCents,
    discountCents: 0,
    totalCents: sign * Math.round((quantityMilli * unitPriceCents) / 1000),
  }));
  const byCode = new Map<string, number>();
  for (const l of records) byCode.set(l.vatCode, (byCode.get(l.vatCode) ?? 0) + l.totalCents);
  return {
    id,
    kind,
    storeId: 'negozio-1',
    deviceId: 'cassa-1',
    shiftId: 'turno-1',
    zNumber: 12,
    documentNumber: Number(id.replace(/\D/g, '')) || 1,
    originalSaleId: null,
    cashierId: 'u1',
    customerId: null,
    completedAt: '2026-12-03T09:30:00.000Z',
    lines: records,
    payments,
    changeCents,
    roundingCents: 0,
    totalCents: records.reduce((s, l) => s + l.totalCents, 0),
    vatBreakdown: [...byCode].map(([vatCode, grossCents]) => ({ vatCode: vatCode as '22', grossCents, netCents: 0, vatCents: 0 })),
  };
}

const receipts: DayTakingsSaleRow[] = [
  sale('s1', 'sale', [['Caffè "Arabica"; 1 kg', '22', 1000, 1490], ['Pane\r\ncasereccio', '10', 1250, 420]], [{ method: 'cash', amountCents: 2100, reference: null }], 85),
  sale('s2', 'sale', [['Libro «Città»', 'N4', 1000, 1800], ['Oro 24k lingotto', '22', 1000, 9_999_999_999]], [{ method: 'card', amountCents: 10_000_001_799, reference: null }]),
  sale('s3', 'return', [['Caffè "Arabica"; 1 kg', '22', 1000, 1490]], [{ method: 'cash', amountCents: -1490, reference: null }]),
  sale('s4', 'post-void', [['Libro «Città»', 'N4', 1000, 1800]], [{ method: 'voucher', amountCents: -1800, reference: 'V-1' }]),
].map((s) => ({ storeId: s.storeId, registerId: s.deviceId, businessDay: '2026-12-03', sale: s, fiscal: { serial: '99MEY012345', zNumber: 12 } }));

const day = registerDayTakings(receipts);
const movement = (id: string, at: string, deltaMilli: number, reason: 'sale' | 'goods-received' | 'transfer-in') => ({
  storeId: 'negozio-1',
  registerId: 'cassa-1',
  movement: { id, storeId: 'negozio-1', deviceId: 'cassa-1', variantId: 'v1', deltaMilli, reason, referenceId: reason === 'transfer-in' ? 'tr-1' : null, userId: null, at },
});
// 23:30 UTC on the 2nd is the 3rd in Rome (in); 23:30 UTC on the 3rd is the 4th (out); a till's own offset is read as such.
const movements = [
  movement('m2', '2026-12-03T10:00:00+01:00', -1500, 'sale'),
  movement('m1', '2026-12-02T23:30:00Z', 24_000, 'goods-received'),
  movement('m3', '2026-12-03T23:30:00Z', 5000, 'transfer-in'),
  movement('m4', '2026-12-03T18:00:00Z', 5000, 'transfer-in'),
];

const rowsOf = {
  corrispettivi: corrispettiviRows([day]),
  documents: documentRows(receipts),
  payments: paymentRows(receipts),
  'stock-movements': movementRows(movements, () => 'Europe/Rome', '2026-12-03', '2026-12-03'),
};

/** One golden per preset, and each dataset in each plain format. */
const cases: [string, ExportLayoutInput][] = [
  ...EXPORT_PRESETS.map((preset): [string, ExportLayoutInput] => [`preset-${preset}`, EXPORT_PRESET_LAYOUTS[preset]]),
  ['payments-csv-comma-lf', { dataset: 'payments', format: 'csv', columns: [{ field: 'businessDay', header: 'day' }, { field: 'saleId', header: 'sale' }, { field: 'method', header: 'method' }, { field: 'paymentKind', header: 'kind', map: { electronic: 'POS' } }, { field: 'amountCents', header: 'amount' }], separator: ',', decimalComma: false, lineEnd: 'lf' }],
  ['payments-xml', { dataset: 'payments', format: 'xml', columns: [{ field: 'saleId', header: 'Sale' }, { field: 'method', header: 'Method' }, { field: 'amountCents', header: 'Amount' }, { constant: 'A&B <srl>', header: 'Company' }] }],
  ['documents-csv-no-header', { dataset: 'documents', format: 'csv', headerRow: false, columns: [{ field: 'saleId', header: 'id' }, { field: 'description', header: 'description' }, { field: 'quantityMilli', header: 'qty', decimals: 2 }, { field: 'totalCents', header: 'total', absolute: true }] }],
  ['stock-movements-csv', { dataset: 'stock-movements', format: 'csv', columns: [{ field: 'businessDay', header: 'Giorno', dateFormat: 'YYYYMMDD' }, { field: 'movementId', header: 'Id' }, { field: 'at', header: 'Ora' }, { field: 'reason', header: 'Causale', map: { sale: 'VEN', 'goods-received': 'CAR', 'transfer-in': 'TRA' } }, { field: 'referenceId', header: 'Rif' }, { field: 'quantityMilli', header: 'Qta' }] }],
  ['corrispettivi-fixed-left-zero', { dataset: 'corrispettivi', format: 'fixed-width', columns: [{ field: 'vatCode', header: 'IVA', width: 3, align: 'right' }, { field: 'netGrossCents', header: 'LORDO', width: 16, pad: '0' }, { field: 'netVatCents', header: 'IVA', width: 16, amount: 'implied', align: 'left' }] }],
];

describe('ERP export files', () => {
  it.each(cases)('%s equals its golden file byte for byte', (name, input) => {
    const layout = exportLayoutSchema.parse(input);
    expect(layoutProblems(layout)).toEqual([]);
    const bytes = renderExport(layout, rowsOf[layout.dataset]);
    const ext = layout.format === 'xml' ? 'xml' : layout.format === 'csv' ? 'csv' : 'txt';
    const file = join(GOLDEN, `${name}.${ext}`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, bytes);
    expect(bytes).toBe(readFileSync(file, 'utf8'));
    // Rendered twice, the same bytes: nothing of the moment goes into a file.
    expect(renderExport(layout, rowsOf[layout.dataset])).toBe(bytes);
  });

  it('refuses a NUL or another control character in any value, naming the row and column', () => {
    const layout = exportLayoutSchema.parse(EXPORT_PRESET_LAYOUTS['mago-documents-xml']);
    const rows = [...rowsOf.documents];
    rows[2] = { ...rows[2]!, description: 'Bad\u0000byte' };
    let caught: unknown = null;
    try {
      renderExport(layout, rows);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExportRenderError);
    expect((caught as ExportRenderError).problem).toEqual({ reason: 'erp-export-control-character', row: 3, column: 'Description' });
  });

  it('refuses an amount wider than its fixed-width column rather than cutting it, and cuts text', () => {
    const layout = exportLayoutSchema.parse({ dataset: 'payments', format: 'fixed-width', columns: [{ field: 'saleId', header: 'ID', width: 1 }, { field: 'amountCents', header: 'AMT', width: 6, amount: 'implied' }] });
    expect(() => renderExport(layout, rowsOf.payments)).toThrow(ExportRenderError);
    expect(renderExport(layout, rowsOf.payments.slice(0, 1))).toBe('s  2015\r\n');
  });

  it('finds what the schema cannot: unknown fields, missing widths, bad XML names', () => {
    expect(layoutProblems(exportLayoutSchema.parse({ dataset: 'payments', format: 'fixed-width', columns: [{ field: 'nope', header: 'X' }] }))).toEqual([
      { reason: 'erp-export-unknown-field', column: 'X', field: 'nope' },
      { reason: 'erp-export-width-missing', column: 'X' },
    ]);
    expect(layoutProblems(exportLayoutSchema.parse({ dataset: 'payments', format: 'xml', columns: [{ field: 'method', header: '1 bad' }] }))).toEqual([{ reason: 'erp-export-xml-name', column: '1 bad' }]);
    expect(layoutProblems(exportLayoutSchema.parse({ dataset: 'payments', format: 'csv', columns: [{ field: 'constructor', header: 'x' }] }))).toEqual([{ reason: 'erp-export-unknown-field', column: 'x', field: 'constructor' }]);
    expect(exportLayoutSchema.safeParse({ dataset: 'payments', format: 'csv', columns: [{ header: 'x' }] }).success).toBe(false);
  });
});
