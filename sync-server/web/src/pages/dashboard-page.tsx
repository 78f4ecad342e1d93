import { businessDay, euroInputText } from '@cassa/shared';
import type { DashboardView, StoreTotals, StoreView } from '@cassa/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { money } from '../i18n';
import { DataTable } from '../table';
import { errorText } from '../error-text';
import { NamedOptions } from '../named-options';

/** An amount for a spreadsheet cell: a decimal point, no grouping, whatever the page's language. */
const csvAmount = (cents: number): string => euroInputText(cents, 'en');

/** Today's date in a time zone (the browser's when none), as YYYY-MM-DD. */
function todayIn(timeZone: string | undefined): string {
  return businessDay(new Date(), timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** Where "today" is: the chosen store's zone, or the one zone every shown store shares. */
function zoneOf(stores: readonly StoreView[], store: string): string | undefined {
  if (store) return stores.find((s) => s.id === store)?.timeZone;
  const zones = new Set(stores.map((s) => s.timeZone));
  return zones.size === 1 ? [...zones][0] : undefined;
}

function sum(rows: readonly StoreTotals[]): StoreTotals {
  return rows.reduce(
    (a, r) => ({
      storeId: '',
      takingsCents: a.takingsCents + r.takingsCents,
      tickets: a.tickets + r.tickets,
      returns: a.returns + r.returns,
      voids: a.voids + r.voids,
      itemsMilli: a.itemsMilli + r.itemsMilli,
    }),
    { storeId: '', takingsCents: 0, tickets: 0, returns: 0, voids: 0, itemsMilli: 0 },
  );
}

function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '0%' : '—';
  const pct = ((now - before) / Math.abs(before)) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [store, setStore] = useState('');
  // null: follow today, so a dashboard left open on an office screen moves on at midnight.
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [, setMinute] = useState(0);
  const [register, setRegister] = useState('');
  const [cashier, setCashier] = useState('');
  const [data, setData] = useState<DashboardView | null>(null);
  const [stores, setStores] = useState<StoreView[]>([]);
  const today = todayIn(zoneOf(stores, store));
  const from = range?.from ?? today;
  const to = range?.to ?? today;
  useEffect(() => {
    const clock = window.setInterval(() => setMinute((m) => m + 1), 60_000);
    return () => window.clearInterval(clock);
  }, []);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const timer = useRef<number | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await hoClient.call('dashboard.get', { from, to, ...(store ? { store } : {}), ...(register ? { register } : {}), ...(cashier ? { cashier } : {}) }));
      setUpdatedAt(new Date());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [from, to, store, register, cashier]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void hoClient.call('stores.list').then(setStores, () => undefined);
  }, []);

  // Live: the server says a sale arrived; refetch once the burst settles.
  useEffect(() => {
    const source = new EventSource(hoClient.url('dashboard.events'));
    // A hello after the first is a reconnect: sales may have come in while the stream was down.
    let connected = false;
    source.addEventListener('hello', () => {
      setLive(true);
      if (connected) void load();
      connected = true;
    });
    source.addEventListener('sale', () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void load(), 250);
    });
    source.onerror = () => setLive(false);
    return () => {
      source.close();
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [load]);

  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id;
  const total = sum(data?.stores ?? []);
  const before = sum(data?.compare ?? []);
  const average = total.tickets > 0 ? Math.round(total.takingsCents / total.tickets) : 0;
  const averageBefore = before.tickets > 0 ? Math.round(before.takingsCents / before.tickets) : 0;
  const ipt = total.tickets > 0 ? total.itemsMilli / 1000 / total.tickets : 0;
  const iptBefore = before.tickets > 0 ? before.itemsMilli / 1000 / before.tickets : 0;
  const compareOf = (id: string) => data?.compare.find((c) => c.storeId === id);
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, takingsCents: data?.hourly.find((h) => h.hour === hour)?.takingsCents ?? 0 }));

  return (
    <>
      <div className="title-row">
        <h1>{t('nav.dashboard')}</h1>
        <p className={live ? 'live on' : 'live'} aria-live="polite">
          <span aria-hidden="true">●</span> {live ? t('app.live') : t('app.offline')}
          {updatedAt ? ` · ${t('app.updatedAt', { time: updatedAt.toLocaleTimeString(lang) })}` : ''}
        </p>
      </div>
      <form className="filters" aria-label={t('dash.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('dash.from')}
          <input type="date" value={from} onChange={(e) => setRange({ from: e.target.value, to: e.target.value > to ? e.target.value : to })} required />
        </label>
        <label>
          {t('dash.to')}
          <input type="date" value={to} onChange={(e) => setRange({ from: e.target.value < from ? e.target.value : from, to: e.target.value })} required />
        </label>
        {range !== null ? (
          <button type="button" className="secondary" onClick={() => setRange(null)}>
            {t('dash.today')}
          </button>
        ) : null}
        <label>
          {t('dash.store')}
          <select value={store} onChange={(e) => setStore(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            <NamedOptions items={stores} />
          </select>
        </label>
        <label>
          {t('dash.register')}
          <select value={register} onChange={(e) => setRegister(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            <NamedOptions items={data?.registers ?? []} />
          </select>
        </label>
        <label>
          {t('dash.cashier')}
          <select value={cashier} onChange={(e) => setCashier(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            <NamedOptions items={data?.cashiers ?? []} />
          </select>
        </label>
      </form>
      <ErrorNote message={error} />
      <section className="kpis" aria-label={t('dash.takings')}>
        <div className="kpi">
          <h2>{t('dash.takings')}</h2>
          <p className="value" data-testid="kpi-takings">
            {money(total.takingsCents, lang)}
          </p>
          <p className="delta">{t('dash.vsLastWeek', { value: change(total.takingsCents, before.takingsCents) })}</p>
        </div>
        <div className="kpi">
          <h2>{t('dash.tickets')}</h2>
          <p className="value" data-testid="kpi-tickets">
            {total.tickets}
          </p>
          <p className="delta">{t('dash.vsLastWeek', { value: change(total.tickets, before.tickets) })}</p>
        </div>
        <div className="kpi">
          <h2>{t('dash.average')}</h2>
          <p className="value">{money(average, lang)}</p>
          <p className="delta">{t('dash.vsLastWeek', { value: change(average, averageBefore) })}</p>
        </div>
        <div className="kpi">
          <h2>{t('dash.itemsPerTicket')}</h2>
          <p className="value">{ipt.toLocaleString(lang, { maximumFractionDigits: 2 })}</p>
          <p className="delta">{t('dash.vsLastWeek', { value: change(ipt, iptBefore) })}</p>
        </div>
      </section>

      <DataTable
        title={t('dash.byStore')}
        file="stores"
        rows={data?.stores ?? []}
        columns={[
          { header: t('dash.store'), cell: (r) => storeName(r.storeId), csv: (r) => storeName(r.storeId) },
          { header: t('dash.takings'), cell: (r) => money(r.takingsCents, lang), csv: (r) => csvAmount(r.takingsCents), numeric: true },
          { header: t('dash.tickets'), cell: (r) => r.tickets, csv: (r) => r.tickets, numeric: true },
          {
            header: t('dash.average'),
            cell: (r) => money(r.tickets ? Math.round(r.takingsCents / r.tickets) : 0, lang),
            csv: (r) => csvAmount(r.tickets ? Math.round(r.takingsCents / r.tickets) : 0),
            numeric: true,
          },
          {
            header: t('dash.itemsPerTicket'),
            cell: (r) => (r.tickets ? r.itemsMilli / 1000 / r.tickets : 0).toLocaleString(lang, { maximumFractionDigits: 2 }),
            csv: (r) => (r.tickets ? r.itemsMilli / 1000 / r.tickets : 0).toFixed(2),
            numeric: true,
          },
          { header: t('dash.returns'), cell: (r) => r.returns, csv: (r) => r.returns, numeric: true },
          { header: t('dash.voids'), cell: (r) => r.voids, csv: (r) => r.voids, numeric: true },
          {
            header: t('dash.vsLastWeek', { value: '' }).replace(/:\s*$/, ''),
            cell: (r) => change(r.takingsCents, compareOf(r.storeId)?.takingsCents ?? 0),
            csv: (r) => csvAmount(compareOf(r.storeId)?.takingsCents ?? 0),
            numeric: true,
          },
        ]}
      />

      <section className="card" aria-label={t('dash.byHour')}>
        <h2>{t('dash.byHour')}</h2>
        <div className="chart" role="img" aria-label={t('dash.byHour')}>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={hours.map((h) => ({ hour: h.hour, euro: h.takingsCents / 100 }))}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="hour" tickFormatter={(h: number) => `${h}`} />
              <YAxis width={56} />
              <Tooltip formatter={(v) => money(Number(v) * 100, lang)} labelFormatter={(h) => `${String(h)}:00`} />
              {/* No grow-in animation: the chart redraws on every live sale and must not jump. */}
              <Bar dataKey="euro" fill="#1f6feb" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <DataTable
        title={t('dash.byHour')}
        file="hours"
        rows={data?.hourly ?? []}
        columns={[
          { header: t('dash.hour'), cell: (r) => `${String(r.hour).padStart(2, '0')}:00`, csv: (r) => r.hour },
          { header: t('dash.takings'), cell: (r) => money(r.takingsCents, lang), csv: (r) => csvAmount(r.takingsCents), numeric: true },
          { header: t('dash.tickets'), cell: (r) => r.tickets, csv: (r) => r.tickets, numeric: true },
        ]}
      />
      <DataTable
        title={t('dash.topProducts')}
        file="products"
        rows={data?.topProducts ?? []}
        columns={[
          { header: t('dash.product'), cell: (r) => r.description, csv: (r) => r.description },
          { header: t('dash.quantity'), cell: (r) => (r.quantityMilli / 1000).toLocaleString(lang), csv: (r) => r.quantityMilli / 1000, numeric: true },
          { header: t('dash.amount'), cell: (r) => money(r.totalCents, lang), csv: (r) => csvAmount(r.totalCents), numeric: true },
        ]}
      />
      <DataTable
        title={t('dash.categories')}
        file="categories"
        rows={data?.categories ?? []}
        columns={[
          { header: t('dash.category'), cell: (r) => r.name || t('dash.noCategory'), csv: (r) => r.name },
          { header: t('dash.quantity'), cell: (r) => (r.quantityMilli / 1000).toLocaleString(lang), csv: (r) => r.quantityMilli / 1000, numeric: true },
          { header: t('dash.amount'), cell: (r) => money(r.totalCents, lang), csv: (r) => csvAmount(r.totalCents), numeric: true },
        ]}
      />
      <DataTable
        title={t('dash.payments')}
        file="payments"
        rows={data?.payments ?? []}
        columns={[
          { header: t('dash.method'), cell: (r) => t(`method.${r.method}`, { defaultValue: r.method }), csv: (r) => r.method },
          { header: t('dash.count'), cell: (r) => r.payments, csv: (r) => r.payments, numeric: true },
          { header: t('dash.amount'), cell: (r) => money(r.amountCents, lang), csv: (r) => csvAmount(r.amountCents), numeric: true },
        ]}
      />
      <DataTable
        title={t('dash.vat')}
        file="vat"
        rows={data?.vat ?? []}
        columns={[
          { header: t('dash.day'), cell: (r) => r.businessDay, csv: (r) => r.businessDay },
          { header: t('dash.rate'), cell: (r) => (/^\d+$/.test(r.vatCode) ? `${r.vatCode}%` : r.vatCode), csv: (r) => r.vatCode },
          { header: t('dash.gross'), cell: (r) => money(r.grossCents, lang), csv: (r) => csvAmount(r.grossCents), numeric: true },
          { header: t('dash.net'), cell: (r) => money(r.netCents, lang), csv: (r) => csvAmount(r.netCents), numeric: true },
          { header: t('dash.tax'), cell: (r) => money(r.vatCents, lang), csv: (r) => csvAmount(r.vatCents), numeric: true },
        ]}
      />
    </>
  );
}
