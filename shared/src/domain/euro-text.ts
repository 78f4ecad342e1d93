/**
 * @module
 * Euro amounts as people read and type them, in Italian and English: the one formatter every
 * screen uses (till, back office, head office) and the one reader for typed amounts. Built by hand
 * from integer cents rather than with Intl over `cents / 100`: the result is exact for every safe
 * integer, and the same on every machine whatever its ICU version.
 */
import type { AmountBounds, Cents } from './money';
import { assertCents, formatCents, InvalidAmountError, parseEuroAmount } from './money';

export type MoneyLocale = 'it' | 'en';

/** The language tag a screen passes ("it", "en", "en-GB") as one of ours; anything not English is Italian. */
export function moneyLocale(language: string): MoneyLocale {
  return language.toLowerCase().startsWith('en') ? 'en' : 'it';
}

// The same no-break space Intl puts between an Italian amount and its sign, so the two never wrap apart.
const NO_BREAK_SPACE = '\u00a0';

/**
 * Cents as a person reads them: "1.234,56 €" in Italian, "€1,234.56" in English, a leading "-"
 * for negatives, thousands always grouped (as on the receipt).
 * @example formatEuro(-123456, 'it') // "-1.234,56 €"
 * @example formatEuro(-123456, 'en') // "-€1,234.56"
 */
export function formatEuro(cents: Cents, locale: MoneyLocale | string): string {
  assertCents(cents, 'amount in cents');
  const sign = cents < 0 ? '-' : '';
  const italian = formatCents(Math.abs(cents));
  if (moneyLocale(locale) === 'it') return `${sign}${italian}${NO_BREAK_SPACE}€`;
  return `${sign}€${englishDigits(italian)}`;
}

/** "1.234,56" → "1,234.56": swaps the two marks of an Italian amount. */
function englishDigits(italian: string): string {
  return italian.replace(/[.,]/g, (mark) => (mark === '.' ? ',' : '.'));
}

/**
 * Cents as the text someone would type for them, to prefill a field or write a spreadsheet cell:
 * no sign, no grouping, two decimals with the language's mark ("1234,50" / "1234.50").
 */
export function euroInputText(cents: Cents, locale: MoneyLocale | string): string {
  assertCents(cents, 'amount in cents');
  const magnitude = Math.abs(cents);
  const text = `${cents < 0 ? '-' : ''}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
  return moneyLocale(locale) === 'en' ? text : text.replace('.', ',');
}

/**
 * An amount typed into a form, in cents, or null when it is not one (the form shows its own
 * sentence). Reads everything {@link parseEuroAmount} reads; by default refuses negative amounts,
 * which no form asks for.
 * @example parseEuroInput('0,29') // 29
 * @example parseEuroInput('12,345') // null: three decimals
 */
export function parseEuroInput(text: string, bounds: AmountBounds = { min: 0 }): Cents | null {
  try {
    return parseEuroAmount(text, bounds);
  } catch (error) {
    if (error instanceof InvalidAmountError) return null;
    throw error;
  }
}
