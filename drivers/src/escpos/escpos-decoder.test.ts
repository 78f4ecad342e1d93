import { describe, expect, it } from 'vitest';
import { decodeEscPos, decodedText } from './escpos-decoder';
import { EscPosEncoder } from './escpos-encoder';

const enc = (): EscPosEncoder => new EscPosEncoder({ codePage: 'cp858', codePageTable: 19 });

describe('decodeEscPos', () => {
  it('decodes styled text lines with the selected code page', () => {
    const bytes = enc().initialize().align('center').bold(true).size(2, 2).line('Perù €').bold(false).size(1, 1).align('left').line('è').encode();
    const d = decodeEscPos(bytes);
    expect(d.lines).toEqual([
      { kind: 'text', text: 'Perù €', align: 'center', bold: true, width: 2, height: 2 },
      { kind: 'text', text: 'è', align: 'left', bold: false, width: 1, height: 1 },
    ]);
    expect(d.unknown).toEqual([]);
    expect(d.initializations).toBe(1);
    expect(d.codePageSelections).toEqual([19]);
  });

  it('shows text after ESC @ without ESC t as unknown characters, as a printer would misprint it', () => {
    // The classic field bug: the code page is selected once, then a later ESC @ resets it.
    const bytes = Uint8Array.of(0x1b, 0x40, 0x1b, 0x74, 19, 0xd5, 0x0a, 0x1b, 0x40, 0xd5, 0x0a);
    expect(decodeEscPos(bytes).lines.map((l) => l.text)).toEqual(['€', '\uFFFD']);
  });

  it('uses the profile numbering of ESC t', () => {
    const bytes = Uint8Array.of(0x1b, 0x74, 2, 0xd5, 0x0a);
    expect(decodedText(decodeEscPos(bytes, { codePageTables: { cp858: 2 } }))).toBe('€');
    expect(decodedText(decodeEscPos(bytes))).toBe('\uFFFD');
  });

  it('decodes barcodes in both CODE128 subsets, EAN-13, QR, drawer kicks, cuts and feeds', () => {
    const bytes = enc()
      .barcode('R{0012', 'code128')
      .barcode('00120034', 'code128')
      .barcode('800123456789', 'ean13')
      .qr('https://x.it/è')
      .drawerKick(5, 60, 240)
      .feed(3)
      .cut('full', 2)
      .encode();
    expect(decodeEscPos(bytes).items).toEqual([
      { kind: 'barcode', symbology: 'code128', data: 'R{0012', align: 'left' },
      { kind: 'barcode', symbology: 'code128', data: '00120034', align: 'left' },
      { kind: 'barcode', symbology: 'ean13', data: '8001234567897', align: 'left' },
      { kind: 'qr', data: 'https://x.it/è', moduleSize: 6, align: 'left' },
      { kind: 'drawer', pin: 5, onMs: 60, offMs: 240 },
      { kind: 'feed', lines: 3 },
      { kind: 'cut', mode: 'full', feedLines: 2 },
    ]);
  });

  it('joins raster bands back into one image', () => {
    const pixels = Array.from({ length: 16 * 300 }, (_, i) => (i * 7) % 5 === 0);
    const d = decodeEscPos(enc().raster({ width: 16, height: 300, pixels }).encode());
    expect(d.items).toHaveLength(1);
    const item = d.items[0];
    expect(item?.kind).toBe('image');
    if (item?.kind === 'image') {
      expect([item.image.width, item.image.height]).toEqual([16, 300]);
      expect(Array.from(item.image.pixels, Boolean)).toEqual(pixels);
    }
  });

  it('marks receipt boundaries after cuts and at an ESC @ that follows content', () => {
    const a = enc().initialize().line('uno').cut('partial', 0).encode();
    const b = enc().initialize().line('due').encode();
    const c = enc().initialize().line('tre').encode();
    const all = Uint8Array.from([...a, ...b, ...c]);
    expect(decodeEscPos(all).boundaries).toEqual([a.length, a.length + b.length]);
  });

  it('lists bytes it does not understand instead of guessing', () => {
    const d = decodeEscPos(Uint8Array.of(0x41, 0x1b, 0x7e, 0x07, 0x0a));
    expect(d.unknown).toEqual([
      { offset: 1, byte: 0x1b },
      { offset: 3, byte: 0x07 },
    ]);
    expect(d.lines[0]?.text).toBe('A~');
  });
});
