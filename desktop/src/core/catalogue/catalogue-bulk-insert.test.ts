import type { Product } from '@cassa/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { openTillDatabase } from '../store/database';
import type { TillDatabase } from '../store/database';
import { CatalogueRepository } from './catalogue-repository';

function product(id: string, name: string, variants: { id: string; barcodes: string[]; size?: string }[], extra: Partial<Product> = {}): Product {
  return {
    id,
    sku: id.toUpperCase(),
    name,
    categoryId: null,
    vatCode: '22',
    unit: 'piece',
    priceCents: 250,
    axes: variants.some((v) => v.size) ? [{ name: 'taglia', values: variants.map((v) => v.size ?? '') }] : [],
    variants: variants.map((v, i) => ({
      id: v.id,
      sku: `${id.toUpperCase()}-${i}`,
      barcodes: v.barcodes,
      options: v.size ? { taglia: v.size } : ({} as Record<string, string>),
      priceCents: i === 2 ? 300 : null,
      active: i !== 1,
    })),
    active: true,
    ...extra,
  };
}

/** Held before the list arrives: a code the list takes over, and a variant id the list moves. */
const before = [product('old-1', 'Vecchio', [{ id: 'old-1-v', barcodes: ['8001234567890'] }, { id: 'moving-v', barcodes: ['8009999999998'] }])];

const list = [
  product('new-a', 'Caffè tostato', [{ id: 'new-a-v', barcodes: ['012345678905'] }], { categoryId: 'cat-1', vatCode: '10', unit: 'kg' }),
  product('new-b', 'Maglietta più bella', [
    { id: 'new-b-s', barcodes: ['8001111111110'], size: 'S' },
    { id: 'new-b-m', barcodes: [], size: 'M' },
    { id: 'new-b-l', barcodes: ['8002222222227', '8001234567890'], size: 'L' },
  ]),
  // The same GTIN as new-a's UPC-A, printed as an EAN-13: listed last, so it ends here.
  product('new-c', 'Tè verde', [{ id: 'new-c-v', barcodes: ['0012345678905'] }], { active: false }),
  product('new-d', 'Prende una variante', [{ id: 'moving-v', barcodes: ['8003333333334'] }]),
];

function dump(db: TillDatabase['db']): Record<string, unknown> {
  const all = (sql: string) => db.prepare(sql).all();
  const search = db.prepare('SELECT p.id FROM product_search s JOIN products p ON p.rowid = s.rowid WHERE product_search MATCH ? ORDER BY p.id').pluck();
  return {
    products: all('SELECT rowid, id, sku, name, category_id, vat_code, unit, price_cents, axes, active FROM products ORDER BY id'),
    variants: all('SELECT id, product_id, sku, options, price_cents, active, position FROM variants ORDER BY id'),
    barcodes: all('SELECT code, gtin_key, variant_id FROM barcodes ORDER BY code'),
    searchRows: db.prepare('SELECT count(*) FROM product_search').pluck().get(),
    search: Object.fromEntries(['caffe', 'piu', 'te', 'vecchio', 'NEW', '8001234567890', '0012345678905', '012345678905', '800*', 'taglia'].map((q) => [q, search.all(q)])),
  };
}

describe('writing products the till holds none of in one go', () => {
  const opened: TillDatabase[] = [];
  const open = () => {
    const store = openTillDatabase(':memory:');
    opened.push(store);
    const catalogue = new CatalogueRepository(store.db);
    store.write(() => before.forEach((p) => catalogue.upsertProduct(p)));
    return { store, catalogue };
  };
  afterEach(() => opened.splice(0).forEach((s) => s.close()));

  it('gives the rows, rowids, barcode owners and search index that upserting them one by one gives', () => {
    const oneByOne = open();
    oneByOne.store.write(() => list.forEach((p) => oneByOne.catalogue.upsertProduct(p)));
    const bulk = open();
    expect(bulk.store.write(() => bulk.catalogue.insertNewProducts(list))).toBe(true);

    const expected = dump(oneByOne.store.db);
    expect(dump(bulk.store.db)).toEqual(expected);
    // The cases that make it worth comparing: a code taken over, a GTIN listed twice, a variant moved.
    expect(expected.barcodes).toContainEqual(expect.objectContaining({ code: '8001234567890', variant_id: 'new-b-l' }));
    expect(expected.barcodes).toContainEqual(expect.objectContaining({ code: '0012345678905', variant_id: 'new-c-v' }));
    expect(expected.variants).toContainEqual(expect.objectContaining({ id: 'moving-v', product_id: 'new-d' }));
  });

  it('writes nothing and says so when the till holds one of them or an id repeats', () => {
    const { store, catalogue } = open();
    const unchanged = dump(store.db);
    expect(store.write(() => catalogue.insertNewProducts([list[0]!, before[0]!]))).toBe(false);
    expect(store.write(() => catalogue.insertNewProducts([list[0]!, list[1]!, list[0]!]))).toBe(false);
    expect(dump(store.db)).toEqual(unchanged);
  });
});
