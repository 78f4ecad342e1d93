/**
 * @module
 * How the till's screens word the chain ledgers (issue 17): a voucher code recognised in a scan,
 * the age of the till's own figure, and the sentence after a draw (confirmed online or taken
 * offline, and what is left). The rules themselves live in shared/src/ledger/ledger-rules.ts.
 */
import type { TFunction } from 'i18next';
import type { LedgerDrawResult, VoucherLookup } from '@cassa/shared';
import { formatMoney } from '../../i18n/i18n';

/** A printed voucher or gift-card code (V-XXXX-XXXX), as typed or scanned; case and spaces around do not matter. */
const VOUCHER_CODE = /^V-[0-9A-Z]{4}-[0-9A-Z]{4}$/i;

export function isVoucherCode(text: string): boolean {
  return VOUCHER_CODE.test(text.trim());
}

/** "5 minuti fa" / "5 minutes ago": how old the till's figure is. */
export function ageText(ageMs: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale === 'en' ? 'en-IE' : 'it-IT', { numeric: 'auto' });
  const minutes = Math.round(ageMs / 60_000);
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format.format(-hours, 'hour');
  return format.format(-Math.round(hours / 24), 'day');
}

/** Where a looked-up balance comes from: head office just now, or the till's figure and its age. */
export function figureSource(found: VoucherLookup, t: TFunction, locale: string): string {
  if (found.source === 'head-office') return t('ledger.headOfficeFigure');
  if (found.ageMs === null) return t('ledger.tillFigureNever');
  if (found.ageMs < 60_000) return t('ledger.tillFigureJustNow');
  return t('ledger.tillFigure', { age: ageText(found.ageMs, locale) });
}

/** The sentence after a voucher or store-credit payment: how it was allowed and what is left. */
export function drawSentence(what: string, amountCents: number, result: LedgerDrawResult, t: TFunction, locale: string): string {
  const values = { what, amount: formatMoney(amountCents, locale), left: formatMoney(result.availableCents, locale) };
  switch (result.authorisation) {
    case 'reserved':
      return t('ledger.paidReserved', values);
    case 'offline':
      return t('ledger.paidOffline', values);
  }
}
