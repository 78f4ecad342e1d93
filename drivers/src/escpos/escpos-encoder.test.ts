import { describe, expect, it } from 'vitest';
import { EscPosEncodeError, EscPosEncoder, ean13CheckDigit } from './escpos-encoder';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const cp858 = (): EscPosEncoder => new EscPosEncoder({ codePage: 'cp858', codePageTable: 19 });

describe('EscPosEncoder', () => {
  it('re-selects the code page after every ESC @', () => {
    const bytes = cp858().initialize().text('€').initialize().text('è').encode();
    expect(hex(bytes)).toBe('1b401b7413d5' + '1b401b74138a');
  });

  it('cancels Kanji mode after ESC @ when asked (clones that boot in Chinese mode)', () => {
    const bytes = new EscPosEncoder({ codePage: 'wpc1252', codePageTable: 16, cancelKanji: true }).initialize().encode();
    expect(hex(bytes)).toBe('1b401c2e1b7410');
  });

  it('encodes styles', () => {
    expect(hex(cp858().align('center').bold(true).size(2, 3).align('right').bold(false).size(1, 1).encode())).toBe('1b61011b45011d21121b61021b45001d2100');
    expect(() => cp858().size(9, 1)).toThrow(EscPosEncodeError);
  });

  it('kicks the drawer with both pulse times (2 ms units), never the short form', () => {
    expect(hex(cp858().drawerKick(2, 100, 500).drawerKick(5, 50, 50).encode())).toBe('1b700032fa' + '1b70011919');
  });

  it('cuts with feed', () => {
    expect(hex(cp858().cut('partial', 4).cut('full', 0).encode())).toBe('1d564204' + '1d564100');
  });

  it('encodes CODE128 in subset B, escaping {', () => {
    const bytes = cp858().barcode('R{1', 'code128', { height: 60, moduleWidth: 2 }).encode();
    expect(hex(bytes)).toBe('1d683c' + '1d7702' + '1d4802' + '1d6600' + '1d6b49' + '06' + '7b42527b7b31');
  });

  it('encodes long even digit strings in CODE128 subset C', () => {
    const bytes = cp858().barcode('00120034', 'code128').encode();
    expect(hex(bytes.subarray(12))).toBe('1d6b4906' + '7b43' + '000c0022');
  });

  it('computes and checks the EAN-13 check digit', () => {
    expect(ean13CheckDigit('800123456789')).toBe(7);
    const bytes = cp858().barcode('800123456789', 'ean13').encode();
    expect(hex(bytes.subarray(12))).toBe('1d6b430d' + Buffer.from('8001234567897').toString('hex'));
    expect(() => cp858().barcode('8001234567890', 'ean13')).toThrow(/check digit 0, expected 7/);
    expect(() => cp858().barcode('12ab', 'ean13')).toThrow(EscPosEncodeError);
  });

  it('encodes QR model 2 with size, error correction, store and print', () => {
    const bytes = cp858().qr('R:12', { moduleSize: 5, errorCorrection: 'Q' }).encode();
    expect(hex(bytes)).toBe(
      '1d286b0400314132' + '00' + '1d286b0300314305' + '1d286b0300314532' + '1d286b070031503052' + '3a3132' + '1d286b0300315130',
    );
  });

  it('sends raster images in bands of at most 255 rows', () => {
    const pixels = new Uint8Array(9 * 300);
    pixels[0] = 1; // top-left
    pixels[9 * 300 - 1] = 1; // bottom-right, bit 1 of the second byte in the row... of the last row
    const bytes = cp858().raster({ width: 9, height: 300, pixels }).encode();
    expect(hex(bytes.subarray(0, 10))).toBe('1d7630000200ff00' + '8000');
    const second = 8 + 2 * 255;
    expect(hex(bytes.subarray(second, second + 8))).toBe('1d76300002002d00');
    expect(bytes.length).toBe(8 + 2 * 255 + 8 + 2 * 45);
    expect(bytes[bytes.length - 1]).toBe(0x80);
  });

  it('prints an NV logo by key', () => {
    expect(hex(cp858().nvGraphics('LG').encode())).toBe('1d284c0600304' + '54c470101');
  });
});
