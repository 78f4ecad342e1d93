/**
 * @module
 * Text an Italian fiscal printer can print, whatever its brand (moved here from `epson/epson-xml.ts`
 * so the RCH adapter uses the same rule): Italian accented letters and the euro sign stay, other
 * accented Latin letters fold to their base letter, control characters and missing symbols go.
 */

// Accented letters the printer's code page has (Italian); anything else is folded or dropped.
const keep = /[ -~àèéìòùÀÈÉÌÒÙ€]/u;

/**
 * Text the printer can print: accented Latin letters outside Italian are folded to their base
 * letter (NFD), control characters (NUL included) and symbols the printer lacks are dropped, as
 * Odoo's l10n_it_pos does for `å æ ¢ ¥ ƒ ª º ¿` (reference §1).
 */
export function printableText(text: string): string {
  let out = '';
  for (const char of text.replace(/\s/g, ' ')) {
    if (keep.test(char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    for (const c of base) if (/[ -~]/.test(c)) out += c;
  }
  return out.replace(/\s+/g, ' ').trim();
}

