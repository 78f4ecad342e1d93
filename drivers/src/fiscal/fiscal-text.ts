/**
 * @module
 * Text rules every fiscal XML request follows, whatever the brand: XML-escaped attributes and
 * only characters the printer can print (reference/fiscal-rt.md §1, "Formatting"; Custom's XML
 * manual likewise truncates descriptions). Each brand passes its own description width.
 */

/** Escapes the XML specials of a double-quoted attribute; `&` first so nothing is escaped twice. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Accented letters the printers' code pages have (Italian); anything else is folded or dropped.
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

/** Printable, cut to `width` characters (the printer would wrap, cut or refuse a longer one). */
export function fitText(text: string, width: number): string {
  return [...printableText(text)].slice(0, width).join('').trimEnd();
}
