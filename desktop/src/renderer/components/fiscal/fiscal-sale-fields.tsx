/**
 * @module
 * In the payment step of a sale, with an Italian fiscal device: the customer's receipts-lottery
 * code (scanned from its barcode or typed; card payments only) and codice fiscale or partita IVA
 * for a "scontrino parlante". Checked as typed with shared's own rules and sentences
 * (lottery-code.ts, tax-id.ts), so the cashier fixes a wrong character while the customer is
 * still there; the core checks them again when the sale completes.
 */
import { useTranslation } from 'react-i18next';
import { customerTaxIdOf, lotteryCodeProblem, lotteryCodeReasons, taxIdReasons } from '@cassa/shared';

export interface FiscalSaleExtras {
  readonly lotteryCode: string;
  readonly customerTaxId: string;
}

export const noFiscalExtras: FiscalSaleExtras = { lotteryCode: '', customerTaxId: '' };

/**
 * What is wrong with the fields, in `locale`, or null. `electronicCents` is what is (or is being)
 * paid by card: the lottery is for electronic payments only (reference/fiscal-rt.md §4).
 */
export function fiscalExtrasProblem(extras: FiscalSaleExtras, electronicCents: number, locale: string): string | null {
  const lang = locale === 'en' ? 'en' : 'it';
  if (extras.lotteryCode.trim() !== '') {
    const refusal = lotteryCodeProblem(extras.lotteryCode, [{ kind: 'electronic', amountCents: electronicCents }]);
    if (refusal) return lotteryCodeReasons[refusal.problem][lang](refusal.details);
  }
  if (extras.customerTaxId.trim() !== '') {
    const result = customerTaxIdOf(extras.customerTaxId);
    if (!result.ok) return taxIdReasons[result.problem][lang](result.details);
  }
  return null;
}

/** The extras as `sale.complete` takes them: blank fields left out. */
export function fiscalExtrasInput(extras: FiscalSaleExtras): { lotteryCode?: string; customerTaxId?: string } {
  return {
    ...(extras.lotteryCode.trim() ? { lotteryCode: extras.lotteryCode.trim() } : {}),
    ...(extras.customerTaxId.trim() ? { customerTaxId: extras.customerTaxId.trim() } : {}),
  };
}

export function FiscalSaleFields({ extras, onChange, lottery }: { extras: FiscalSaleExtras; onChange: (next: FiscalSaleExtras) => void; lottery: boolean }) {
  const { t } = useTranslation();
  return (
    <fieldset className="fiscal-fields">
      <legend>{t('fiscal.saleFields')}</legend>
      {lottery && (
        <label>
          {t('fiscal.lotteryCode')}
          <input data-scan="fill" autoComplete="off" spellCheck={false} maxLength={16} value={extras.lotteryCode} onChange={(e) => onChange({ ...extras, lotteryCode: e.target.value })} />
        </label>
      )}
      <label>
        {t('fiscal.taxId')}
        <input data-scan="fill" autoComplete="off" spellCheck={false} maxLength={20} value={extras.customerTaxId} onChange={(e) => onChange({ ...extras, customerTaxId: e.target.value })} />
      </label>
    </fieldset>
  );
}
