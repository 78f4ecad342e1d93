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
    expect(rejected(items).map((r) => (r.kind === 'rejected' ? [r.line, r.message] : null))).toEqual([
      [3, 'the SKU is empty'],
      [4, expect.stringMatching(/abc/)],
      [5, expect.stringMatching(/VAT "21"/)],
      [6, 'barcode 8001234500017 has a wrong check digit'],
      [7, 'SKU A appears twice'],
    ]);
  });

  it('refuses a file without the needed columns, saying which', () => {
    const items = [...readCatalogueCsv('sku;nome\nA;Uno\n')];
    expect(items).toEqual([{ kind: 'rejected', line: 1, sku: '', message: expect.stringMatching(/"price"/) }]);
  });
});
