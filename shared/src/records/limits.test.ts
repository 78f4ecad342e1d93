import { describe, expect, it } from 'vitest';
import { readCatalogueCsv } from '../catalogue/catalogue-import';
import { productSchema, settingSchema } from './catalogue';
import { MAX_AMOUNT_CENTS, MAX_QUANTITY_MILLI, isStorableText, unstorableTextPath } from './limits';
import { auditRecordSchema, saleRecordSchema } from './till-records';

const product = {
  id: 'p1',
  sku: 'P1',
  name: 'Caffè',
  categoryId: null,
  vatCode: '22',
  unit: 'piece',
  priceCents: 120,
  axes: [],
  variants: [{ id: 'p1-v1', sku: 'P1', barcodes: [], options: {}, priceCents: null, active: true }],
  active: true,
};

const sale = {
  id: 's1',
  kind: 'sale',
  storeId: 'store',
  deviceId: 'dev',
  shiftId: 'shift',
  zNumber: 1,
  documentNumber: 1,
  originalSaleId: null,
  cashierId: 'u1',
  customerId: null,
  completedAt: '2026-11-26T10:15:00+01:00',
  lines: [
    { lineId: 'l1', productId: 'p1', variantId: 'p1-v1', sku: 'P1', description: 'Caffè', vatCode: '22', quantityMilli: 1000, unitPriceCents: 120, discountCents: 0, totalCents: 120 },
  ],
  payments: [{ method: 'cash', amountCents: 120, reference: null }],
  changeCents: 0,
  roundingCents: 0,
  totalCents: 120,
  vatBreakdown: [],
};

describe('text every engine can store', () => {
  it('tells NUL and unpaired surrogates from ordinary text, emoji included', () => {
    expect(isStorableText('Caffè 😀 €')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud83d')).toBe(false);
    expect(isStorableText('x\ude00')).toBe(false);
    expect(unstorableTextPath({ a: [{ b: 'ok' }, { c: 'no\u0000' }] })).toEqual(['a', 1, 'c']);
    expect(unstorableTextPath({ ['k\u0000']: 1 })).toEqual(['k\u0000']);
  });

  it('refuses a product (the till editor and head office) whose name, SKU or option holds U+0000', () => {
    expect(productSchema.safeParse(product).success).toBe(true);
    const named = productSchema.safeParse({ ...product, name: 'Caff\u0000è' });
    expect(named.success).toBe(false);
    expect(named.error?.issues[0]).toMatchObject({ path: ['name'], message: expect.stringMatching(/NUL/) });
    expect(productSchema.safeParse({ ...product, id: 'p\u0000' }).success).toBe(false);
    const variant = { ...product.variants[0], options: { taglia: 'M\ud800' } };
    expect(productSchema.safeParse({ ...product, variants: [variant] }).success).toBe(false);
    expect(settingSchema.safeParse({ key: 'receipt.footer', value: { text: 'Grazie\u0000' } }).success).toBe(false);
  });

  it('rejects a catalogue CSV row holding U+0000 and keeps the good ones (till and head-office import)', () => {
    const csv = 'sku;nome;prezzo;iva\nA1;Buono;1,00;22\nA2;Cat\u0000tivo;1,00;22\n';
    const items = [...readCatalogueCsv(csv)];
    expect(items.filter((i) => i.kind === 'product').map((i) => i.kind === 'product' && i.product.sku)).toEqual(['A1']);
    expect(items.filter((i) => i.kind === 'rejected')).toEqual([expect.objectContaining({ line: 3, message: expect.stringMatching(/NUL/) })]);
  });
});

describe('bounds on what a till sends', () => {
  it('accepts a sale at the bounds and refuses 2^53 amounts, huge quantities and a 1 MiB description', () => {
    expect(saleRecordSchema.safeParse(sale).success).toBe(true);
    const line = sale.lines[0]!;
    const atBound = { ...sale, totalCents: MAX_AMOUNT_CENTS, lines: [{ ...line, quantityMilli: MAX_QUANTITY_MILLI, totalCents: MAX_AMOUNT_CENTS }] };
    expect(saleRecordSchema.safeParse(atBound).success).toBe(true);
    const huge = saleRecordSchema.safeParse({ ...sale, totalCents: 2 ** 53 });
    expect(huge.error?.issues[0]).toMatchObject({ path: ['totalCents'], code: 'too_big' });
    expect(saleRecordSchema.safeParse({ ...sale, totalCents: -(MAX_AMOUNT_CENTS + 1) }).success).toBe(false);
    expect(saleRecordSchema.safeParse({ ...sale, lines: [{ ...line, quantityMilli: MAX_QUANTITY_MILLI + 1 }] }).success).toBe(false);
    const long = saleRecordSchema.safeParse({ ...sale, lines: [{ ...line, description: 'x'.repeat(1024 * 1024) }] });
    expect(long.error?.issues[0]).toMatchObject({ path: ['lines', 0, 'description'], code: 'too_big' });
  });

  it('bounds an audit entry: details of a few KiB, no NUL anywhere in them', () => {
    const entry = { id: 'a1', deviceId: 'dev', sequence: 1, at: '2026-11-26T10:15:00Z', userId: null, role: null, action: 'login', details: { ok: true }, previousHash: '0', hash: '1' };
    expect(auditRecordSchema.safeParse(entry).success).toBe(true);
    expect(auditRecordSchema.safeParse({ ...entry, details: { note: 'x'.repeat(1024 * 1024) } }).success).toBe(false);
    expect(auditRecordSchema.safeParse({ ...entry, details: { note: 'a\u0000' } }).success).toBe(false);
  });
});
