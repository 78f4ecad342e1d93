/**
 * @module
 * i18next set up once for the till; Italian first. Money goes through shared's euro formatter and
 * dates through Intl, with the active language, never hand-formatted. The cashier's language choice is kept in localStorage.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { errorSentence, euroInputText, formatEuro, parseEuroInput, parseQuantityText } from '@cassa/shared';
import { en, it } from './messages';

export type Locale = 'it' | 'en';

const localeKey = 'cassa.locale';

export function initI18n(locale: Locale): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { it: { translation: it }, en: { translation: en } },
    lng: locale,
    fallbackLng: 'it',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}

/** The language the cashier last chose on this till, if any. */
export function storedLocale(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(localeKey);
    return value === 'it' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(localeKey, locale);
  } catch {
    // Private mode or storage full: the choice simply does not survive a reload.
  }
}

const intlTag = (locale: string) => (locale === 'en' ? 'en-IE' : 'it-IT');
/** Cents for the screen: the shared formatter, so the till and head office read amounts alike. */
export function formatMoney(cents: number, locale: string): string {
  return formatEuro(cents, locale);
}

export function formatQuantity(milli: number, unit: 'piece' | 'kg' | 'm', locale: string): string {
  const tag = intlTag(locale);
  if (unit === 'piece') return new Intl.NumberFormat(tag, { maximumFractionDigits: 3 }).format(milli / 1000);
  return `${new Intl.NumberFormat(tag, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(milli / 1000)} ${unit}`;
}

export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(intlTag(locale), { timeStyle: 'short' }).format(new Date(iso));
}

/** A cents amount as the text a cashier would type for it in this language ("12,50"). */
export function moneyInputText(cents: number, locale: string): string {
  return euroInputText(cents, locale);
}

/** Parses an amount typed in either locale's style into cents; null when it is not an amount. */
export function parseMoneyInput(text: string): number | null {
  return parseEuroInput(text);
}

/** Parses a quantity into thousandths: whole pieces, or up to three decimals for kg and m. */
export function parseQuantityInput(text: string, unit: 'piece' | 'kg' | 'm'): number | null {
  const cleaned = text.replace(/\s/g, '').replace(/(kg|m)$/i, '');
  if (unit === 'piece' && !/^\d+$/.test(cleaned)) return null;
  const milli = parseQuantityText(cleaned);
  return milli !== null && milli > 0 ? milli : null;
}

/** A percentage typed as "15" or "12,5" into basis points (1000 = 10 %). */
export function parsePercentInput(text: string): number | null {
  const cleaned = text.replace(/[%\s]/g, '');
  if (!/^\d+([.,]\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.replace(',', '.').split('.');
  const points = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return points >= 1 && points <= 10_000 ? points : null;
}

/**
 * What a person reads for a failed call: shared's one error sentence, so the till and head office
 * word a refusal alike, with its details, in one language.
 */
export function describeError(error: unknown, locale: string): string {
  return errorSentence(error, locale);
}
