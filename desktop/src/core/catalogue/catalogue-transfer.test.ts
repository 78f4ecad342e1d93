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
