/**
 * @module
 * i18next set up once for the till; Italian first. Money and dates go through Intl with the
 * active language, never hand-formatted.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, it } from './messages';

export type Locale = 'it' | 'en';

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

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, locale: string): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'en' ? 'en-IE' : 'it-IT', { style: 'currency', currency: 'EUR' });
    moneyFormats.set(locale, format);
  }
  // Cents are exact integers; the division is for display only.
  return format.format(cents / 100);
}

export function formatQuantity(milli: number, unit: 'piece' | 'kg' | 'm', locale: string): string {
  const tag = locale === 'en' ? 'en-IE' : 'it-IT';
  if (unit === 'piece') return new Intl.NumberFormat(tag, { maximumFractionDigits: 3 }).format(milli / 1000);
  return `${new Intl.NumberFormat(tag, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(milli / 1000)} ${unit}`;
}

/** Parses an amount typed in either locale's style into cents; null when it is not a number. */
export function parseMoneyInput(text: string): number | null {
  const cleaned = text.replace(/[€\s]/g, '');
  if (!/^\d+([.,]\d{1,2})?$/.test(cleaned)) return null;
  const [euros, fraction = ''] = cleaned.replace(',', '.').split('.');
  return Number(euros) * 100 + Number(fraction.padEnd(2, '0'));
}
