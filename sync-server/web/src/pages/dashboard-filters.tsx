import type { DashboardView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { NamedOptions } from '../named-options';
import { channelLabel } from './channels-format';
import type { DashboardFilters } from './use-dashboard';

/** The range, store (or sales channel), register and cashier pickers; registers, cashiers and channels are the ones the figures name. */
export function DashboardFilterForm({ filters, data }: { filters: DashboardFilters; data: DashboardView | null }) {
  const { t } = useTranslation();
  const { filter, range, setRange, stores } = filters;
  const { from, to } = filter;
  return (
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
        <select value={filter.store} onChange={(e) => filters.setStore(e.target.value)}>
          <option value="">{t('dash.all')}</option>
          <NamedOptions items={stores} />
          {/* Issue 18: a channel's orders count as takings under its account's id, next to the stores. */}
          {data && data.channels.length > 0 && (
            <optgroup label={t('channels.dashboardChannels')}>
              <NamedOptions items={data.channels.map((c) => ({ id: c.id, name: channelLabel(c) }))} />
            </optgroup>
          )}
        </select>
      </label>
      <label>
        {t('dash.register')}
        <select value={filter.register} onChange={(e) => filters.setRegister(e.target.value)}>
          <option value="">{t('dash.all')}</option>
          <NamedOptions items={data?.registers ?? []} />
        </select>
      </label>
      <label>
        {t('dash.cashier')}
        <select value={filter.cashier} onChange={(e) => filters.setCashier(e.target.value)}>
          <option value="">{t('dash.all')}</option>
          <NamedOptions items={data?.cashiers ?? []} />
        </select>
      </label>
    </form>
  );
}
