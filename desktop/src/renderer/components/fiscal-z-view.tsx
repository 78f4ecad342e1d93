/**
 * @module
 * The fiscal device's Z of a closed shift, under the till's own Z report: the device's Z number,
 * serial, date and time and day's takings, and the takings per VAT rate or nature (sales, returns
 * and voids apart) of the documents this register had issued in that Z (issue 16 item 5).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiscalZView } from '@cassa/shared';
import { describeError, formatMoney } from '../i18n/i18n';
import { useTill } from '../till-context';
import { fiscalDate } from './fiscal/fiscal-text';

type VatRows = NonNullable<FiscalZView['vatTotals']>['sales'];

const vatName = (code: string) => (/^\d+$/.test(code) ? `${code}%` : code);

export function FiscalZSection({ shiftId }: { shiftId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const [view, setView] = useState<FiscalZView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.call('fiscal.zClosure', { shiftId }).then(setView).catch((e: unknown) => setError(describeError(e, lang)));
  }, [client, shiftId, lang]);

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!view) return null;
  const { closure, vatTotals } = view;
  const money = (cents: number) => formatMoney(cents, lang);
  const group = (label: string, rows: VatRows) =>
    rows.length === 0
      ? null
      : [
          <tr key={`${label}-head`} className="group"><th scope="rowgroup" colSpan={4}>{label}</th></tr>,
          ...rows.map((row) => (
            <tr key={`${label}-${row.vatCode}`}>
              <th scope="row">{vatName(row.vatCode)}</th>
              <td>{money(row.netCents)}</td><td>{money(row.vatCents)}</td><td>{money(row.grossCents)}</td>
            </tr>
          )),
        ];
  const title = t('report.fiscalZ', { z: closure.zNumber });
  return (
    <section className="fiscal-z" aria-label={title}>
      <h3>{title}</h3>
      <table className="figures">
        <tbody>
          <tr><th scope="row">{t('report.fiscalSerial')}</th><td>{closure.serial}</td></tr>
          <tr><th scope="row">{t('report.fiscalWhen')}</th><td>{fiscalDate(closure.date)} {closure.time}</td></tr>
          <tr className="strong"><th scope="row">{t('report.fiscalDaily')}</th><td>{money(closure.dailyAmountCents)}</td></tr>
          <tr><th scope="row">{t('report.fiscalDocuments')}</th><td>{view.documents}</td></tr>
        </tbody>
      </table>
      {vatTotals ? (
        <table className="figures vat" aria-label={t('report.fiscalVat')}>
          <thead>
            <tr><th scope="col">{t('report.vatRate')}</th><th scope="col">{t('report.net')}</th><th scope="col">{t('report.tax')}</th><th scope="col">{t('report.gross')}</th></tr>
          </thead>
          <tbody>
            {group(t('report.fiscalSales'), vatTotals.sales)}
            {group(t('report.fiscalReturns'), vatTotals.returns)}
            {group(t('report.fiscalVoids'), vatTotals.voids)}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('report.fiscalNoVat')}</p>
      )}
    </section>
  );
}
