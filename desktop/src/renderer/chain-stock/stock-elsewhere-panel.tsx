/**
 * @module
 * A product's stock here and at the chain's other stores (issue 17): asked of head office when the
 * panel opens (a short wait, never holding a sale); offline, head office's last answer with its
 * age ("3 ore fa"), or only this store's figure when there is none.
 */
import { useEffect, useState } from 'react';
import type { StockElsewhereView } from '@cassa/shared';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';
import { ageOf, quantityText, useChainStockText } from './i18n';

export function StockElsewherePanel({ variantId, name, onClose }: { variantId: string; name: string; onClose: () => void }) {
  const { t, i18n } = useChainStockText();
  const { client } = useTill();
  const [view, setView] = useState<StockElsewhereView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language;

  useEffect(() => {
    let live = true;
    client
      .call('stock.elsewhere', { variantId })
      .then((next) => live && setView(next))
      .catch((e: unknown) => live && setError(describeError(e, lang)));
    return () => {
      live = false;
    };
  }, [client, variantId, lang]);

  return (
    <section className="bo-panel" aria-label={t('elsewhere.title', { name })} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h3>{t('elsewhere.title', { name })}</h3>
      {error && <p role="alert" className="error">{error}</p>}
      {!view && !error && <p className="muted">{t('elsewhere.loading')}</p>}
      {view && (
        <>
          <table className="bo-table">
            <thead>
              <tr>
                <th scope="col">{t('elsewhere.store')}</th>
                <th scope="col" className="num">{t('elsewhere.onHand')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('elsewhere.here')}</th>
                <td className="num">
                  {quantityText(view.hereMilli, lang)}
                  {/* Issue 18: online orders not yet shipped hold part of this shop's stock. */}
                  {view.hereReservedMilli > 0 && (
                    <span className="small muted">
                      {' '}({t('elsewhere.reserved', { qty: quantityText(view.hereReservedMilli, lang) })}; {t('elsewhere.available')} {quantityText(view.hereAvailableMilli, lang)})
                    </span>
                  )}
                </td>
              </tr>
              {(view.stores ?? [])
                .filter((s) => !s.here)
                .map((s) => (
                  <tr key={s.storeId}>
                    <th scope="row">{s.storeName}</th>
                    <td className="num">{quantityText(s.onHandMilli, lang)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <p className="muted" role="status">
            {view.stores === null ? t('elsewhere.never') : view.live ? t('elsewhere.live') : t('elsewhere.asOf', { age: ageOf(view.asOf ?? '', lang) })}
          </p>
        </>
      )}
      <div className="row">
        <span className="grow" />
        <button type="button" onClick={onClose}>{t('elsewhere.close')}</button>
      </div>
    </section>
  );
}
