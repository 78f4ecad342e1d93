import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { describe, expect, it } from 'vitest';
import { canEncode, decodeText, encodeText, toPrintable } from './code-pages';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('CP858', () => {
  it('encodes the euro sign and the Italian accents at the reference positions', () => {
    const expected: Record<string, number> = {
      '€': 0xd5, à: 0x85, è: 0x8a, é: 0x82, ì: 0x8d, ò: 0x95, ù: 0x97,
      À: 0xb7, È: 0xd4, É: 0x90, Ì: 0xde, Ò: 0xe3, Ù: 0xeb,
    };
    for (const [char, byte] of Object.entries(expected)) {
      const { bytes, replacements } = encodeText(char, 'cp858');
      expect([char, Array.from(bytes)]).toEqual([char, [byte]]);
      expect(replacements).toEqual([]);
    }
  });

  it('agrees with receipt-printer-encoder on every Latin-1 letter and the euro sign', () => {
    // An independent table (the library's, built from the vendor charts) as an oracle for ours.
    const letters = Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i)).filter((c) => /\p{L}/u.test(c)).join('') + '€';
    expect(letters.length).toBeGreaterThan(60);
    // Chunks shorter than a line, so the library's word wrap inserts no newlines.
    for (let i = 0; i < letters.length; i += 16) {
      const chunk = letters.slice(i, i + 16);
      const library = new ReceiptPrinterEncoder({ language: 'esc-pos', codepageMapping: 'epson' }).initialize().codepage('cp858').text(chunk).encode();
      const ours = encodeText(chunk, 'cp858').bytes;
      // The library's stream: ESC @, FS ., ESC M 0, ESC t 19, then the text.
      const start = hex(library).indexOf('1b7413') / 2 + 3;
      expect(hex(library.subarray(start, start + ours.length))).toBe(hex(ours));
    }
  });

  it('decodes every byte back to the character it encodes', () => {
    for (let b = 0x80; b <= 0xff; b++) {
      const char = decodeText(Uint8Array.of(b), 'cp858');
      expect(Array.from(encodeText(char, 'cp858').bytes)).toEqual([b]);
    }
  });
});

describe('WPC1252', () => {
  it('puts the euro at 0x80 and Latin-1 letters at their own code', () => {
    expect(hex(encodeText('€àèéìòùÀÈÉÌÒÙ', 'wpc1252').bytes)).toBe('80e0e8e9ecf2f9c0c8c9ccd2d9');
    expect(hex(encodeText('“x”…', 'wpc1252').bytes)).toBe('937894' + '85');
  });

  it('never encodes the five unassigned positions', () => {
    expect(canEncode('\uFFFD', 'wpc1252')).toBe(false);
  });
});

describe('replacements', () => {
  it('transliterates typographic punctuation on CP858 and reports each one', () => {
    const { bytes, replacements } = encodeText('Acqua “Élite” – 1…', 'cp858');
    expect(decodeText(bytes, 'cp858')).toBe('Acqua "Élite" - 1...');
    expect(replacements).toEqual([
      { char: '“', replacement: '"', index: 6 },
      { char: '”', replacement: '"', index: 12 },
      { char: '–', replacement: '-', index: 14 },
      { char: '…', replacement: '...', index: 17 },
    ]);
  });

  it('strips diacritics the page lacks, and prints ? for the rest, never dropping a character', () => {
    const p = toPrintable('Łódź 日本 ő', 'cp858');
    expect(p.text).toBe('Lódz ?? o');
    expect(p.replacements.map((r) => `${r.char}>${r.replacement}`)).toEqual(['Ł>L', 'ź>z', '日>?', '本>?', 'ő>o']);
  });

  it('composes decomposed input (NFD from macOS or CSV) before encoding', () => {
    expect(hex(encodeText('caffe\u0300', 'cp858').bytes)).toBe('636166668a');
  });

  it('never lets control bytes through: ESC or DLE EOT inside a product name', () => {
    const { bytes, replacements } = encodeText('A\x1b@\x10\x04\x01B', 'cp858');
    expect(hex(bytes)).toBe('413f403f3f3f42');
    expect(replacements).toHaveLength(4);
  });
});
