/**
 * @module
 * Unicode ↔ single-byte code page tables for the two pages an Italian receipt needs: CP858 (CP850
 * with the euro sign at D5, present on every Epson since the TM-T88II) and WPC1252 (euro at 80).
 * The ESC t table number that selects a page differs per vendor, so it lives in the printer
 * profile, never here.
 *
 * Text that a page cannot show is replaced visibly (a transliteration or '?') and reported, never
 * dropped: a receipt that silently loses "€" or a product name's letters is worse than one that
 * prints "EUR" and tells the technician why.
 */

export type CodePageId = 'cp858' | 'wpc1252';

export const codePageIds: readonly CodePageId[] = ['cp858', 'wpc1252'];

// CP858 0x80..0xFF. Same as CP850 except D5, which CP850 uses for dotless i.
const cp858High =
  'ÇüéâäàåçêëèïîìÄÅ' +
  'ÉæÆôöòûùÿÖÜø£Ø×ƒ' +
  'áíóúñÑªº¿®¬½¼¡«»' +
  '░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤' +
  'ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀' +
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´' +
  '\u00AD±‗¾¶§÷¸°¨·¹³²■\u00A0';

// WPC1252 0x80..0x9F; 81, 8D, 8F, 90 and 9D are unassigned (U+FFFD here never matches input
// because input is sanitised first). A0..FF equal Latin-1.
const wpc1252Controls = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';

function buildTable(high: string): { encode: Map<string, number>; decode: string[] } {
  const chars = Array.from(high);
  if (chars.length !== 128) throw new Error(`code page table has ${chars.length} entries, expected 128`);
  const decode: string[] = [];
  const encode = new Map<string, number>();
  for (let b = 0; b < 0x80; b++) decode.push(String.fromCharCode(b));
  chars.forEach((ch, i) => {
    decode.push(ch);
    if (ch !== '\uFFFD' && !encode.has(ch)) encode.set(ch, 0x80 + i);
  });
  return { encode, decode };
}

const tables: Record<CodePageId, { encode: Map<string, number>; decode: string[] }> = {
  cp858: buildTable(cp858High),
  wpc1252: buildTable(
    wpc1252Controls +
      Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i)).join(''),
  ),
};

/**
 * Last resort before '?': typographic punctuation from word processors and web shops, and letters
 * from neighbouring languages that turn up in product names.
 */
const transliterations: ReadonlyMap<string, string> = new Map([
  ['\u201C', '"'], ['\u201D', '"'], ['\u201E', '"'], ['\u00AB', '"'], ['\u00BB', '"'],
  ['\u2018', "'"], ['\u2019', "'"], ['\u201A', "'"], ['\u2032', "'"],
  ['\u2013', '-'], ['\u2014', '-'], ['\u2212', '-'], ['\u2010', '-'],
  ['\u2026', '...'], ['\u2022', '*'], ['\u00B7', '.'],
  ['\u20AC', 'EUR'], ['\u2122', 'TM'], ['\u00A9', '(C)'], ['\u00AE', '(R)'],
  ['\u00A0', ' '], ['\u2009', ' '], ['\u202F', ' '], ['\t', ' '], ['\n', ' '], ['\r', ' '],
  ['\u0152', 'OE'], ['\u0153', 'oe'], ['\u00C6', 'AE'], ['\u00E6', 'ae'], ['\u00DF', 'ss'],
  ['\u0141', 'L'], ['\u0142', 'l'], ['\u00D8', 'O'], ['\u00F8', 'o'], ['\u0110', 'D'], ['\u0111', 'd'],
  ['\u00BD', '1/2'], ['\u00BC', '1/4'], ['\u00BE', '3/4'], ['\u00D7', 'x'],
]);

/** One character the code page could not show and what was printed instead. */
export interface Replacement {
  /** The original character (one code point). */
  readonly char: string;
  /** What was printed: a transliteration or '?'. */
  readonly replacement: string;
  /** Index of the character in the NFC-normalised input, in code points. */
  readonly index: number;
}

export interface EncodedText {
  readonly bytes: Uint8Array;
  readonly replacements: readonly Replacement[];
}

/** True when the character is printable as-is on this page. */
export function canEncode(char: string, page: CodePageId): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (char.length === 1 && code >= 0x20 && code < 0x7f) return true;
  return tables[page].encode.has(char);
}

function encodeChar(char: string, page: CodePageId): number[] | undefined {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x20 && code < 0x7f) return [code];
  const b = tables[page].encode.get(char);
  return b === undefined ? undefined : [b];
}

export interface PrintableText {
  /** The text as it will print: every character is in the code page. */
  readonly text: string;
  readonly replacements: readonly Replacement[];
}

/**
 * Rewrites text into characters the page can show, so layout can measure what will really print
 * ("…" becomes three columns, not one). Control characters (which the printer would read as
 * commands: a product name containing ESC or DLE EOT must never reach it raw) and unmappable
 * characters are replaced and listed.
 */
export function toPrintable(text: string, page: CodePageId): PrintableText {
  let out = '';
  const replacements: Replacement[] = [];
  // NFC first: "e" + combining grave from a macOS keyboard or a CSV import is still "è".
  Array.from(text.normalize('NFC')).forEach((char, index) => {
    if (canEncode(char, page)) {
      out += char;
      return;
    }
    const replacement = replacementFor(char, page);
    out += replacement;
    replacements.push({ char, replacement, index });
  });
  return { text: out, replacements };
}

/** Encodes text for one code page, replacing (and listing) what the page cannot show. */
export function encodeText(text: string, page: CodePageId): EncodedText {
  const printable = toPrintable(text, page);
  const out: number[] = [];
  for (const char of printable.text) out.push(...(encodeChar(char, page) ?? [0x3f]));
  return { bytes: Uint8Array.from(out), replacements: printable.replacements };
}

function replacementFor(char: string, page: CodePageId): string {
  const candidates: string[] = [];
  const translit = transliterations.get(char);
  if (translit !== undefined) candidates.push(translit);
  // Strip diacritics the page lacks: "ő" → "o", "ș" → "s".
  const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
  if (base !== char && base.length > 0) candidates.push(base);
  for (const candidate of candidates) {
    if (Array.from(candidate).every((c) => canEncode(c, page))) return candidate;
  }
  return '?';
}

/** Decodes bytes printed with a code page back to text (the virtual printer's half). */
export function decodeText(bytes: Uint8Array, page: CodePageId): string {
  const table = tables[page].decode;
  let s = '';
  for (const b of bytes) s += table[b] ?? '?';
  return s;
}
