/**
 * @module
 * Reasons as codes with details, worded at the edge in the reader's language. A rule (a barcode
 * parser, a settings check, an import) says *why* with a code and the facts; a table per kind of
 * reason turns them into a sentence in Italian or English. Adding a reason means adding one row
 * to its table, and the compiler asks for both languages.
 */
import type { InvalidScanDetails, InvalidScanReason } from './barcode';

export type ReasonLocale = 'it' | 'en';

/** For each reason code, a sentence in each language from that reason's details. */
export type ReasonTable<Code extends string, Details> = Readonly<Record<Code, Readonly<Record<ReasonLocale, (details: Details) => string>>>>;

/** The sentence for `code` in `locale`, or undefined for a code the table does not know (a newer peer's). */
export function reasonText<Code extends string, Details>(
  table: ReasonTable<Code, Details>,
  code: string,
  details: Details,
  locale: ReasonLocale,
): string | undefined {
  const row = Object.hasOwn(table, code) ? table[code as Code] : undefined;
  return row?.[locale](details);
}

/** Why a scan was refused, for the cashier. */
export const invalidScanReasons: ReasonTable<InvalidScanReason, InvalidScanDetails> = {
  // Each sentence has a form for the facts missing: a catalogue check or an older peer sends the reason alone.
  'check-digit': {
    it: (d) =>
      d.given === undefined || d.expected === undefined
        ? 'cifra di controllo errata: codice letto male o stampato male'
        : `cifra di controllo ${d.given}, attesa ${d.expected}: codice letto male o stampato male`,
    en: (d) =>
      d.given === undefined || d.expected === undefined
        ? 'wrong check digit: misread or misprinted'
        : `check digit is ${d.given}, expected ${d.expected}: misread or misprinted`,
  },
  length: {
    it: (d) =>
      d.length === 0 ? 'lettura vuota' : `un codice EAN/UPC ha 8, 12, 13 o 14 cifre${d.length === undefined ? '' : `, questo ne ha ${d.length}`}`,
    en: (d) =>
      d.length === 0 ? 'the scan is empty' : `an EAN/UPC code has 8, 12, 13 or 14 digits${d.length === undefined ? '' : `, this one has ${d.length}`}`,
  },
  characters: {
    it: (d) =>
      d.character === undefined
        ? 'contiene spazi o caratteri che un codice a barre non ha'
        : `carattere inatteso ${d.character} in posizione ${d.position ?? '?'}: controllare il layout di tastiera del lettore`,
    en: (d) =>
      d.character === undefined
        ? 'it holds spaces or characters a barcode does not have'
        : `unexpected character ${d.character} at position ${d.position ?? '?'}: check the scanner's keyboard layout`,
  },
  'price-check-digit': {
    it: () => "la cifra di controllo del prezzo non corrisponde al prezzo dell'etichetta della bilancia",
    en: () => "the price check digit does not match the price on the scale label",
  },
};

/** "Codice a barre non valido: 123 — why", from an INVALID_BARCODE error's details. */
export function invalidScanText(details: { code?: unknown; reason?: unknown } & InvalidScanDetails, locale: ReasonLocale): string | undefined {
  if (typeof details.reason !== 'string') return undefined;
  const why = reasonText(invalidScanReasons, details.reason, details, locale);
  if (why === undefined) return undefined;
  const code = typeof details.code === 'string' ? details.code : '';
  return locale === 'it' ? `Codice a barre non valido: ${code} (${why})` : `Invalid barcode: ${code} (${why})`;
}
