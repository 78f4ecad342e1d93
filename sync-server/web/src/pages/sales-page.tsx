import type { SaleDetailView, SaleSummaryView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime, money } from '../i18n';
import { NamedOptions } from '../named-options';
import { useAsync } from '../use-async';
import { fiscalDate } from './fiscal-status-cell';

/** A sale's documento commerciale as printed (DOCUMENTO N. zzzz-nnnn), or that it is awaited. */
function DocumentText({ sale }: { sale: SaleSummaryView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (sale.document) {
    const d = sale.document;
    return <span>{t('sales.documentLine', { number: d.number, serial: d.serial, date: fiscalDate(d.date, lang), time: d.time.slice(0, 5), amount: money(d.amountCents, lang) })}</span>;
  }
  return sale.fiscalState === 'awaiting' ? <span className="warn">{t('sales.awaiting')}</span> : <span>{t('sales.noDocument')}</span>;
}

function SaleDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const sale = useAsync<SaleDetailView>(() => hoClient.call('sales.get', { id }), [id]);
  const s = sale.data;
  return (
    <section className="card" aria-label={t('sales.detail', { id })}>
      <h2>{t('sales.detail', { id })}</h2>
      <ErrorNote message={sale.error} />
      {s ? (
        <>
          <p>
            {t(`sales.kinds.${s.kind}`)} · {dateTime(s.completedAt, lang)} · {money(s.totalCents, lang)}
          </p>
          <p>
            <strong>{t('sales.document')}:</strong> <DocumentText sale={s} />
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sales.line')}</th>
                <th scope="col" className="num">
                  {t('sales.quantity')}
                </th>
                <th scope="col">{t('cat.vat')}</th>
                <th scope="col" className="num">
                  {t('sales.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.record.lines.map((l) => (
                <tr key={l.lineId}>
                  <td>{l.description}</td>
                  <td className="num">{(l.quantityMilli / 1000).toLocaleString(lang)}</td>
                  <td>{l.vatCode}</td>
                  <td className="num">{money(l.totalCents, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <strong>{t('sales.payments')}:</strong> {s.record.payments.map((p) => `${p.method} ${money(p.amountCents, lang)}`).join(' · ')}
          </p>
          {s.problems.length > 0 ? (
            <p className="bad">
              {t('sales.problems')}: {s.problems.join(', ')}
            </p>
          ) : null}
        </>
      ) : null}
      <button type="button" className="secondary" onClick={onBack}>
        {t('sales.back')}
      </button>
    </section>
  );
}

function SalesTable({ sales, registerName, onOpen }: { sales: readonly SaleSummaryView[]; registerName: (id: string) => string; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('sales.time')}</th>
            <th scope="col">{t('stores.register')}</th>
            <th scope="col">{t('sales.kind')}</th>
            <th scope="col" className="num">
              {t('sales.total')}
            </th>
            <th scope="col">{t('sales.document')}</th>
          </tr>
        </thead>
        <tbody>
          {sales.map((s) => (
            <tr key={s.id}>
              <td>
                <button type="button" className="link" aria-label={t('sales.open', { time: dateTime(s.completedAt, lang) })} onClick={() => onOpen(s.id)}>
                  {dateTime(s.completedAt, lang)}
                </button>
              </td>
              <td>{registerName(s.deviceId)}</td>
              <td>{t(`sales.kinds.${s.kind}`)}</td>
              <td className="num">{money(s.totalCents, lang)}</td>
              <td>
                <DocumentText sale={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One day's sales of the user's stores with each one's documento commerciale; a sale opens in full. */
/** A filter the link that opened the page carries (`#/sales?register=…` from the register list). */
function hashParam(name: string): string {
  return new URLSearchParams(window.location.hash.split('?')[1] ?? '').get(name) ?? '';
}

export function SalesPage() {
  const { t } = useTranslation();
  const [day, setDay] = useState(() => hashParam('day'));
  const [store, setStore] = useState('');
  const [register, setRegister] = useState(() => hashParam('register'));
  const [open, setOpen] = useState<string | null>(null);
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const registers = useAsync(() => hoClient.call('registers.list'), []);
  const sales = useAsync(() => hoClient.call('sales.list', { day, store, register }), [day, store, register]);
  const registerName = (id: string) => registers.data?.find((r) => r.id === id)?.name ?? id;
  const shownRegisters = (registers.data ?? []).filter((r) => store === '' || r.storeId === store);
  if (open !== null) return <SaleDetail id={open} onBack={() => setOpen(null)} />;
  return (
    <>
      <h1>{t('sales.title')}</h1>
      <form className="filters" aria-label={t('dash.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('sales.day')}
          <input type="date" value={day || sales.data?.day || ''} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          {t('dash.store')}
          <select value={store} onChange={(e) => setStore(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            <NamedOptions items={stores.data ?? []} />
          </select>
        </label>
        <label>
          {t('dash.register')}
          <select value={register} onChange={(e) => setRegister(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            <NamedOptions items={shownRegisters} />
          </select>
        </label>
      </form>
      <ErrorNote message={sales.error} />
      {sales.data && sales.data.sales.length === 0 ? <p>{t('sales.none')}</p> : null}
      {sales.data && sales.data.sales.length > 0 ? <SalesTable sales={sales.data.sales} registerName={registerName} onOpen={setOpen} /> : null}
      {sales.data?.truncated ? <p className="warn">{t('sales.truncated', { count: sales.data.sales.length })}</p> : null}
    </>
  );
}
