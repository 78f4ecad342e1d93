import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DecodedItem } from '../escpos/escpos-decoder';
import { decodeEscPos, decodedText } from '../escpos/escpos-decoder';
import type { PrinterProfile } from './printer-profile';
import { builtInPrinterProfiles, codePageTable, getPrinterProfile } from './printer-profile';
import type { ReceiptDocument, ReportDocument } from './receipt-document';
import { formatCents, referenceReceipt } from './receipt-document';
import { encodeTestReceipt, layoutReceipt, layoutReceiptWithReport, layoutReport, wrapReceiptText } from './receipt-layout';

const profiles = [...builtInPrinterProfiles.values()];
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const decode = (bytes: Uint8Array, p: PrinterProfile) => decodeEscPos(bytes, { codePageTables: p.codePageTables });
const kinds = (items: readonly DecodedItem[]) => items.map((i) => i.kind).filter((k) => k !== 'text');

function goldenPath(profile: PrinterProfile): string {
  return fileURLToPath(new URL(`./golden/${profile.id}.reference.hex`, import.meta.url));
}

describe('golden bytes of the reference receipt', () => {
  for (const profile of profiles) {
    it(`${profile.id}: layout(referenceReceipt) is byte-for-byte the stored golden file`, () => {
      const actual = hex(layoutReceipt(referenceReceipt, profile)).replace(/(.{64})/g, '$1\n').trimEnd();
      // Set UPDATE_GOLDEN=1 after a deliberate layout change, and review the diff of the .hex files.
      if (process.env.UPDATE_GOLDEN) writeFileSync(goldenPath(profile), `${actual}\n`);
      expect(actual).toBe(readFileSync(goldenPath(profile), 'utf8').trimEnd());
    });
  }
});

describe('hand-checked bytes (TM-T20, 48 columns, PC858 = 19)', () => {
  const bytes = hex(layoutReceipt(referenceReceipt, getPrinterProfile('epson-tm-t20')));

  it('opens with ESC @, ESC t 19, then the shop name bold, double height, centred, è = 8A, ù = 97', () => {
    const name = '43616666' + '8a' + '20506572' + '97';
    expect(bytes.startsWith('1b40' + '1b7413' + '1b4501' + '1d2101' + '20'.repeat(19) + name + '0a')).toBe(true);
  });

  it('prints the total with the euro sign at D5, right-aligned to column 48', () => {
    const total = Buffer.from('TOTALE').toString('hex') + '20'.repeat(36) + 'd5' + '20' + Buffer.from('6,70').toString('hex') + '0a';
    expect(bytes).toContain('1b4501' + '1d2101' + total + '1d2100' + '1b4500');
  });

  it('ends with the QR of the return payload and a partial cut after 4 lines', () => {
    expect(bytes).toContain('1d286b0d00315030' + Buffer.from('R0012-0034').toString('hex') + '1d286b0300315130');
    expect(bytes.endsWith('1d564204')).toBe(true);
  });
});

describe('layoutReceipt', () => {
  for (const profile of profiles) {
    describe(profile.id, () => {
      const bytes = layoutReceipt(referenceReceipt, profile);
      const decoded = decode(bytes, profile);
      const lines = decoded.lines.map((l) => l.text);

      it('starts with ESC @ and the profile code page, and decodes cleanly', () => {
        const init = profile.cancelKanjiOnInit ? '1b401c2e' : '1b40';
        expect(hex(bytes.subarray(0, init.length / 2 + 3))).toBe(`${init}1b74${codePageTable(profile).toString(16).padStart(2, '0')}`);
        expect(decoded.unknown).toEqual([]);
        expect(decoded.initializations).toBe(decoded.codePageSelections.length);
      });

      it('gives back the text, euro sign and accents included', () => {
        const cols = profile.columns.fontA;
        const text = decodedText(decoded);
        expect(text).not.toContain('\uFFFD');
        expect(lines.map((l) => l.trim())).toEqual(
          expect.arrayContaining([
            'Caffè Perù',
            'Piazza della Libertà 12',
            '20121 Milano (MI)',
            'P.IVA 01234567890',
            'Sconto fedeltà -0,20',
            '2 x 1,20',
            'Cassiere: Niccolò',
            'R0012-0034',
            'Grazie e arrivederci!',
          ]),
        );
        const total = lines.find((l) => l.startsWith('TOTALE'));
        expect(total).toBe(`TOTALE${' '.repeat(cols - 6 - 6)}€ 6,70`);
        expect(lines).toContain(`Caffè espresso${' '.repeat(cols - 14 - 8)}2,40 10%`);
        expect(lines).toContain(`Giornale: Corriere${' '.repeat(cols - 18 - 8)}1,80 N4 `);
        // WPC1252 has curly quotes; CP858 gets straight ones (and a replacement report).
        expect(text).toContain(profile.codePage === 'cp858' ? 'Acqua "Sorgente Élite"' : 'Acqua “Sorgente Élite”');
        expect(text).toMatch(/10% +3,90 +0,35/);
        expect(text).toMatch(/N4 esente +1,80 +0,00/);
      });

      it('fits every line in the paper width', () => {
        for (const l of decoded.lines) expect(l.text.length * l.width).toBeLessThanOrEqual(profile.columns.fontA);
      });

      it('prints the return code and ends with the right cut', () => {
        const qr = decoded.items.find((i) => i.kind === 'qr');
        expect(qr).toMatchObject({ data: 'R0012-0034', align: 'center' });
        const last = decoded.items[decoded.items.length - 1];
        if (profile.cutter.partial) expect(last).toEqual({ kind: 'cut', mode: 'partial', feedLines: profile.cutter.feedLinesBeforeCut });
        else expect(last).toEqual({ kind: 'feed', lines: profile.cutter.feedLinesBeforeCut });
      });
    });
  }

  it('decodes every Italian accent and the euro sign on every profile', () => {
    const doc: ReceiptDocument = { ...referenceReceipt, lines: [{ description: 'àèéìòù ÀÈÉÌÒÙ €', amountCents: 100, vatLabel: '22%' }] };
    for (const profile of profiles) {
      const { bytes, replacements } = layoutReceiptWithReport(doc, profile);
      expect(decodedText(decode(bytes, profile))).toContain('àèéìòù ÀÈÉÌÒÙ €');
      expect(replacements).toEqual([]);
    }
  });

  it('reports what it replaced: curly quotes on CP858', () => {
    const { replacements } = layoutReceiptWithReport(referenceReceipt, getPrinterProfile('epson-tm-t20'));
    expect(replacements).toEqual([
      { char: '“', replacement: '"', index: 6 },
      { char: '”', replacement: '"', index: 21 },
    ]);
  });

  it('prints COPIA / COPY large at the top and the bottom of a reprint', () => {
    for (const profile of profiles) {
      const decoded = decode(layoutReceipt({ ...referenceReceipt, copy: true }, profile), profile);
      const banners = decoded.lines.filter((l) => l.text.includes('COPIA / COPY'));
      expect(banners).toHaveLength(2);
      for (const b of banners) expect(b).toMatchObject({ bold: true, width: 2, height: 2 });
      expect(decoded.lines[0]?.text).toContain('COPIA / COPY');
    }
    const original = decode(layoutReceipt(referenceReceipt, profiles[0]!), profiles[0]!);
    expect(decodedText(original)).not.toContain('COPIA');
  });

  it('falls back to CODE128 where the printer has no QR', () => {
    const noQr: PrinterProfile = { ...getPrinterProfile('generic-80mm'), qr: false };
    const decoded = decode(layoutReceipt(referenceReceipt, noQr), noQr);
    expect(decoded.items.find((i) => i.kind === 'barcode')).toEqual({ kind: 'barcode', symbology: 'code128', data: 'R0012-0034', align: 'center' });
    expect(decoded.items.some((i) => i.kind === 'qr')).toBe(false);
  });

  it('prints the return payload as text where the printer has neither QR nor CODE128', () => {
    const bare: PrinterProfile = { ...getPrinterProfile('generic-58mm'), qr: false, barcodes: [] };
    const decoded = decode(layoutReceipt(referenceReceipt, bare), bare);
    expect(kinds(decoded.items).filter((k) => k === 'qr' || k === 'barcode')).toEqual([]);
    expect(decoded.lines.map((l) => l.text.trim())).toContain('R0012-0034');
  });

  it('turns line breaks inside a description into spaces, and reports them', () => {
    const p = getPrinterProfile('generic-80mm');
    const doc: ReceiptDocument = { ...referenceReceipt, lines: [{ description: 'Pane\ncasereccio', amountCents: 300, vatLabel: '4%' }] };
    const { bytes, replacements } = layoutReceiptWithReport(doc, p);
    expect(decode(bytes, p).lines.map((l) => l.text)).toContain(`Pane casereccio${' '.repeat(48 - 15 - 7)}3,00 4%`);
    expect(replacements).toEqual([{ char: '\n', replacement: ' ', index: 4 }]);
  });

  it('prints an NV logo where stored, a raster logo where allowed, and skips what the printer cannot show', () => {
    const epson = getPrinterProfile('epson-tm-t20');
    const generic = getPrinterProfile('generic-80mm');
    const nv = { ...referenceReceipt, logo: { kind: 'nv', key: 'LG' } } as const;
    expect(decode(layoutReceipt(nv, epson), epson).items[0]).toEqual({ kind: 'nv-logo', key: 'LG', align: 'center' });
    expect(kinds(decode(layoutReceipt(nv, generic), generic).items)).not.toContain('nv-logo');
    const pixels = Array.from({ length: 16 * 4 }, (_, i) => i % 3 === 0);
    const raster = { ...referenceReceipt, logo: { kind: 'raster', image: { width: 16, height: 4, pixels } } } as const;
    const item = decode(layoutReceipt(raster, generic), generic).items[0];
    expect(item?.kind).toBe('image');
    if (item?.kind === 'image') expect(Array.from(item.image.pixels, Boolean)).toEqual(pixels);
  });

  it('wraps a long description and puts the amount on its last line', () => {
    const p = getPrinterProfile('generic-58mm');
    const doc: ReceiptDocument = { ...referenceReceipt, lines: [{ description: 'Parmigiano Reggiano DOP stagionatura 30 mesi', amountCents: 123456, vatLabel: '4%' }] };
    const lines = decode(layoutReceipt(doc, p), p).lines.map((l) => l.text);
    const i = lines.indexOf('Parmigiano Reggiano');
    expect(lines.slice(i, i + 3)).toEqual(['Parmigiano Reggiano', 'DOP stagionatura 30', 'mesi                 1.234,56 4%']);
  });

  it('titles a return RESO and cites the original document, on 80 and 58 mm', () => {
    const reso: ReceiptDocument = {
      ...referenceReceipt,
      kind: 'return',
      refersTo: { receiptNumber: '0012-0030', date: '25/11/2026' },
      lines: [{ description: 'Caffè espresso', amountCents: -120, vatLabel: '10%' }],
      totalCents: -120,
    };
    const wide = getPrinterProfile('generic-80mm');
    const wideLines = decode(layoutReceipt(reso, wide), wide).lines.map((l) => l.text.trim());
    const title = wideLines.indexOf('RESO MERCE / RETURN');
    expect(title).toBeGreaterThan(wideLines.indexOf('P.IVA 01234567890'));
    expect(title).toBeLessThan(wideLines.findIndex((l) => l.startsWith('Caffè espresso')));
    expect(wideLines[title + 1]).toBe('Rif. doc. n. 0012-0030 del 25/11/2026');
    const narrow = getPrinterProfile('generic-58mm');
    const narrowText = decodedText(decode(layoutReceipt(reso, narrow), narrow));
    expect(narrowText).toContain('RESO MERCE / RETURN');
    expect(narrowText.replace(/\s+/g, ' ')).toContain('Rif. doc. n. 0012-0030 del 25/11/2026');
    const voided = decodedText(decode(layoutReceipt({ ...reso, kind: 'post-void' }, wide), wide));
    expect(voided).toContain('ANNULLAMENTO / VOID');
    expect(voided).not.toContain('RESO');
    // A sale says neither.
    expect(decodedText(decode(layoutReceipt(referenceReceipt, wide), wide))).not.toMatch(/RESO|ANNULLAMENTO|Rif\. doc/);
  });

  it('word-wraps a 200-character name on every profile without ever moving the price column', () => {
    const words = 'Confezione regalo assortita con panettone artigianale, spumante brut, torrone alle mandorle, cioccolatini fondenti e biscotti';
    // Ends with one "word" longer than any line (a pasted code), which has to be cut.
    const name = `${words} ${'X'.repeat(199 - words.length)}`;
    expect(name).toHaveLength(200);
    for (const p of profiles) {
      const doc: ReceiptDocument = { ...referenceReceipt, lines: [{ description: name, amountCents: 1_234_567, vatLabel: '22%' }, ...referenceReceipt.lines] };
      const lines = decode(layoutReceipt(doc, p), p).lines.map((l) => l.text);
      const first = lines.findIndex((l) => l.startsWith('Confezione'));
      const priced = lines.findIndex((l, i) => i >= first && l.endsWith('12.345,67 22%'));
      expect(priced, p.id).toBeGreaterThan(first);
      for (const l of lines.slice(first, priced + 1)) expect(l.length, `${p.id}: ${l}`).toBeLessThanOrEqual(p.columns.fontA);
      // The price sits in the same column as the next item's, and words are not split except the one too long for a line.
      const nextItem = lines[priced + 1] ?? '';
      expect(lines[priced]!.length, p.id).toBe(nextItem.length);
      const wrapped = lines.slice(first, priced + 1).map((l, i, all) => (i === all.length - 1 ? l.slice(0, l.length - '12.345,67 22%'.length) : l).trim());
      expect(wrapped.join(' ').replace(/X+ ?/g, ''), p.id).toBe(name.replace(/X+ ?/g, ''));
    }
  });

  it('puts number and date on separate lines when they do not fit', () => {
    const p = getPrinterProfile('generic-58mm');
    const lines = decode(layoutReceipt(referenceReceipt, p), p).lines.map((l) => l.text);
    const i = lines.indexOf('Doc. n. 0012-0034');
    expect(lines[i + 1]).toBe('                26/11/2026 15:42');
  });
});

describe('layoutReport', () => {
  for (const profile of profiles) {
    it(`${profile.id}: title, rows with values in one column, wrapped labels, decodable`, () => {
      const doc: ReportDocument = {
        shopName: 'Caffè Perù',
        addressLines: ['Piazza della Libertà 12'],
        vatNumber: '01234567890',
        vatNumberLabel: 'P.IVA',
        title: 'CHIUSURA Z N. 0012',
        subtitleLines: ['Apertura: 26/11/2026 08:00'],
        rows: [
          { label: 'Fondo cassa', value: '100,00' },
          { rule: true },
          { section: 'INCASSI PER PAGAMENTO' },
          { label: 'Un incasso con una descrizione davvero molto lunga che non sta in una riga', value: '1.234.567,89', strong: true },
        ],
        footerLines: ['Documento non fiscale'],
      };
      const decoded = decode(layoutReport(doc, profile), profile);
      expect(decoded.unknown).toEqual([]);
      const lines = decoded.lines.map((l) => l.text);
      expect(lines.map((l) => l.trim())).toContain('CHIUSURA Z N. 0012');
      const cols = profile.columns.fontA;
      expect(lines.find((l) => l.startsWith('Fondo cassa'))).toBe(`Fondo cassa${'100,00'.padStart(cols - 'Fondo cassa'.length)}`);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(cols);
      expect(lines.find((l) => l.endsWith('1.234.567,89'))?.length).toBe(cols);
      expect(decodedText(decoded)).toContain('Documento non fiscale');
    });
  }
});

describe('encodeTestReceipt', () => {
  for (const profile of profiles) {
    it(`${profile.id}: everything a technician checks, decodable`, () => {
      const decoded = decode(encodeTestReceipt(profile), profile);
      const text = decodedText(decoded);
      expect(decoded.unknown).toEqual([]);
      expect(text).toContain(`code page ${profile.codePage.toUpperCase()} = ESC t ${codePageTable(profile)}`);
      expect(text).toContain('Euro: € 1.234,56 €');
      expect(text).toContain('à è é ì ò ù');
      expect(text).toContain('À È É Ì Ò Ù');
      expect(text).toMatch(/22% +1,00 +0,18/);
      expect(decoded.lines.some((l) => l.text.length === profile.columns.fontA && /^\.\.\.\.\+/.test(l.text))).toBe(true);
      const codes = decoded.items.filter((i) => i.kind === 'barcode' || i.kind === 'qr').map((i) => ('data' in i ? i.data : ''));
      expect(codes).toEqual(['CASSA-TEST-128', '8001234567897', 'https://cassa.example/test?€=àèéìòù', 'R0012-0034']);
    });
  }
});

describe('formatting', () => {
  it('formats cents the Italian way', () => {
    expect(formatCents(0)).toBe('0,00');
    expect(formatCents(5)).toBe('0,05');
    expect(formatCents(1250)).toBe('12,50');
    expect(formatCents(-250)).toBe('-2,50');
    expect(formatCents(123456789)).toBe('1.234.567,89');
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it('wraps words, cuts words longer than a line, keeps indentation', () => {
    expect(wrapReceiptText('uno due tre', 7)).toEqual(['uno due', 'tre']);
    expect(wrapReceiptText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapReceiptText('  2 x 1,20 al pezzo', 10)).toEqual(['  2 x 1,20', '  al pezzo']);
    expect(wrapReceiptText('', 5)).toEqual(['']);
  });
});
