import { describe, expect, it } from 'vitest';
import { readCatalogueCsv } from './catalogue-import';
import { decodeTextFile } from './text-encoding';

const latin = (text: string) => Uint8Array.from(Array.from(text, (c) => c.charCodeAt(0)));
const utf8 = (text: string) => Uint8Array.from(Array.from(unescape(encodeURIComponent(text)), (c) => c.charCodeAt(0)));
function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = littleEndian ? [0xff, 0xfe] : [0xfe, 0xff];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out.push(...(littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff]));
  }
  return Uint8Array.from(out);
}

describe('decoding a catalogue file', () => {
  it('reads Windows-1252 bytes as Italian Excel writes them, € at 0x80 included', () => {
    // "codice;nome;prezzo;iva\r\nPER;Caffè Perù €;1,50;22" as plain "CSV" from Excel: è = E8, ù = F9, € = 80.
    const bytes = Uint8Array.from([
      ...latin('codice;nome;prezzo;iva\r\nPER;Caff'), 0xe8, ...latin(' Per'), 0xf9, 0x20, 0x80, ...latin(';1,50;22\r\n'),
    ]);
    const decoded = decodeTextFile(bytes);
    expect(decoded).toEqual({ ok: true, encoding: 'windows-1252', text: 'codice;nome;prezzo;iva\r\nPER;Caffè Perù €;1,50;22\r\n' });
    const [item] = [...readCatalogueCsv(decoded.ok ? decoded.text : '')];
    expect(item?.kind === 'product' && item.product.name).toBe('Caffè Perù €');
  });

  it('reads UTF-8 with and without a BOM, and UTF-16 LE and BE with a BOM', () => {
    const text = 'sku;nome\nA;Perù 東京 ☕\n';
    expect(decodeTextFile(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual({ ok: true, encoding: 'utf-8', text });
    expect(decodeTextFile(utf8(text))).toEqual({ ok: true, encoding: 'utf-8', text });
    expect(decodeTextFile(utf16(text, true))).toEqual({ ok: true, encoding: 'utf-16le', text });
    expect(decodeTextFile(utf16(text, false))).toEqual({ ok: true, encoding: 'utf-16be', text });
  });

  it('refuses what it cannot read, saying how to save the file as CSV UTF-8', () => {
    // UTF-16 without a BOM: every other byte is NUL.
    const noBom = utf16('sku;nome\n', true).slice(2);
    const refused = decodeTextFile(noBom);
    expect(refused).toMatchObject({ ok: false, reason: 'encoding', message: expect.stringMatching(/CSV UTF-8/) });
    // A UTF-8 BOM followed by Windows-1252 bytes.
    expect(decodeTextFile(Uint8Array.from([0xef, 0xbb, 0xbf, ...latin('Per'), 0xf9]))).toMatchObject({ ok: false });
    // 0x81 is unassigned in Windows-1252 and not UTF-8.
    expect(decodeTextFile(Uint8Array.from([0x41, 0x81]))).toMatchObject({ ok: false });
    // An odd number of UTF-16 bytes.
    expect(decodeTextFile(Uint8Array.from([0xff, 0xfe, 0x41]))).toMatchObject({ ok: false });
  });

  it('never takes an overlong or surrogate UTF-8 sequence as text', () => {
    expect(decodeTextFile(Uint8Array.from([0xc0, 0xaf])).ok && decodeTextFile(Uint8Array.from([0xc0, 0xaf]))).toMatchObject({ encoding: 'windows-1252' });
    expect(decodeTextFile(Uint8Array.from([0xed, 0xa0, 0x80]))).toMatchObject({ encoding: 'windows-1252' });
  });

  it('reads Excel\'s "Testo Unicode": UTF-16 LE with a BOM, tab separated', () => {
    const decoded = decodeTextFile(utf16('codice\tnome\tprezzo\tiva\r\nPER\tCaffè Perù\t1,50\t22\r\n', true));
    const items = [...readCatalogueCsv(decoded.ok ? decoded.text : '')];
    expect(items).toEqual([expect.objectContaining({ kind: 'product', product: expect.objectContaining({ sku: 'PER', name: 'Caffè Perù', priceCents: 150 }) })]);
  });
});
