/**
 * @module
 * Which characters a receipt printer can print. The ESC/POS driver (`drivers/src/escpos/code-pages.ts`)
 * prints with CP858 or WPC1252, transliterates typographic punctuation and strips accents a page
 * lacks, and prints '?' for anything else (emoji, Greek, Cyrillic, CJK…). A product name with
 * such characters is accepted, but the import and the product editor warn about it.
 *
 * The two tables here are the code pages' upper halves; the driver keeps its own copy for
 * encoding, and a test checks both agree.
 */

/** CP858 0x80..0xFF: CP850 with the euro sign at D5. */
export const cp858UpperHalf =
  'ÇüéâäàåçêëèïîìÄÅ' +
  'ÉæÆôöòûùÿÖÜø£Ø×ƒ' +
  'áíóúñÑªº¿®¬½¼¡«»' +
  '░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤' +
  'ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀' +
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´' +
  '\u00AD±‗¾¶§÷¸°¨·¹³²■\u00A0';

/**
 * Windows-1252 0x80..0xFF; 81, 8D, 8F, 90 and 9D are unassigned (U+FFFD here). A0..FF equal
 * Latin-1. Also what Italian Excel writes when a file is saved as plain "CSV".
 */
export const windows1252UpperHalf =
  '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ' +
  Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i)).join('');

const onBothPages = (() => {
  const cp1252 = new Set(Array.from(windows1252UpperHalf));
  return new Set(Array.from(cp858UpperHalf).filter((c) => cp1252.has(c)));
})();

// What the driver transliterates (curly quotes, dashes, ellipsis, ligatures…): printed, not '?'.
const transliterated = new Set(Array.from('\u201C\u201D\u201E\u00AB\u00BB\u2018\u2019\u201A\u2032\u2013\u2014\u2212\u2010\u2026\u2022\u00B7\u20AC\u2122\u00A9\u00AE\u00A0\u2009\u202F\u0152\u0153\u00C6\u00E6\u00DF\u0141\u0142\u00D8\u00F8\u0110\u0111\u00BD\u00BC\u00BE\u00D7'));

function printsAsIs(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code < 0x7f) || onBothPages.has(char) || transliterated.has(char);
}

function printsOnReceipt(char: string): boolean {
  if (printsAsIs(char)) return true;
  // The driver strips accents a page lacks: "ő" prints as "o", "ș" as "s".
  const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
  return base !== char && base.length > 0 && Array.from(base).every(printsAsIs);
}

/**
 * The distinct characters of `text` that a receipt printer prints as '?' whichever supported
 * code page it uses (CP858 or WPC1252), in order of first appearance. Empty when all print.
 * @example unprintableOnReceipt('Caffè ☕ espresso') // ['☕']
 */
export function unprintableOnReceipt(text: string): string[] {
  const found: string[] = [];
  for (const char of text.normalize('NFC')) {
    if (!printsOnReceipt(char) && !found.includes(char)) found.push(char);
  }
  return found;
}
