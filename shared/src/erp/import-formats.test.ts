import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, VAT_CODES } from '../domain';
import type { ErpColumnMap, ErpImportKind, ErpImportRow } from './import-formats';
import {
  currentPrices,
  decodeErpFile,
  describeErpImportReason,
  ERP_IMPORT_PRESETS,
  erpVatKey,
  readErpAmount,
  readErpDate,
  readErpImportFile,
  readErpVat,
  renderErpImportFile,
  resolveErpImportFormat,
} from './import-formats';

/** Windows-1252 bytes of a string whose characters all exist in that code page. */
function cp1252(text: string): Uint8Array {
  const upper = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
  return Uint8Array.from([...text].map((c) => {
    const code = c.charCodeAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    const at = upper.indexOf(c);
    if (at < 0) throw new Error(`not in cp1252: ${c}`);
    return 0x80 + at;
  }));
}

const fixed = (...cells: [string, number][]) => cells.map(([value, width]) => value.padEnd(width, ' ')).join('');

const magoItems = ERP_IMPORT_PRESETS['mago-items'].map as Extract<ErpColumnMap, { layout: 'delimited' }>;

function read(preset: keyof typeof ERP_IMPORT_PRESETS, bytes: Uint8Array, vat = {}) {
  const { kind, map } = resolveErpImportFormat({ preset });
  const text = decodeErpFile(bytes, map.encoding);
  if (!text.ok) throw new Error(text.note.message);
  return readErpImportFile(text.text, kind, map, vat);
}

describe('Ad Hoc Revolution presets', () => {
  it('reads fixed-width articoli in Windows-1252 with CRLF, refusing bad rows with their line', () => {
    const lines = [
      fixed(['ART001', 20], ['Caffè macinato 250g', 40], ['22', 5], ['ALIM', 5], ['PZ', 3], ['3,50000', 15]),
      fixed(['ART002', 20], ['Perù tè verde', 40], ['IVA10', 5], ['', 5], ['KG', 3], ['1.234,50', 15]),
      fixed(['ART003', 20], ['Libro “città”', 40], ['E10', 5], ['LIBRI', 5], ['NR', 3], ['12,00', 15]),
      fixed(['ART004', 20], ['Senza IVA nota', 40], ['ZZ', 5], ['', 5], ['PZ', 3], ['1,00', 15]),
      '',
      fixed(['ART005', 20], ['Prezzo rotto', 40], ['22%', 5], ['', 5], ['PZ', 3], ['12,505', 15]),
    ];
    const result = read('adhoc-articoli', cp1252(lines.join('\r\n') + '\r\n'), { E10: 'N4' });
    expect(result.rows).toEqual([
      { kind: 'items', line: 1, code: 'ART001', description: 'Caffè macinato 250g', vatCode: '22', category: 'ALIM', unit: 'piece', priceCents: 350 },
      { kind: 'items', line: 2, code: 'ART002', description: 'Perù tè verde', vatCode: '10', category: null, unit: 'kg', priceCents: 123450 },
      { kind: 'items', line: 3, code: 'ART003', description: 'Libro “città”', vatCode: 'N4', category: 'LIBRI', unit: 'piece', priceCents: 1200 },
    ]);
    expect(result.refused.map((n) => [n.line, n.sku, n.reason])).toEqual([
      [4, 'ART004', 'erp-vat-unknown'],
      [6, 'ART005', 'price-invalid'],
    ]);
    expect(describeErpImportReason(result.refused[0]!.reason, result.refused[0]!.details, 'it')).toContain('"ZZ"');
    expect(result.warnings).toEqual([]);
  });

  it('reads codici di ricerca (barcode first) and listini without a header', () => {
    const barcodes = read('adhoc-codici-ricerca', cp1252('8001234500016;ART001\r\n8001234500023;ART002\r\n8001234500016;ART003\r\n123;ART004\r\n'));
    expect(barcodes.rows).toEqual([
      { kind: 'barcodes', line: 1, code: 'ART001', barcode: '8001234500016', move: false },
      { kind: 'barcodes', line: 2, code: 'ART002', barcode: '8001234500023', move: false },
    ]);
    expect(barcodes.refused.map((n) => [n.line, n.reason])).toEqual([
      [3, 'barcode-duplicate-in-file'],
      [4, 'barcode-invalid'],
    ]);
    const prices = read('adhoc-listini', cp1252('LIST1;ART001;01/01/2026;3,90000\r\nLIST1;ART001;15/06/2026;4,10\r\nNEG1;ART002;;1.299,00\r\nLIST1;ART003;31/02/2026;1,00\r\n'));
    expect(prices.rows).toEqual([
      { kind: 'price-list', line: 1, list: 'LIST1', code: 'ART001', priceCents: 390, validFrom: '2026-01-01' },
      { kind: 'price-list', line: 2, list: 'LIST1', code: 'ART001', priceCents: 410, validFrom: '2026-06-15' },
      { kind: 'price-list', line: 3, list: 'NEG1', code: 'ART002', priceCents: 129900, validFrom: null },
    ]);
    expect(prices.refused.map((n) => [n.line, n.reason])).toEqual([[4, 'erp-date-invalid']]);
  });
});

describe('Mago presets', () => {
  it('reads an items CSV saved by Excel: BOM, quotes, ="0123" guards, trailing empty columns, a shifted row', () => {
    const csv = [
      'Item;Description;TaxCode;CommodityCtg;BaseUoM;BasePrice;;',
      '="0123";"Pasta ""Gragnano"" 500g";4%;Alimentari;PZ;1,20;;',
      'M-02;Olio EVO 1 l;22;Alimentari;NR;9,90',
      'M-03;Tonno;22;Alimentari;PZ;3;50;x',
      'M-04;Riso;N4;;PZ;2,00;;',
      '="0123";Doppione;22;;PZ;1,00;;',
      'M-05;Sushi 寿司;10;;PZ;5,00',
    ].join('\r\n');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]);
    const result = read('mago-items', bytes);
    expect(result.rows.map((r) => r.kind === 'items' && [r.line, r.code, r.description, r.vatCode, r.priceCents])).toEqual([
      [2, '0123', 'Pasta "Gragnano" 500g', '4', 120],
      [3, 'M-02', 'Olio EVO 1 l', '22', 990],
      [5, 'M-04', 'Riso', 'N4', 200],
      [7, 'M-05', 'Sushi 寿司', '10', 500],
    ]);
    expect(result.refused.map((n) => [n.line, n.reason])).toEqual([
      [4, 'field-count'],
      [6, 'erp-item-duplicate'],
    ]);
    // The receipt prints "?" for what its code page lacks: a warning, the row is imported.
    expect(result.warnings.map((n) => [n.line, n.reason])).toEqual([[7, 'name-unprintable']]);
  });

  it('reads a price list as XML with namespaces, entities and CDATA, refusing a NUL', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<m:Export xmlns:m="urn:mago">',
      '  <m:MA_ItemsPriceLists><m:PriceList>RETAIL</m:PriceList><m:Item>M&amp;01</m:Item><m:Price>1,299.50</m:Price><m:ValidityStartingDate>2026-01-01T00:00:00</m:ValidityStartingDate></m:MA_ItemsPriceLists>',
      '  <m:MA_ItemsPriceLists>',
      '    <m:PriceList><![CDATA[SHOP<2>]]></m:PriceList><m:Item>M-02</m:Item><m:Price>9.9</m:Price>',
      '  </m:MA_ItemsPriceLists>',
      '  <m:MA_ItemsPriceLists><m:PriceList>RETAIL</m:PriceList><m:Item>M-03&#0;</m:Item><m:Price>1</m:Price></m:MA_ItemsPriceLists>',
      '</m:Export>',
    ].join('\n');
    const result = read('mago-price-list', new TextEncoder().encode(xml));
    expect(result.rows).toEqual([
      { kind: 'price-list', line: 3, list: 'RETAIL', code: 'M&01', priceCents: 129950, validFrom: '2026-01-01' },
      { kind: 'price-list', line: 4, list: 'SHOP<2>', code: 'M-02', priceCents: 990, validFrom: null },
    ]);
    expect(result.refused.map((n) => [n.line, n.reason])).toEqual([[7, 'text-unstorable']]);
  });
});

describe('the whole file', () => {
  it('refuses bytes that are no text, a missing header column, an unclosed quote, an empty file', () => {
    expect(decodeErpFile(Uint8Array.from([0x41, 0x00, 0x42]), 'auto').ok).toBe(false);
    expect(decodeErpFile(Uint8Array.from([0x41, 0x81]), 'windows-1252').ok).toBe(false);
    const map = magoItems;
    expect(readErpImportFile('Code;Description\r\nA;B\r\n', 'items', map).refused.map((n) => n.reason)).toEqual(['erp-header-missing-column']);
    expect(readErpImportFile('Item;Description;TaxCode;CommodityCtg;BaseUoM;BasePrice\r\n"A;B', 'items', map).refused.map((n) => n.reason)).toEqual(['file-unclosed-quote']);
    expect(readErpImportFile('', 'items', map).refused.map((n) => n.reason)).toEqual(['erp-file-empty']);
    expect(readErpImportFile('x', 'items', { ...map, columns: { code: 'Item' } }).refused.map((n) => n.reason)).toEqual(['erp-map-missing-field']);
    expect(readErpImportFile('Per\uFFFD', 'items', map).refused.map((n) => n.reason)).toEqual(['file-encoding']);
    const xml = resolveErpImportFormat({ preset: 'mago-price-list' });
    expect(readErpImportFile('<Rows>\n<MA_ItemsPriceLists><Item>A</Item>', 'price-list', xml.map).refused.map((n) => [n.line, n.reason])).toEqual([[2, 'erp-xml-invalid']]);
    expect(readErpImportFile('<Rows><MA_ItemsPriceLists><PriceList>L</PriceList><Item>A<b/></Item><Price>1</Price></MA_ItemsPriceLists></Rows>', 'price-list', xml.map).refused.map((n) => n.reason)).toEqual(['erp-xml-invalid']);
    expect(readErpImportFile('PriceList,Item\n', 'price-list', xml.map).refused.map((n) => n.reason)).toEqual(['erp-xml-invalid']);
    // Thousands of unclosed tags: refused at the first, in one pass.
    expect(readErpImportFile(`<Rows>${'<MA_ItemsPriceLists '.repeat(50_000)}`, 'price-list', xml.map).refused.map((n) => n.reason)).toEqual(['erp-file-empty']);
  });
});

describe('values', () => {
  it('reads VAT spellings through the mapping first', () => {
    expect(['22', '22%', 'IVA22', 'iva 22', '22,00', '04', 'n4'].map(erpVatKey)).toEqual(['22', '22', '22', '22', '22', '4', 'N4']);
    expect(readErpVat('E10', { e10: 'N4' })).toEqual({ ok: true, value: 'N4' });
    expect(readErpVat('21', {})).toEqual({ ok: false });
  });
  it('reads amounts with either decimal and refuses fractions of a cent', () => {
    expect(readErpAmount('1.234,56', ',')).toEqual({ ok: true, value: 123456 });
    expect(readErpAmount('1,234.56', '.')).toEqual({ ok: true, value: 123456 });
    expect(readErpAmount('3.90000', '.')).toEqual({ ok: true, value: 390 });
    expect(readErpAmount('3,905', ',').ok).toBe(false);
    expect(readErpAmount('99999999999999999999', ',').ok).toBe(false);
    const { map } = resolveErpImportFormat({ preset: 'adhoc-listini' });
    expect(readErpImportFile('L;A;;10.000.001,00\r\nL;B;;-1,00\r\n', 'price-list', map).refused.map((n) => n.reason)).toEqual(['price-invalid', 'price-negative']);
  });
  it('reads dates and refuses impossible ones', () => {
    expect(readErpDate('20260131')).toEqual({ ok: true, value: '2026-01-31' });
    expect(readErpDate('1/2/2026')).toEqual({ ok: true, value: '2026-02-01' });
    expect(readErpDate('2026-02-30').ok).toBe(false);
  });
});

describe('price lists by date', () => {
  it('keeps the newest price in force, refuses future and same-day rows', () => {
    const row = (line: number, code: string, priceCents: number, validFrom: string | null) => ({ kind: 'price-list' as const, line, list: 'L', code, priceCents, validFrom });
    const result = currentPrices([row(1, 'A', 100, '2026-01-01'), row(2, 'A', 120, '2026-06-01'), row(3, 'A', 150, '2027-01-01'), row(4, 'B', 10, null), row(5, 'B', 11, null)], '2026-12-03');
    expect(result.current.map((r) => [r.line, r.priceCents])).toEqual([[2, 120], [4, 10]]);
    expect(result.refused.map((n) => [n.line, n.reason])).toEqual([[3, 'erp-price-not-yet-valid'], [5, 'erp-price-duplicate']]);
    expect(result.warnings.map((n) => [n.line, n.reason])).toEqual([[1, 'erp-price-superseded']]);
  });
});

describe('reading a rendering gives the rows back', () => {
  const code = fc.stringMatching(/^[A-Z0-9][A-Z0-9.\-_/]{0,11}$/);
  const description = fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.replace(/[\u0000-\u001f\uFFFD]/g, 'x').trim() || 'x');
  const cents = fc.integer({ min: 0, max: 99_999_999 });
  const items = fc.uniqueArray(
    fc.record({ code, description, vatCode: fc.constantFrom(...VAT_CODES), category: fc.option(code, { nil: null }), unit: fc.constantFrom('piece' as const, 'kg' as const, 'm' as const), priceCents: cents }),
    { selector: (r) => r.code.toLowerCase(), minLength: 1, maxLength: 15 },
  );
  const maps: [ErpImportKind, ErpColumnMap][] = [
    ['items', magoItems],
    ['items', { ...magoItems, delimiter: ',', decimal: '.' }],
    ['items', { layout: 'xml', record: 'Row', columns: { code: 'C', description: 'D', vat: 'V', category: 'K', unit: 'U', price: 'P' }, decimal: ',', encoding: 'auto' }],
    ['items', { layout: 'delimited', delimiter: '\t', header: false, columns: { price: 1, code: 2, description: 3, vat: 4, category: 5, unit: 6 }, decimal: ',', encoding: 'auto' }],
  ];
  it.each(maps)('%s in %o', (kind, map) => {
    fc.assert(
      fc.property(items, (generated) => {
        const rows: ErpImportRow[] = generated.map((r, i) => ({ kind: 'items', line: 0, ...r, description: r.description }) satisfies ErpImportRow).map((r, i) => ({ ...r, line: i }));
        const read = readErpImportFile(renderErpImportFile(kind, map, rows), kind, map);
        expect(read.refused).toEqual([]);
        expect(read.rows.map((r) => ({ ...r, line: 0 }))).toEqual(rows.map((r) => ({ ...r, line: 0, description: (r as { description: string }).description.trim() })));
      }),
      { numRuns: 30 },
    );
  });

  it('barcodes and price lists in every preset', () => {
    const ean = fc.integer({ min: 0, max: 999_999_999 }).map((n) => {
      const body = `800${String(n).padStart(9, '0')}`;
      return `${body}${gs1CheckDigit(body)}`;
    });
    const day = fc.integer({ min: 0, max: 20_000 }).map((d) => new Date(Date.UTC(1990, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    const barcodes = fc.uniqueArray(fc.record({ code, barcode: ean }), { selector: (r) => r.barcode, minLength: 1, maxLength: 15 });
    const prices = fc.array(fc.record({ list: code, code, priceCents: cents, validFrom: fc.option(day, { nil: null }) }), { minLength: 1, maxLength: 15 });
    for (const preset of ['adhoc-codici-ricerca', 'mago-barcodes'] as const) {
      const { map } = resolveErpImportFormat({ preset });
      fc.assert(
        fc.property(barcodes, (generated) => {
          const rows: ErpImportRow[] = generated.map((r, i) => ({ kind: 'barcodes', line: i + (map.layout === 'delimited' && map.header ? 2 : 1), ...r, move: false }));
          expect(readErpImportFile(renderErpImportFile('barcodes', map, rows), 'barcodes', map)).toMatchObject({ rows, refused: [] });
        }),
        { numRuns: 40 },
      );
    }
    for (const preset of ['adhoc-listini', 'mago-price-list'] as const) {
      const { map } = resolveErpImportFormat({ preset });
      fc.assert(
        fc.property(prices, (generated) => {
          const rows: ErpImportRow[] = generated.map((r, i) => ({ kind: 'price-list', line: i + 1, ...r }));
          const read = readErpImportFile(renderErpImportFile('price-list', map, rows), 'price-list', map);
          expect(read.refused).toEqual([]);
          expect(read.rows.map((r) => ({ ...r, line: 0 }))).toEqual(rows.map((r) => ({ ...r, line: 0 })));
        }),
        { numRuns: 40 },
      );
    }
  });

  it('fixed-width articoli within their widths', () => {
    const map = ERP_IMPORT_PRESETS['adhoc-articoli'].map;
    fc.assert(
      fc.property(items, (generated) => {
        const rows: ErpImportRow[] = generated.map((r, i) => ({ kind: 'items', line: i + 1, ...r, category: r.category?.slice(0, 5) || null }));
        const read = readErpImportFile(renderErpImportFile('items', map, rows), 'items', map);
        expect(read.rows).toEqual(rows);
      }),
      { numRuns: 30 },
    );
  });
});
