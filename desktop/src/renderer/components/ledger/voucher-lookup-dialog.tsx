/**
 * @module
 * A voucher or gift card scanned (or typed) on the sale screen outside a payment (issue 17): its
 * balance and history, head office's when it answers in time, else this till's figure with its
 * age (`voucher.lookup`). Overspent entries (two offline tills drawing on one card) are marked.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherLookup } from '@cassa/shared';
import { describeError, formatDateTime, formatMoney } from '../../i18n/i18n';
import { useTill } from '../../till-context';
import { Dialog } from '../dialog';
import { VoucherFigure } from './credit-payment-dialog';

export function VoucherLookupDialog({ code, onClose }: { code: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const lang = i18n.language;
  const shown = code.trim().toUpperCase();
  const [found, setFound] = useState<VoucherLookup | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setFound(null);
    setError(null);
    client
      .call('voucher.lookup', { code: shown })
      .then((answer) => live && setFound(answer))
      .catch((e: unknown) => live && setError(describeError(e, lang)));
    return () => {
      live = false;
    };
  }, [client, shown, lang]);

  return (
    <Dialog title={t('ledger.lookupTitle', { code: shown })} onClose={onClose} wide>
      {!found && !error && <p role="status">{t('ledger.checking')}</p>}
      {found && !found.known && <p role="alert" className="error">{t('ledger.unknownCode', { code: shown })}</p>}
      {found?.known && (
        <>
          <VoucherFigure found={found} />
          <h3>{t('ledger.history')}</h3>
          <table className="ledger-history" aria-label={t('ledger.history')}>
            <thead>
              <tr>
                <th>{t('ledger.when')}</th>
                <th>{t('ledger.where')}</th>
                <th>{t('ledger.what')}</th>
                <th>{t('ledger.document')}</th>
                <th>{t('ledger.approvedBy')}</th>
                <th className="amount">{t('ledger.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {found.entries.length === 0 && <tr><td colSpan={6} className="muted">{t('ledger.noHistory')}</td></tr>}
              {found.entries.map((entry) => (
                <tr key={entry.id} className={entry.overspend ? 'overspend' : undefined}>
                  <td>{formatDateTime(entry.at, lang)}</td>
                  <td>{entry.storeName ?? t('ledger.thisTill')}</td>
                  <td>
                    {t(`ledger.reason.${entry.reason}`)}
                    {entry.authorisation === 'offline' && ` · ${t('ledger.offline')}`}
                    {entry.overspend && <strong className="error"> · {t('ledger.overspendEntry')}</strong>}
                  </td>
                  <td>{entry.documentNumber ?? ''}</td>
                  <td>{entry.approvedBy ?? ''}</td>
                  <td className="amount">{formatMoney(entry.amount, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="row"><span className="grow" /><button type="button" autoFocus onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button></div>
    </Dialog>
  );
}
