/**
 * @module
 * Stock on hand per variant: search, a low-stock filter, and movements (a counted correction or
 * goods received). A movement is recorded, never an overwrite of the level.
 */
import { useEffect, useState } from 'react';
import type { OutputOf, TillContract } from '@cassa/shared';
import { Feedback, parseSignedMilli, quantity, useAction, useBackOffice } from './shared';
import { useChainStockText } from '../chain-stock/i18n';
import { StockElsewherePanel } from '../chain-stock/stock-elsewhere-panel';

type StockLevel = OutputOf<TillContract, 'stock.adjust'>;

const optionText = (options: Record<string, string>) => Object.values(options).join(' / ');

export function StockTab() {
  const { t, lang, client } = useBackOffice();
  const [query, setQuery] = useState('');
  const [lowOnly, setLowOnly] = useState(false);
  const [threshold, setThreshold] = useState('5');
  const [rows, setRows] = useState<StockLevel[]>([]);
  const [editing, setEditing] = useState<StockLevel | null>(null);
  // Issue 17: this variant's stock at the chain's other stores.
  const [elsewhere, setElsewhere] = useState<{ variantId: string; name: string } | null>(null);
  const elsewhereText = useChainStockText().t('elsewhere.button');
  const { busy, error, notice, run, setNotice } = useAction();

  // At or under the threshold: the API lists levels strictly below a limit.
  const below = lowOnly ? Math.max(0, parseSignedMilli(threshold) ?? 0) + 1 : undefined;

  useEffect(() => {
    // Typing stays responsive: the search goes out once the keys stop for a moment.
    const timer = setTimeout(() => {
      void run(() => client.call('stock.levels', { query, limit: 200, ...(below !== undefined ? { belowMilli: below } : {}) })).then((next) => {
        if (next) setRows(next);
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [client, query, below, run]);

  return (
    <div className="bo-stack">
      <div className="bo-toolbar">
        <label className="grow">
          {t('stock.search')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <label className="check align-end">
          <input type="checkbox" checked={lowOnly} onChange={(e) => setLowOnly(e.target.checked)} />
          {t('stock.lowOnly')}
        </label>
        <label>
          {t('stock.threshold')}
          <input className="bo-short" inputMode="decimal" value={threshold} disabled={!lowOnly} onChange={(e) => setThreshold(e.target.value)} />
        </label>
      </div>
      <Feedback error={error} notice={notice} />
      {editing && (
        <AdjustForm
          level={editing}
          onCancel={() => setEditing(null)}
          onDone={(next) => {
            setRows((old) => old.map((r) => (r.variantId === next.variantId ? next : r)));
            setEditing(null);
            setNotice(t('stock.done', { name: next.name, qty: quantity(next.onHandMilli, lang) }));
          }}
        />
      )}
      {elsewhere && <StockElsewherePanel key={elsewhere.variantId} variantId={elsewhere.variantId} name={elsewhere.name} onClose={() => setElsewhere(null)} />}
      <table className="bo-table" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">{t('stock.cols.name')}</th>
            <th scope="col">{t('stock.cols.sku')}</th>
            <th scope="col" className="num">{t('stock.cols.onHand')}</th>
            <th scope="col" className="num">{t('stock.cols.available')}</th>
            <th scope="col"><span className="visually-hidden">{t('stock.cols.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const name = Object.keys(row.options).length ? `${row.name} ${optionText(row.options)}` : row.name;
            return (
              <tr key={row.variantId} className={row.availableMilli <= 0 ? 'bo-low' : undefined}>
                <th scope="row">{name}</th>
                <td>{row.sku}</td>
                <td className="num">
                  {quantity(row.onHandMilli, lang)}
                  {/* Issue 18: what online orders hold here, out of the shelf's figure. */}
                  {row.reservedMilli > 0 && <span className="small muted"> ({t('stock.reserved', { qty: quantity(row.reservedMilli, lang) })})</span>}
                </td>
                <td className="num">{quantity(row.availableMilli, lang)}</td>
                <td>
                  <button type="button" aria-label={`${t('stock.adjust')} ${name}`} onClick={() => setEditing(row)}>{t('stock.adjust')}</button>
                  <button type="button" aria-label={`${elsewhereText} ${name}`} onClick={() => setElsewhere({ variantId: row.variantId, name })}>{elsewhereText}</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!busy && rows.length === 0 && <p className="muted">{t('common.none')}</p>}
    </div>
  );
}

function AdjustForm({ level, onCancel, onDone }: { level: StockLevel; onCancel: () => void; onDone: (next: StockLevel) => void }) {
  const { t, client } = useBackOffice();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState<'adjustment' | 'goods-received'>('goods-received');
  const [note, setNote] = useState('');
  const { busy, error, run, setError } = useAction();
  const name = Object.keys(level.options).length ? `${level.name} ${optionText(level.options)}` : level.name;
  return (
    <form
      className="bo-panel"
      aria-label={t('stock.adjustTitle', { name })}
      onSubmit={(e) => {
        e.preventDefault();
        const deltaMilli = parseSignedMilli(delta);
        if (deltaMilli === null) {
          setError(t('stock.invalidDelta'));
          return;
        }
        void run(() => client.call('stock.adjust', { variantId: level.variantId, deltaMilli, reason, note })).then((next) => {
          if (next) onDone(next);
        });
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3>{t('stock.adjustTitle', { name })}</h3>
      <div className="bo-toolbar">
        <label>
          {t('stock.reason')}
          <select value={reason} onChange={(e) => setReason(e.target.value === 'adjustment' ? 'adjustment' : 'goods-received')}>
            <option value="goods-received">{t('stock.reasons.goods-received')}</option>
            <option value="adjustment">{t('stock.reasons.adjustment')}</option>
          </select>
        </label>
        <label>
          {t('stock.delta')}
          <input autoFocus inputMode="decimal" value={delta} onChange={(e) => setDelta(e.target.value)} />
        </label>
        <label className="grow">
          {t('stock.note')}
          <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>
      <Feedback error={error} />
      <div className="row">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{t('common.save')}</button>
      </div>
    </form>
  );
}
