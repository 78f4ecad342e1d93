import { cp858UpperHalf, unprintableOnReceipt, windows1252UpperHalf } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { decodeText, toPrintable } from './code-pages';

describe("shared's receipt character check agrees with the encoder", () => {
  it('has the same upper halves of CP858 and WPC1252', () => {
    const upper = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
    expect(decodeText(upper, 'cp858')).toBe(cp858UpperHalf);
    expect(decodeText(upper, 'wpc1252')).toBe(windows1252UpperHalf);
  });

  it('flags exactly the characters the encoder prints as "?" on some page', () => {
    const sample = 'Caffè Perù ☕ Ω Győr “bio” – … œ ß 東 € ½ Ţ ŷ ✓';
    const question = new Set<string>();
    for (const page of ['cp858', 'wpc1252'] as const) {
      for (const r of toPrintable(sample, page).replacements) if (r.replacement === '?') question.add(r.char);
    }
    expect(new Set(unprintableOnReceipt(sample))).toEqual(question);
  });
});
