import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../app';
import { DashboardFilterForm } from './dashboard-filters';
import { DashboardKpis, HourlyTakings, SalesBreakdowns, StoreTotalsTable } from './dashboard-sections';
import { useDashboard, useDashboardFilters } from './use-dashboard';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const filters = useDashboardFilters();
  const { data, error, live, updatedAt } = useDashboard(filters.filter);
  return (
    <>
      <div className="title-row">
        <h1>{t('nav.dashboard')}</h1>
        <p className={live ? 'live on' : 'live'} aria-live="polite">
          <span aria-hidden="true">●</span> {live ? t('app.live') : t('app.offline')}
          {updatedAt ? ` · ${t('app.updatedAt', { time: updatedAt.toLocaleTimeString(i18n.language) })}` : ''}
        </p>
      </div>
      <DashboardFilterForm filters={filters} data={data} />
      <ErrorNote message={error} />
      <DashboardKpis data={data} />

      <StoreTotalsTable data={data} stores={filters.stores} />

      <HourlyTakings data={data} />
      <SalesBreakdowns data={data} />
    </>
  );
}
