/**
 * The receipt's PDF, read back the way a PDF reader finds its way: the header, `startxref` to the
 * cross-reference table, each entry's offset to its object, the image's `/Length` to its data, and
 * the inflated data equal to the 1-bit picture.
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { monoFromRgba, pdfOfBitmap } from './receipt-pdf';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('the receipt PDF', () => {
  // 10×3 pixels: a black first column, a grey (dark) pixel, the rest white or transparent.
  const rgba = new Uint8ClampedArray(10 * 3 * 4).fill(255);
  for (let y = 0; y < 3; y++) rgba.set([0, 0, 0, 255], y * 10 * 4);
  rgba.set([100, 100, 100, 255], (1 * 10 + 9) * 4);
  rgba.set([0, 0, 0, 0], (2 * 10 + 5) * 4);

  it('packs dark pixels as 0 bits, rows padded to whole bytes', () => {
    const mono = monoFromRgba(rgba, 10, 3);
    expect([...mono.bits]).toEqual([0b01111111, 0xff, 0b01111111, 0b10111111, 0b01111111, 0xff]);
  });

  it('has a cross-reference table whose every offset lands on its object', async () => {
    const mono = monoFromRgba(rgba, 10, 3);
    const pdf = await pdfOfBitmap(mono, 226.77);
    const text = latin1(pdf);
    expect(text.startsWith('%PDF-1.4\n%')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const table = text.slice(startxref).split('trailer')[0]!;
    const entries = table.split('\n').slice(2).filter((line) => line.length > 0);
    expect(entries).toHaveLength(6);
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n\r$/);
      const at = Number(entry.slice(0, 10));
      expect(text.slice(at, at + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    expect(text).toMatch(/trailer\n<< \/Size 6 \/Root 1 0 R >>/);
    // The page keeps the picture's proportions: 10 px wide, 3 tall.
    expect(text).toContain('/MediaBox [0 0 226.77 68.03]');
  });

  it('holds the picture\'s bits, deflated, with an exact /Length', async () => {
    const mono = monoFromRgba(rgba, 10, 3);
    const pdf = await pdfOfBitmap(mono, 100);
    const text = latin1(pdf);
    const header = /\/Width 10 \/Height 3 \/ColorSpace \/DeviceGray \/BitsPerComponent 1 \/Filter \/FlateDecode \/Length (\d+) >>\nstream\n/.exec(text);
    expect(header).not.toBeNull();
    const start = header!.index + header![0].length;
    const length = Number(header![1]);
    expect(text.slice(start + length, start + length + 10)).toBe('\nendstream');
    expect([...inflateSync(pdf.subarray(start, start + length))]).toEqual([...mono.bits]);
  });
});
