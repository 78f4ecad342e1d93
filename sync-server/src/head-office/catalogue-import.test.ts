import { describe, expect, it } from 'vitest';
import { engines, product, serverPerTest } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { setUp } from '../../test/head-office-browser';
import { openDatabase } from '../storage/open-storage';
import { migrate, migrations } from '../storage/migrations';

const coffee = (code: string) => ({ ...product('p-caf'), sku: 'CAF', name: 'Caffè', variants: [{ ...product('p-caf').variants[0]!, barcodes: [code] }] });

describe.each(engines)('head office catalogue: one barcode, one product, on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  async function withCoffee() {
    const s = await start();
    const anna = await setUp(s);
    expect((await anna.post('/api/ho/catalogue/products', coffee('042100005264'))).status).toBe(201);
    return { s, anna };
  }

  it('the import rejects a row with another product\'s barcode, in any printed form, in the dry run and the real run', async () => {
    const { anna } = await withCoffee();
    const csv = 'codice;nome;prezzo;iva;barcode\nTEA;Tè verde;2,00;22;04252614\nTEA2;Tè nero;2,10;22;\n';
    for (const dryRun of [true, false]) {
      const report = await anna.post('/api/ho/catalogue/import', { csv, dryRun });
      expect(report.data).toMatchObject({ products: 1, rejected: [{ line: 2, sku: 'TEA', reason: 'barcode-taken', details: { code: '04252614', ownerSku: 'CAF', ownerName: 'Caffè' } }] });
    }
    const catalogue = (await anna.get('/api/ho/catalogue')).data as { products: { sku: string; variants: { barcodes: string[] }[] }[] };
    expect(catalogue.products.map((p) => p.sku).sort()).toEqual(['CAF', 'TEA2']);
  });

  it('the import moves the code when the row says sposta_barcode = 1, rewriting the product that held it', async () => {
    const { anna } = await withCoffee();
    const csv = 'codice;nome;prezzo;iva;barcode;sposta_barcode\nTEA;Tè verde;2,00;22;04252614;1\n';
    const report = await anna.post('/api/ho/catalogue/import', { csv, dryRun: false });
    expect(report.data).toMatchObject({ products: 1, rejected: [] });
    const catalogue = (await anna.get('/api/ho/catalogue')).data as { products: { sku: string; variants: { barcodes: string[] }[] }[] };
    expect(Object.fromEntries(catalogue.products.map((p) => [p.sku, p.variants[0]!.barcodes]))).toEqual({ CAF: [], TEA: ['04252614'] });
  });

  it('product editing refuses a clash on the normalised code and an invalid barcode', async () => {
    const { anna } = await withCoffee();
    const other = { ...product('p-tea'), variants: [{ ...product('p-tea').variants[0]!, barcodes: ['00042100005264'] }] };
    const clash = await anna.post('/api/ho/catalogue/products', other);
    expect(clash.status).toBe(409);
    expect(clash.json.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'barcode-held', code: '00042100005264', ownerSku: 'CAF', ownerName: 'Caffè' } });
    const junk = await anna.post('/api/ho/catalogue/products', { ...other, variants: [{ ...other.variants[0]!, barcodes: ['800 123 456'] }] });
    expect(junk.json.error?.code).toBe('INVALID_BARCODE');
    // Its own code in another form is no clash.
    expect((await anna.post('/api/ho/catalogue/products', coffee('04252614'))).status).toBe(201);
  });

  it('the import shares the till\'s file rules: field count, Excel quoting, name limit, unprintable-name warnings', async () => {
    const s = await start();
    const anna = await setUp(s);
    const csv = `sku,name,price,vat\nA,Uno,12,10,22\nB,"Caffè ☕, tazza",1.00,22\nC,${'x'.repeat(3000)},1.00,22\n`;
    const report = await anna.post('/api/ho/catalogue/import', { csv, dryRun: true });
    expect(report.data).toMatchObject({
      products: 1,
      rejected: [
        { line: 2, reason: 'field-count' },
        { line: 4, reason: 'name-too-long' },
      ],
      warnings: [{ line: 3, reason: 'name-unprintable', details: { chars: '☕' } }],
    });
  });
});

describe.each(engines)('server migration barcode-keys on $name', (engine: Engine) => {
  it('keys the barcodes of an upgraded catalogue and lists existing clashes instead of failing', async () => {
    const database = await engine.database();
    const db = openDatabase(database.options);
    try {
      const before = migrations.findIndex((m) => m.name === 'barcode-keys');
      await migrate(db, migrations.slice(0, before));
      const row = (id: string, codes: string[]) => [
        'org-1', 'catalogue', 'product', id, '', 1,
        JSON.stringify({ ...product(id), variants: [{ ...product(id).variants[0]!, barcodes: codes }] }), '2026-01-01T00:00:00Z',
      ];
      for (const values of [row('p-a', ['042100005264', 'CAFFE']), row('p-b', ['04252614']), row('p-c', ['0042100005264', '4006381333931'])]) {
        await db.query('INSERT INTO sync_rows (organisation_id, stream, entity, row_key, store_id, change_no, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', values);
      }
      await migrate(db);
      const held = await db.query('SELECT barcode_key, code, product_id FROM product_barcodes ORDER BY barcode_key');
      expect(held).toEqual([
        { barcode_key: '00042100005264', code: '042100005264', product_id: 'p-a' },
        { barcode_key: '04006381333931', code: '4006381333931', product_id: 'p-c' },
        { barcode_key: 'CAFFE', code: 'CAFFE', product_id: 'p-a' },
      ]);
      const clashes = await db.query('SELECT product_id, code, kept_product_id FROM barcode_clashes ORDER BY product_id');
      expect(clashes).toEqual([
        { product_id: 'p-b', code: '04252614', kept_product_id: 'p-a' },
        { product_id: 'p-c', code: '0042100005264', kept_product_id: 'p-a' },
      ]);
    } finally {
      await db.close();
      await database.cleanup();
    }
  });
});
