/**
 * Imports from the ERP on both engines, through the service (storage, admin API, the one
 * transaction): dry runs write nothing, a second import of the same file changes nothing, barcode
 * clashes follow the catalogue import's rule, price lists land on their linked stores only.
 */
import type { ErpColumnMap, Product, StorePrice } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { refusal, worldPerTest } from '../../../test/head-office-services';
import type { ServiceWorld } from '../../../test/head-office-services';
import { createErpImportService } from './erp-imports';

const b64 = (bytes: Uint8Array | string) => Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes).toString('base64');
/** Latin-1 range only: enough for the accents of these samples, as Windows-1252 writes them. */
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const fixed = (...cells: [string, number][]) => cells.map(([value, width]) => value.padEnd(width, ' ')).join('');

const articoli = [
  fixed(['CAF01', 20], ['Caffè in grani 1kg', 40], ['22', 5], ['BAR', 5], ['PZ', 3], ['18,90000', 15]),
  fixed(['TE01', 20], ['Tè verde sfuso', 40], ['IVA10', 5], ['BAR', 5], ['KG', 3], ['32,00', 15]),
  fixed(['LIB01', 20], ['Guida della città', 40], ['E10', 5], ['', 5], ['NR', 3], ['15,00', 15]),
].join('\r\n');

const barcodeMap: ErpColumnMap = { layout: 'delimited', delimiter: ';', header: true, columns: { code: 'articolo', barcode: 'ean', move: 'sposta' }, decimal: ',', encoding: 'auto' };

async function setUp(world: ServiceWorld) {
  const acme = (await world.admin.createOrganisation({ name: 'Acme' })).id;
  const other = (await world.admin.createOrganisation({ name: 'Other' })).id;
  for (const [org, store] of [[acme, 'acme-milano'], [acme, 'acme-roma'], [other, 'other-napoli']] as const) {
    await world.admin.upsertStore(org, { id: store, name: store, addressLines: [], vatNumber: '' });
  }
  return { acme, other, imports: createErpImportService(world) };
}

const products = async (world: ServiceWorld, org: string) => (await world.storage.headOffice.readRows(org, 'product')) as Product[];

describe.each(engines)('ERP imports on $name', (engine: Engine) => {
  const start = worldPerTest(engine);

  it('dry-runs Ad Hoc articoli without writing, imports them, and a second import changes nothing', async () => {
    const world = await start();
    const { acme, other, imports } = await setUp(world);
    const input = { format: { preset: 'adhoc-articoli' as const }, file: b64(latin1(articoli)), fileName: 'ARTICOLI.TXT' };
    const dry = await imports.importFile(acme, { ...input, dryRun: true });
    expect(dry).toMatchObject({ kind: 'items', dryRun: true, rows: 3, created: 2, unchanged: 0, runId: null });
    // E10 is Ad Hoc's own code: no rate or nature until the mapping says which.
    expect(dry.refused.map((n) => [n.line, n.sku, n.reason])).toEqual([[3, 'LIB01', 'erp-vat-unknown']]);
    expect(await products(world, acme)).toEqual([]);

    await imports.setVatCode(acme, 'e10', 'N4');
    const done = await imports.importFile(acme, { ...input, dryRun: false });
    expect(done).toMatchObject({ created: 3, updated: 0, refused: [] });
    expect(done.runId).toEqual(expect.any(String));
    const stored = await products(world, acme);
    expect(stored.map((p) => [p.sku, p.name, p.vatCode, p.unit, p.priceCents, p.categoryId])).toEqual([
      ['CAF01', 'Caffè in grani 1kg', '22', 'piece', 1890, 'bar'],
      ['LIB01', 'Guida della città', 'N4', 'piece', 1500, null],
      ['TE01', 'Tè verde sfuso', '10', 'kg', 3200, 'bar'],
    ]);
    const again = await imports.importFile(acme, { ...input, dryRun: false });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, runId: null });
    expect(await products(world, acme)).toEqual(stored);
    expect((await imports.settings(acme)).runs.map((r) => [r.kind, r.format, r.fileName, r.rowsWritten])).toEqual([['items', 'adhoc-articoli', 'ARTICOLI.TXT', 3]]);
    // The other organisation saw nothing: neither products nor the VAT mapping.
    expect(await products(world, other)).toEqual([]);
    expect((await imports.settings(other)).vatCodes).toEqual([]);
  });

  it('keeps barcodes and variants when the ERP re-describes a product, and refuses a taken barcode unless the row moves it', async () => {
    const world = await start();
    const { acme, imports } = await setUp(world);
    await world.admin.upsertProducts(acme, [
      { id: 'p-caf01', sku: 'CAF01', name: 'Old', categoryId: null, vatCode: '22', unit: 'piece', priceCents: 100, axes: [], active: true, variants: [{ id: 'v-caf01', sku: 'CAF01', barcodes: ['8001234500016'], options: {}, priceCents: null, active: true }] },
      { id: 'p-te01', sku: 'TE01', name: 'Tè', categoryId: null, vatCode: '10', unit: 'kg', priceCents: 3200, axes: [], active: true, variants: [{ id: 'v-te01', sku: 'TE01', barcodes: ['8001234500023'], options: {}, priceCents: null, active: true }] },
    ]);
    const items = await imports.importFile(acme, { format: { preset: 'mago-items' }, file: b64('Item;Description;TaxCode;CommodityCtg;BaseUoM;BasePrice\r\nCAF01;Caffè;22%;;PZ;2,00\r\n'), fileName: '', dryRun: false });
    expect(items).toMatchObject({ updated: 1, created: 0 });
    expect((await products(world, acme)).find((p) => p.id === 'p-caf01')).toMatchObject({ name: 'Caffè', priceCents: 200, variants: [{ barcodes: ['8001234500016'] }] });

    const file = (rows: string) => ({ format: { kind: 'barcodes' as const, map: barcodeMap }, file: b64(`articolo;ean;sposta\r\n${rows}`), fileName: 'ean.csv' });
    const rows = 'TE01;8001234500016;\r\nTE01;8001234500030;\r\nNOPE;8001234500047;\r\nTE01;8001234500023;\r\n';
    for (const dryRun of [true, false]) {
      const report = await imports.importFile(acme, { ...file(rows), dryRun });
      // Refused in the dry run too, naming the holder; a code TE01 already holds changes nothing.
      expect(report.refused.map((n) => [n.line, n.reason, n.details.ownerSku ?? n.details.code])).toEqual([
        [2, 'barcode-taken', 'CAF01'],
        [4, 'erp-item-unknown', 'NOPE'],
      ]);
      expect(report).toMatchObject({ updated: 1, unchanged: 1, moved: 0 });
    }
    const moved = await imports.importFile(acme, { ...file('TE01;8001234500016;1\r\n'), dryRun: false });
    expect(moved).toMatchObject({ refused: [], moved: 1, updated: 1 });
    const after = await products(world, acme);
    expect(after.find((p) => p.id === 'p-caf01')!.variants[0]!.barcodes).toEqual([]);
    expect(after.find((p) => p.id === 'p-te01')!.variants[0]!.barcodes).toEqual(['8001234500023', '8001234500030', '8001234500016']);
    expect(await imports.importFile(acme, { ...file('TE01;8001234500016;1\r\n'), dryRun: false })).toMatchObject({ unchanged: 1, updated: 0, runId: null });
  });

  it('writes a price list to its linked stores only, a chain list to the products, and refuses an unlinked list', async () => {
    const world = await start();
    const { acme, imports } = await setUp(world);
    await world.admin.upsertProducts(acme, [
      { id: 'p-caf01', sku: 'CAF01', name: 'Caffè', categoryId: null, vatCode: '22', unit: 'piece', priceCents: 100, axes: [], active: true, variants: [{ id: 'v-caf01', sku: 'CAF01', barcodes: [], options: {}, priceCents: null, active: true }] },
    ]);
    expect((await refusal(imports.setPriceList(acme, 'NEG', ['other-napoli']))).code).toBe('NOT_FOUND');
    await imports.setPriceList(acme, 'NEG', ['acme-roma']);
    await imports.setPriceList(acme, 'BASE', []);
    // The clock says 2026-12-03: the June price is in force, the January one superseded, next year's refused.
    const listini = 'NEG;CAF01;01/01/2026;1,10\r\nNEG;CAF01;01/06/2026;1,30\r\nNEG;CAF01;01/01/2027;1,50\r\nBASE;CAF01;;1,20\r\nOUTLET;CAF01;;0,90\r\nNEG;ZZZ;;1,00\r\n';
    const input = { format: { preset: 'adhoc-listini' as const }, file: b64(latin1(listini)), fileName: 'LISTINI.TXT' };
    const dry = await imports.importFile(acme, { ...input, dryRun: true });
    expect(dry.refused.map((n) => [n.line, n.reason])).toEqual([[3, 'erp-price-not-yet-valid'], [5, 'erp-price-list-unmapped'], [6, 'erp-item-unknown']]);
    expect(dry.warnings.map((n) => [n.line, n.reason])).toEqual([[1, 'erp-price-superseded']]);
    expect(dry.updated).toBe(2);
    expect(await world.storage.headOffice.readRows(acme, 'store-price')).toEqual([]);

    await imports.importFile(acme, { ...input, dryRun: false });
    expect((await world.storage.headOffice.readRows(acme, 'store-price')) as StorePrice[]).toEqual([{ storeId: 'acme-roma', variantId: 'v-caf01', priceCents: 130 }]);
    expect((await products(world, acme))[0]!.priceCents).toBe(120);
    expect(await imports.importFile(acme, { ...input, dryRun: false })).toMatchObject({ updated: 0, unchanged: 2, runId: null });
    expect((await imports.settings(acme)).priceLists).toEqual([{ listCode: 'BASE', storeIds: [] }, { listCode: 'NEG', storeIds: ['acme-roma'] }]);
  });

  it('refuses a file with NUL bytes or in the wrong encoding as a whole, writing nothing', async () => {
    const world = await start();
    const { acme, imports } = await setUp(world);
    const nul = await imports.importFile(acme, { format: { preset: 'mago-items' }, file: b64(Uint8Array.from([0x49, 0x74, 0x00, 0x65])), fileName: '', dryRun: false });
    expect(nul).toMatchObject({ rows: 0, created: 0, refused: [{ line: 1, reason: 'file-encoding' }] });
    const utf8Only = { kind: 'items' as const, map: { layout: 'delimited' as const, delimiter: ';' as const, header: true, columns: { code: 1, description: 2, vat: 3, price: 4 }, decimal: ',' as const, encoding: 'utf-8' as const } };
    const cp = await imports.importFile(acme, { format: utf8Only, file: b64(latin1('c;d;v;p\r\nA;Caffè;22;1,00\r\n')), fileName: '', dryRun: false });
    expect(cp.refused.map((n) => n.reason)).toEqual(['file-encoding']);
    expect(await products(world, acme)).toEqual([]);
  });
});

describe('ERP items naming one variant', () => {
  const start = worldPerTest(engines[0]!);
  it('price that variant and leave the product, refusing a VAT that differs', async () => {
    const world = await start();
    const { acme, imports } = await setUp(world);
    const variant = (sku: string) => ({ id: `v-${sku.toLowerCase()}`, sku, barcodes: [], options: { taglia: sku.slice(-1) }, priceCents: null, active: true });
    await world.admin.upsertProducts(acme, [{ id: 'p-tsh', sku: 'TSH', name: 'T-shirt', categoryId: null, vatCode: '22', unit: 'piece', priceCents: 1990, axes: [{ name: 'taglia', values: ['S', 'M'] }], active: true, variants: [variant('TSH-S'), variant('TSH-M')] }]);
    const file = 'Item;Description;TaxCode;CommodityCtg;BaseUoM;BasePrice\r\nTSH-M;T-shirt M;22;;PZ;21,90\r\nTSH-S;T-shirt S;10;;PZ;19,90\r\n';
    const report = await imports.importFile(acme, { format: { preset: 'mago-items' }, file: b64(file), fileName: '', dryRun: false });
    expect(report).toMatchObject({ updated: 1, created: 0 });
    expect(report.refused.map((n) => [n.line, n.reason])).toEqual([[3, 'variants-mixed']]);
    const [tsh] = await products(world, acme);
    expect(tsh).toMatchObject({ name: 'T-shirt', priceCents: 1990 });
    expect(tsh!.variants.map((v) => [v.sku, v.priceCents])).toEqual([['TSH-S', null], ['TSH-M', 2190]]);
  });
});
