import type { HeadOfficeMe, StoreView } from '@cassa/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { DataTable } from '../table';
import { useAsync } from '../use-async';
import { TransfersSection } from './transfers-section';
import { NamedOptions } from '../named-options';

export function StockPage({ me }: { me: HeadOfficeMe }) {
  const { t, i18n } = useTranslation();
  const [store, setStore] = useState('');
  const [low, setLow] = useState('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  // Typing a name asks the server once the typing pauses, not at every key.
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const stock = useAsync(
    () => hoClient.call('stock.levels', { ...(store ? { store } : {}), ...(low ? { low } : {}), ...(query ? { q: query } : {}) }),
    [store, low, query],
  );
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;
  return (
    <>
      <h1>{t('stock.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('dash.store')}
          <select value={store} onChange={(e) => setStore(e.target.value)}>
            <option value="">{t('dash.all')}</option>
            <NamedOptions items={stores.data ?? []} />
          </select>
        </label>
        <label>
          {t('stock.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} maxLength={100} />
        </label>
        <label>
          {t('stock.low')}
          <input type="number" value={low} onChange={(e) => setLow(e.target.value)} inputMode="numeric" />
        </label>
      </form>
      <ErrorNote message={stock.error} />
      <DataTable
        title={t('stock.title')}
        file="stock"
        rows={stock.data ?? []}
        empty={t('stock.empty')}
        columns={[
          { header: t('dash.store'), cell: (r) => storeName(r.storeId), csv: (r) => storeName(r.storeId) },
          { header: t('dash.product'), cell: (r) => r.productName, csv: (r) => r.productName },
          { header: t('cat.sku'), cell: (r) => r.sku, csv: (r) => r.sku },
          {
            header: t('stock.onHand'),
            cell: (r) => <span className={r.onHandMilli <= 0 ? 'bad' : undefined}>{(r.onHandMilli / 1000).toLocaleString(i18n.language)}</span>,
            csv: (r) => r.onHandMilli / 1000,
            numeric: true,
          },
        ]}
      />
      <TransfersSection me={me} onBooked={stock.reload} />
    </>
  );
}
