/**
 * @module
 * An X or Z report on screen: takings by method, cash expected against counted, VAT summary and,
 * for a Z closed with a fiscal device, the device's Z (fiscal-z-view.tsx).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftReport } from '@cassa/shared';
import { describeError, formatDateTime, formatMoney } from '../i18n/i18n';
import { useTill } from '../till-context';
import { FiscalZSection } from './fiscal-z-view';

/** "Stampa": the report on the receipt printer, through the till's print queue. */
function PrintReportButton({ report }: { report: ShiftReport }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string } | null>(null);
  function print() {
    setMessage(null);
    client
      .call('shift.printReport', { shiftId: report.shiftId, kind: report.kind })
      .then(() => setMessage({ kind: 'status', text: t('report.printQueued') }))
      .catch((e: unknown) => setMessage({ kind: 'alert', text: describeError(e, i18n.language) }));
  }
  return (
    <div className="row">
      <button type="button" onClick={print}>{t('report.print')}</button>
      {message && <p role={message.kind} className={message.kind === 'alert' ? 'error' : undefined}>{message.text}</p>}
    </div>
  );
}

export function ShiftReportView({ report }: { report: ShiftReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = (cents: number) => formatMoney(cents, lang);
  const rows: [string, string][] = [
    [t('report.opened'), formatDateTime(report.openedAt, lang)],
    ...(report.closedAt ? ([[t('report.closed'), formatDateTime(report.closedAt, lang)]] as [string, string][]) : []),
    [t('report.float'), money(report.floatCents)],
    [t('report.sales', { n: report.salesCount }), money(report.salesTotalCents)],
    [t('report.returns', { n: report.returnsCount }), money(report.returnsTotalCents)],
    [t('report.discounts'), money(report.discountsCents)],
    [t('report.cashIn'), money(report.cashInCents)],
    [t('report.cashOut'), money(report.cashOutCents)],
  ];
  return (
    <div className="report">
      <table className="figures" aria-label={t(report.kind === 'Z' ? 'report.titleZ' : 'report.titleX', { z: report.zNumber })}>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}><th scope="row">{label}</th><td>{value}</td></tr>
          ))}
          <tr className="group"><th scope="rowgroup" colSpan={2}>{t('report.byMethod')}</th></tr>
          {report.byMethod.map((m) => (
            <tr key={m.method}><th scope="row">{t(`sale.${m.method}`)}</th><td>{money(m.amountCents)}</td></tr>
          ))}
          <tr className="strong"><th scope="row">{t('report.expectedCash')}</th><td>{money(report.expectedCashCents)}</td></tr>
          {report.countedCashCents !== null && (
            <tr className="strong"><th scope="row">{t('report.countedCash')}</th><td>{money(report.countedCashCents)}</td></tr>
          )}
          {report.varianceCents !== null && (
            <tr className={report.varianceCents === 0 ? 'strong' : 'strong variance'}>
              <th scope="row">{t('report.variance')}</th>
              <td>{report.varianceCents > 0 ? '+' : ''}{money(report.varianceCents)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <table className="figures vat" aria-label={t('report.vat')}>
        <thead>
          <tr><th scope="col">{t('report.vatRate')}</th><th scope="col">{t('report.net')}</th><th scope="col">{t('report.tax')}</th><th scope="col">{t('report.gross')}</th></tr>
        </thead>
        <tbody>
          {report.vatBreakdown.map((row) => (
            <tr key={row.vatCode}>
              <th scope="row">{/^\d+$/.test(row.vatCode) ? `${row.vatCode}%` : row.vatCode}</th>
              <td>{money(row.netCents)}</td><td>{money(row.vatCents)}</td><td>{money(row.grossCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.kind === 'Z' && report.closedAt !== null && <FiscalZSection shiftId={report.shiftId} />}
      <PrintReportButton report={report} />
    </div>
  );
}
