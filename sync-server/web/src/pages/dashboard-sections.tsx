import { euroInputText } from '@cassa/shared';
import type { DashboardView, StoreView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { money } from '../i18n';
import { DataTable } from '../table';
import { storeOrChannelName } from './channels-format';
import { averageTicketCents, change, sum } from './dashboard-figures';

/** An amount for a spreadsheet cell: a decimal point, no grouping, whatever the page's language. */
const csvAmount = (cents: number): string => euroInputText(cents, 'en');

/** Takings, tickets, average ticket and items per ticket, each beside the same days a week earlier. */
export function DashboardKpis({ data }: { data: DashboardView | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const total = sum(data?.stores ?? []);
  const before = sum(data?.compare ?? []);
  const average = averageTicketCents(total);
  const averageBefore = averageTicketCents(before);
  const ipt = total.tickets > 0 ? total.itemsMilli / 1000 / total.tickets : 0;
  const iptBefore = before.tickets > 0 ? before.itemsMilli / 1000 / before.tickets : 0;
  return (
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
  );
}

/** One row per store with its figures and its takings' change on a week earlier. */
export function StoreTotalsTable({ data, stores }: { data: DashboardView | null; stores: readonly StoreView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // A row may be a sales channel's orders (issue 18): "PrestaShop · Negozio online".
  const storeName = (id: string) => storeOrChannelName(id, stores, data?.channels ?? []);
  const compareOf = (id: string) => data?.compare.find((c) => c.storeId === id);
  return (
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
          cell: (r) => money(averageTicketCents(r), lang),
          csv: (r) => csvAmount(averageTicketCents(r)),
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
  );
}

/** Takings by hour of the day: a bar chart of all 24 hours, then the hours the server listed as a table. */
export function HourlyTakings({ data }: { data: DashboardView | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, takingsCents: data?.hourly.find((h) => h.hour === hour)?.takingsCents ?? 0 }));
  return (
    <>
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
    </>
  );
}

/** What sold (top products, categories), how it was paid and the VAT on it. */
export function SalesBreakdowns({ data }: { data: DashboardView | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
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
