import { headOfficeContract } from '@cassa/shared';
import type { Product } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { product, serverPerTest, sqliteEngine } from '../../../test/fixtures';
import { refusal, testOrganisation } from '../../../test/head-office-world';
import { checkAccess } from '../serve-head-office';
import { createCatalogueService } from './catalogue';

const withBarcode = (id: string, code: string): Product => ({ ...product(id), variants: [{ ...product(id).variants[0]!, barcodes: [code] }] });

// Storage itself runs on both engines in the HTTP suites; these check the rules on one.
describe('head-office catalogue service', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: false });

  async function world() {
    const s = await start();
    return { s, catalogue: createCatalogueService(s), acme: await testOrganisation(s, 'Acme'), other: await testOrganisation(s, 'Other') };
  }

  it('lets only owners and managers of every store write the catalogue, and a store price only for their store', async () => {
    const { acme } = await world();
    const writers = headOfficeContract['catalogue.saveProduct'].access;
    expect(() => checkAccess(acme.owner, writers, {})).not.toThrow();
    expect(() => checkAccess(acme.chainManager, writers, {})).not.toThrow();
    expect(() => checkAccess(acme.storeManager, writers, {})).toThrow(/managers of every store/);
    expect(() => checkAccess(acme.viewer, writers, {})).toThrow(/owner, manager/);
    for (const name of ['catalogue.saveCategory', 'catalogue.import', 'tillUsers.save'] as const) expect(headOfficeContract[name].access).toEqual(writers);
    const prices = headOfficeContract['catalogue.setStorePrice'].access;
    expect(() => checkAccess(acme.storeManager, prices, { storeId: acme.stores[0] })).not.toThrow();
    expect(() => checkAccess(acme.storeManager, prices, { storeId: acme.stores[1] })).toThrow(/may not see store/);
    expect(() => checkAccess(acme.viewer, prices, { storeId: acme.stores[0] })).toThrow();
  });

  it('refuses a barcode a scan would refuse, and one another product holds, naming the holder', async () => {
    const { catalogue, acme, other } = await world();
    await catalogue.saveProduct(acme.id, { ...withBarcode('p-caf', '042100005264'), sku: 'CAF', name: 'Caffè' });
    const junk = await refusal(catalogue.saveProduct(acme.id, withBarcode('p-tea', '800 123 456')));
    expect(junk).toMatchObject({ code: 'INVALID_BARCODE', details: { code: '800 123 456' } });
    // The same UPC-A code printed as a GTIN-14 is the same code.
    const clash = await refusal(catalogue.saveProduct(acme.id, withBarcode('p-tea', '00042100005264')));
    expect(clash).toMatchObject({ code: 'CONFLICT', details: { reason: 'barcode-held', ownerSku: 'CAF', ownerName: 'Caffè' } });
    // Another organisation's catalogue is its own: the code is free there.
    await expect(catalogue.saveProduct(other.id, withBarcode('p-tea', '042100005264'))).resolves.toMatchObject({ id: 'p-tea' });
    expect((await catalogue.view(acme.owner)).products.map((p) => p.id)).toEqual(['p-caf']);
  });

  it('shows each user the store prices of their stores only, and removes a price set to null', async () => {
    const { catalogue, acme, other } = await world();
    await catalogue.saveProduct(acme.id, product('p1'));
    for (const storeId of acme.stores) await catalogue.setStorePrice(acme.id, { storeId, variantId: 'p1-v1', priceCents: 199 });
    expect((await catalogue.view(acme.owner)).storePrices).toHaveLength(2);
    expect((await catalogue.view(acme.storeManager)).storePrices).toEqual([{ storeId: acme.stores[0], variantId: 'p1-v1', priceCents: 199 }]);
    expect(await catalogue.view(other.owner)).toEqual({ products: [], categories: [], storePrices: [] });
    await catalogue.setStorePrice(acme.id, { storeId: acme.stores[0], variantId: 'p1-v1', priceCents: null });
    expect((await catalogue.view(acme.owner)).storePrices.map((p) => p.storeId)).toEqual([acme.stores[1]]);
  });

  it('imports nothing in a dry run yet reports what a real import writes', async () => {
    const { catalogue, acme } = await world();
    const csv = 'codice;nome;prezzo;iva;categoria\nA1;Caffè;1,20;22;Bar\nA2;Tè;1,50;22;Bar\nA3;Senza prezzo;;22;Bar\n';
    const dry = await catalogue.importCsv(acme.id, csv, true);
    expect(dry).toMatchObject({ dryRun: true, products: 2, variants: 2, rejected: [{ line: 4, sku: 'A3' }] });
    expect(await catalogue.view(acme.owner)).toMatchObject({ products: [], categories: [] });
    const real = await catalogue.importCsv(acme.id, csv, false);
    expect({ ...real, dryRun: true }).toEqual(dry);
    const after = await catalogue.view(acme.owner);
    expect(after.products.map((p) => p.sku).sort()).toEqual(['A1', 'A2']);
    expect(after.categories.map((c) => c.name)).toEqual(['Bar']);
  });
});
