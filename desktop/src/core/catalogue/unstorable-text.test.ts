import type { Product } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

/** A product whose name holds U+0000 would reach every sale record and poison head office's PostgreSQL. */
describe('the till refuses text no database can store', () => {
  let till: TestTill;
  beforeEach(() => {
    till = createTestTill();
  });
  afterEach(() => till.dispose());

  const product = (name: string): Product => ({
    id: 'p-nul',
    sku: 'NUL-1',
    name,
    categoryId: null,
    vatCode: '22',
    unit: 'piece',
    priceCents: 100,
    axes: [],
    variants: [{ id: 'p-nul-v1', sku: 'NUL-1', barcodes: [], options: {}, priceCents: null, active: true }],
    active: true,
  });

  it('in the product editor: a name with U+0000 or half a surrogate pair is a validation error; a plain one saves', async () => {
    const manager = await till.login('user-marco', '2222');
    await expect(till.call('catalogue.saveProduct', { product: product('Caff\u0000è') }, manager)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(till.call('catalogue.saveProduct', { product: product('Tazza \udc00') }, manager)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(till.core.services.catalogue.findBySku('NUL-1')).toBeFalsy();
    await till.call('catalogue.saveProduct', { product: product('Caffè ☕') }, manager);
    expect(till.core.services.catalogue.findBySku('NUL-1')).toMatchObject({ sku: 'NUL-1' });
  });

  it('in the CSV import: the row is rejected with its line, the others are imported', async () => {
    const csv = 'sku;nome;prezzo;iva\nOK-1;Buono;1,00;22\nBAD-1;Cat\u0000tivo;1,00;22\n';
    const report = await till.core.services.transfer.importCsv(csv, { dryRun: false });
    expect(report).toMatchObject({ products: 1, rejectedCount: 1 });
    expect(report.rejected[0]).toMatchObject({ line: 3 });
    expect(till.core.services.catalogue.findBySku('BAD-1')).toBeFalsy();
  });
});
