import { describe, expect, it } from 'vitest';
import type { ImportItem } from './catalogue-import';
import { readCatalogueCsv } from './catalogue-import';

const products = (items: ImportItem[]) => items.filter((i) => i.kind === 'product').map((i) => (i.kind === 'product' ? i.product : null));
const rejected = (items: ImportItem[]) => items.filter((i) => i.kind === 'rejected');

describe('reading a catalogue file', () => {
  it('groups variant rows into one product with its size × colour axes and per-variant prices', () => {
    const csv = [
      'codice;prodotto;nome;prezzo;iva;taglia;colore;barcode;categoria',
      'JNS-46-BLU;JNS;Jeans slim;59,90;22;46;Blu;8001234500016;Abbigliamento uomo',
      'JNS-48-BLU;JNS;Jeans slim;59,90;22;48;Blu;;Abbigliamento uomo',
      'JNS-50-NER;JNS;Jeans slim;64,90;22;50;Nero;;Abbigliamento uomo',
      'PANE;;Pane casereccio;3,90;4;;;;',
    ].join('\n');
    const items = [...readCatalogueCsv(csv)];
    expect(rejected(items)).toEqual([]);
    const [jeans, bread] = products(items);
    expect(jeans).toMatchObject({
      id: 'p-jns',
      sku: 'JNS',
      vatCode: '22',
      priceCents: 5990,
      categoryId: 'abbigliamento-uomo',
      axes: [
        { name: 'taglia', values: ['46', '48', '50'] },
        { name: 'colore', values: ['Blu', 'Nero'] },
      ],
    });
    expect(jeans!.variants.map((v) => [v.sku, v.priceCents, v.barcodes])).toEqual([
      ['JNS-46-BLU', null, ['8001234500016']],
      ['JNS-48-BLU', null, []],
      ['JNS-50-NER', 6490, []],
    ]);
    expect(bread).toMatchObject({ id: 'p-pane', vatCode: '4', unit: 'piece', axes: [], variants: [{ sku: 'PANE', options: {} }] });
  });

  it('reads English headers, comma separators and a decimal point', () => {
    const items = [...readCatalogueCsv('sku,name,price,vat,unit\nAPL,Apples,2.29,4%,kg\n')];
    expect(products(items)[0]).toMatchObject({ priceCents: 229, vatCode: '4', unit: 'kg' });
  });

  it('rejects bad rows with the line and the reason, and keeps the good ones', () => {
    const csv = [
      'sku;nome;prezzo;iva;barcode',
      'A;Uno;1,00;22;',
      ';Senza codice;1,00;22;',
      'B;Due;abc;22;',
      'C;Tre;1,00;21;',
      'D;Quattro;1,00;22;8001234500017',
      'A;Doppio;1,00;22;',
      'E;Cinque;2,00;N4;',
    ].join('\n');
    const items = [...readCatalogueCsv(csv)];
    expect(products(items).map((p) => p!.sku)).toEqual(['A', 'E']);
    expect(rejected(items).map((r) => (r.kind === 'rejected' ? [r.line, r.reason, r.details] : null))).toEqual([
      [3, 'sku-empty', {}],
      [4, 'price-invalid', { value: 'abc' }],
      [5, 'vat-invalid', expect.objectContaining({ value: '21' })],
      [6, 'barcode-invalid', { code: '8001234500017', why: expect.stringMatching(/Check digit/) }],
      [7, 'sku-duplicate', { sku: 'A' }],
    ]);
    expect(rejected(items)[0]).toMatchObject({ message: 'The SKU is empty' });
  });

  it('refuses a file without the needed columns, saying which', () => {
    const items = [...readCatalogueCsv('sku;nome\nA;Uno\n')];
    expect(items).toEqual([
      { kind: 'rejected', line: 1, sku: '', reason: 'header-missing-column', details: { column: 'price' }, message: expect.stringMatching(/"price"/) },
    ]);
  });

  it('rejects a row with a field too many (12,10 in a comma file) instead of reading 12,00 € at 10 %', () => {
    const items = [...readCatalogueCsv('sku,name,price,vat\nA,Uno,12,10,22\nB,Due,3.50,22\n')];
    expect(products(items).map((p) => p!.sku)).toEqual(['B']);
    expect(rejected(items)).toEqual([
      expect.objectContaining({ line: 2, sku: 'A', reason: 'field-count', details: { found: 5, expected: 4, delimiter: ',' } }),
    ]);
    // A row with a field too few is just as shifted.
    expect(rejected([...readCatalogueCsv('sku;nome;prezzo;iva;barcode\nA;Uno;1,00;22\n')])[0]).toMatchObject({ reason: 'field-count', line: 2 });
  });

  it('reads an Excel file: semicolons, quoted fields with separators, quotes and line breaks inside', () => {
    const csv = '\uFEFFcodice;nome;prezzo;iva;barcode\r\n"A";"Caffè ""Moka""; 250 g";"12,10";22;"8001234500016"\r\n"B";"Riga\r\ndoppia";"1.234,50";10;\r\n';
    const items = [...readCatalogueCsv(csv)];
    expect(rejected(items)).toEqual([]);
    expect(products(items).map((p) => [p!.sku, p!.name, p!.priceCents, p!.vatCode, p!.variants[0]!.barcodes])).toEqual([
      ['A', 'Caffè "Moka"; 250 g', 1210, '22', ['8001234500016']],
      ['B', 'Riga\r\ndoppia', 123450, '10', []],
    ]);
  });

  it('validates barcodes as a scan does: 22 digits, full-width digits, letters with spaces, control bytes', () => {
    const csv = [
      'sku;nome;prezzo;iva;barcode',
      'A;Uno;1,00;22;1234567890123456789012',
      'B;Due;1,00;22;４００６３８１３３３９３１',
      'C;Tre;1,00;22;800 123 456',
      'D;Quattro;1,00;22;ABC\u0007',
      'E;Cinque;1,00;22;CAFFE-01|04252614 96385074',
    ].join('\n');
    const items = [...readCatalogueCsv(csv)];
    expect(rejected(items).map((r) => [r.line, r.kind === 'rejected' ? r.reason : ''])).toEqual([
      [2, 'barcode-invalid'],
      [3, 'barcode-invalid'],
      [4, 'barcode-invalid'],
      [5, 'barcode-invalid'],
    ]);
    expect(products(items)[0]!.variants[0]!.barcodes).toEqual(['CAFFE-01', '04252614', '96385074']);
  });

  it('rejects two rows claiming one GTIN, even printed as UPC-E and UPC-A', () => {
    const csv = ['sku;nome;prezzo;iva;barcode', 'A;Uno;1,00;22;042100005264', 'B;Due;1,00;22;04252614', 'C;Tre;1,00;22;0042100005264'].join('\n');
    const items = [...readCatalogueCsv(csv)];
    expect(products(items).map((p) => p!.sku)).toEqual(['A']);
    expect(rejected(items)).toEqual([
      expect.objectContaining({ line: 3, reason: 'barcode-duplicate-in-file', details: { code: '04252614', otherLine: 2 } }),
      expect.objectContaining({ line: 4, reason: 'barcode-duplicate-in-file', details: { code: '0042100005264', otherLine: 2 } }),
    ]);
  });

  it('reads the move column (sposta_barcode / move_barcode) and refuses a value that is not a yes or no', () => {
    const items = [...readCatalogueCsv('sku;nome;prezzo;iva;barcode;sposta_barcode\nA;Uno;1,00;22;4006381333931;1\nB;Due;1,00;22;96385074;\nC;Tre;1,00;22;;forse\n')];
    const [a, b] = items.filter((i) => i.kind === 'product');
    expect(a?.kind === 'product' && a.movedBarcodes).toEqual(['4006381333931']);
    expect(b?.kind === 'product' && b.movedBarcodes).toEqual([]);
    expect(rejected(items)).toEqual([expect.objectContaining({ line: 4, reason: 'move-flag-invalid' })]);
  });

  it('holds names to the product limit and warns (without refusing) about what a receipt cannot print', () => {
    const long = 'x'.repeat(3000);
    const items = [...readCatalogueCsv(`sku;nome;prezzo;iva\nA;${long};1,00;22\nB;Caffè ☕ 東京;1,00;22\nC;Perù – “bio”;1,00;22\n`)];
    expect(rejected(items)).toEqual([expect.objectContaining({ line: 2, reason: 'name-too-long', details: { length: 3000, max: 200 } })]);
    const [b, c] = items.filter((i) => i.kind === 'product');
    expect(b?.kind === 'product' && b.warnings).toEqual([expect.objectContaining({ line: 3, sku: 'B', reason: 'name-unprintable', details: { chars: '☕ 東 京' } })]);
    expect(c?.kind === 'product' && c.warnings).toEqual([]);
  });

  it('refuses text that was decoded with the wrong encoding upstream, naming the line', () => {
    const items = [...readCatalogueCsv('sku;nome;prezzo;iva\nA;Uno;1,00;22\nB;Per\uFFFD;1,00;22\n')];
    expect(items).toEqual([expect.objectContaining({ kind: 'rejected', line: 3, reason: 'file-encoding' })]);
  });

  it('reports an unclosed quote instead of throwing', () => {
    const items = [...readCatalogueCsv('sku;nome;prezzo;iva\nA;Uno;1,00;22\nB;"Due;1,00;22\n')];
    expect(products(items).map((p) => p!.sku)).toEqual(['A']);
    expect(rejected(items)).toEqual([expect.objectContaining({ reason: 'file-unclosed-quote' })]);
  });
});
