import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

describe('catalogue import and export', () => {
  let till: TestTill;
  beforeEach(() => {
    till = createTestTill({ demo: false });
  });
  afterEach(() => till.dispose());

  const csv = [
    'sku;prodotto;nome;prezzo;iva;taglia;colore;barcode;categoria',
    'FLP-S-GRI;FLP;Felpa;39,90;22;S;Grigio;8001234500016;Abbigliamento',
    'FLP-M-GRI;FLP;Felpa;39,90;22;M;Grigio;8001234500023;Abbigliamento',
    'BAD;;;x;22;;;;',
    'CAF;;Caffè in grani 1 kg;18,50;22;;;8001234500030;Drogheria',
  ].join('\n');

  it('a dry run reports every row and writes nothing', async () => {
    const report = await till.core.services.transfer.importCsv(csv, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, products: 2, variants: 3, created: 2, rejectedCount: 1 });
    expect(report.rejected[0]).toMatchObject({ line: 4, sku: 'BAD' });
    expect(till.core.services.catalogue.productCount()).toBe(0);
  });

  it('imports in batches with progress, makes items sellable and searchable, and updates on a second run', async () => {
    const progress: unknown[] = [];
    till.core.events.subscribe((e) => {
      if (e.name === 'catalogue.importProgress') progress.push(e.payload);
    });
    const first = await till.core.services.transfer.importCsv(csv, { dryRun: false, batchSize: 1 });
    expect(first).toMatchObject({ products: 2, created: 2, updated: 0 });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(till.core.services.catalogue.findByBarcode('8001234500023')).toMatchObject({ sku: 'FLP-M-GRI', priceCents: 3990 });
    expect(till.core.services.catalogue.searchItems('caffe grani', 5)[0]).toMatchObject({ sku: 'CAF' });

    const second = await till.core.services.transfer.importCsv(csv.replace('18,50', '19,00'), { dryRun: false });
    expect(second).toMatchObject({ created: 0, updated: 2 });
    expect(till.core.services.catalogue.findBySku('CAF')?.priceCents).toBe(1900);
  });

  it('exports what it imports, in both separators', async () => {
    await till.core.services.transfer.importCsv(csv, { dryRun: false });
    const semi = till.core.services.transfer.exportCsv(';');
    expect(semi).toContain('FLP-M-GRI;FLP;Felpa;39,90;22;pz;Abbigliamento;8001234500023;M;Grigio');
    const comma = till.core.services.transfer.exportCsv(',');
    expect(comma).toContain('CAF,CAF,Caffè in grani 1 kg,18.50,22,pz,Drogheria,8001234500030,,');
    // Round trip: the export imports back to the same catalogue.
    const again = createTestTill({ demo: false });
    try {
      const report = await again.core.services.transfer.importCsv(comma, { dryRun: false });
      expect(report).toMatchObject({ products: 2, variants: 3, rejectedCount: 0 });
      expect(again.core.services.transfer.exportCsv(';')).toBe(semi);
    } finally {
      await again.dispose();
    }
  });

  it('exports formula-like names as text and imports them back unchanged', async () => {
    const hostile = ['sku;nome;prezzo;iva;categoria', `EVIL;"'=HYPERLINK(""http://evil.example"";""x"")";1,00;22;'@SUM(A1)`, 'PLAIN;-Sconto-;2,00;22;'].join('\n');
    const report = await till.core.services.transfer.importCsv(hostile, { dryRun: false });
    expect(report).toMatchObject({ products: 2, rejectedCount: 0 });
    expect(till.core.services.catalogue.findBySku('EVIL')?.name).toBe('=HYPERLINK("http://evil.example";"x")');
    const exported = till.core.services.transfer.exportCsv(';');
    // No cell begins with a formula trigger, quoted or not.
    for (const line of exported.split('\r\n')) for (const cell of line.split(';')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    expect(exported).toContain(`"'=HYPERLINK(""http://evil.example"";""x"")"`);
    expect(exported).toContain("'-Sconto-");
    const again = createTestTill({ demo: false });
    try {
      await again.core.services.transfer.importCsv(exported, { dryRun: false });
      expect(again.core.services.catalogue.findBySku('EVIL')?.name).toBe('=HYPERLINK("http://evil.example";"x")');
      expect(again.core.services.transfer.exportCsv(';')).toBe(exported);
    } finally {
      await again.dispose();
    }
  });
});

describe('an import never moves a barcode by surprise', () => {
  let till: TestTill;
  let manager: string;
  beforeEach(async () => {
    till = createTestTill();
    manager = await till.login('user-marco', '2222');
  });
  afterEach(() => till.dispose());

  const coffeeCode = () => till.core.services.catalogue.findBySku('CAF250')!.barcodes[0]!;
  const clashingFile = (code: string, move = '') =>
    ['codice;nome;prezzo;iva;barcode;sposta_barcode', `NEW1;Tè verde;2,00;22;${code};${move}`, 'NEW2;Tè nero;2,10;22;;'].join('\n');

  it('rejects a row carrying another product\'s barcode, in the dry run too, and keeps the code where it was', async () => {
    const code = coffeeCode();
    const dry = await till.call('catalogue.import', { csv: clashingFile(code), dryRun: true }, manager);
    expect(dry).toMatchObject({ products: 1, rejectedCount: 1 });
    expect(dry.rejected[0]).toMatchObject({ line: 2, sku: 'NEW1', reason: 'barcode-taken', details: { code, ownerSku: 'CAF250', ownerName: 'Caffè macinato espresso 250 g' } });
    const real = await till.call('catalogue.import', { csv: clashingFile(code), dryRun: false }, manager);
    expect(real).toMatchObject({ products: 1, rejectedCount: 1 });
    expect(till.core.services.catalogue.findByBarcode(code)).toMatchObject({ sku: 'CAF250', priceCents: 449 });
    expect(till.core.services.catalogue.findBySku('NEW1')).toBeNull();
  });

  it('sees the clash through another printed form of the same GTIN (EAN-13 given as GTIN-14)', async () => {
    const dry = await till.call('catalogue.import', { csv: clashingFile(`0${coffeeCode()}`), dryRun: true }, manager);
    expect(dry.rejected[0]).toMatchObject({ reason: 'barcode-taken', details: { ownerSku: 'CAF250' } });
  });

  it('moves the barcode when the row says so in sposta_barcode', async () => {
    const code = coffeeCode();
    const report = await till.call('catalogue.import', { csv: clashingFile(code, '1'), dryRun: false }, manager);
    expect(report).toMatchObject({ products: 2, rejectedCount: 0 });
    expect(till.core.services.catalogue.findByBarcode(code)).toMatchObject({ sku: 'NEW1', priceCents: 200 });
    expect(till.core.services.catalogue.findBySku('CAF250')?.barcodes).toEqual([]);
  });

  it('lets a product re-described earlier in the same file give its code to a later row, in the dry run as in the real run', async () => {
    const code = coffeeCode();
    const csv = ['codice;nome;prezzo;iva;barcode', 'CAF250;Caffè macinato espresso 250 g;4,49;22;', `NEW1;Tè verde;2,00;22;${code}`].join('\n');
    const dry = await till.call('catalogue.import', { csv, dryRun: true }, manager);
    const real = await till.call('catalogue.import', { csv, dryRun: false }, manager);
    expect([dry.rejectedCount, real.rejectedCount]).toEqual([0, 0]);
    expect(till.core.services.catalogue.findByBarcode(code)?.sku).toBe('NEW1');
  });

  it('refuses the product editor the same takeover', async () => {
    const code = coffeeCode();
    const product = {
      id: 'p-new', sku: 'NEW', name: 'Nuovo', categoryId: null, vatCode: '22' as const, unit: 'piece' as const, priceCents: 100, axes: [], active: true,
      variants: [{ id: 'v-new', sku: 'NEW', barcodes: [code], options: {}, priceCents: null, active: true }],
    };
    await expect(till.call('catalogue.saveProduct', { product }, manager)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/CAF250/) });
    await expect(till.call('catalogue.saveProduct', { product: { ...product, variants: [{ ...product.variants[0]!, barcodes: ['800 123'] }] } }, manager)).rejects.toMatchObject({
      code: 'INVALID_BARCODE',
    });
    expect(till.core.services.catalogue.findByBarcode(code)?.sku).toBe('CAF250');
  });

  it('finds a product stored under its UPC-A when the UPC-E is scanned, and the other way round', async () => {
    await till.call('catalogue.import', { csv: 'codice;nome;prezzo;iva;barcode\nUSA1;Cola USA;1,50;22;042100005264\nUSA2;Gomme USA;0,90;22;01234565\n', dryRun: false }, manager);
    expect(till.core.services.tickets.resolveCode('04252614').item.sku).toBe('USA1');
    expect(till.core.services.tickets.resolveCode('012345000065').item.sku).toBe('USA2');
    // and a second product cannot take the other form of the same GTIN
    const dry = await till.call('catalogue.import', { csv: 'codice;nome;prezzo;iva;barcode\nUSA3;Cola bis;1,40;22;04252614\n', dryRun: true }, manager);
    expect(dry.rejected[0]).toMatchObject({ reason: 'barcode-taken', details: { ownerSku: 'USA1' } });
  });

  it('refuses the import on a register paired with head office, as it refuses the editor', async () => {
    till.core.store.write(() => {
      const s = till.core.services.context.settings;
      s.set('sync.serverUrl', 'http://127.0.0.1:1');
      s.set('sync.deviceToken', 'x'.repeat(40));
      s.set('sync.organisationId', 'org');
      s.set('store.id', 'store');
    });
    for (const dryRun of [true, false]) {
      await expect(till.call('catalogue.import', { csv: clashingFile('', ''), dryRun }, manager)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/head office/) });
    }
    expect(till.core.services.catalogue.findBySku('NEW2')).toBeNull();
  });

  it('lists names the receipt cannot print as warnings and still imports them', async () => {
    const report = await till.call('catalogue.import', { csv: 'codice;nome;prezzo;iva\nEMO;Caffè ☕;1,00;22\n', dryRun: false }, manager);
    expect(report).toMatchObject({ products: 1, rejectedCount: 0, warningCount: 1, warnings: [{ line: 2, sku: 'EMO', reason: 'name-unprintable', details: { chars: '☕' } }] });
    expect(till.core.services.catalogue.findBySku('EMO')?.name).toBe('Caffè ☕');
  });
});
