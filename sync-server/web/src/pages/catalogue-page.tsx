import type { HeadOfficeMe, RegisterView, StoreView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { useAsync, useWrite } from '../use-async';
import { StreamTags } from '../stream-tags';
import { ImportSection } from './catalogue-import-section';
import { NewProductSection } from './catalogue-new-product';
import { ProductItem } from './catalogue-product-item';

/**
 * The chain's catalogue: new products and categories, the list with prices (and each store's own),
 * which tills have pulled it, and the CSV import. Owners and managers of every store write the
 * catalogue; any manager sets the prices of their stores.
 */
export function CataloguePage({ me }: { me: HeadOfficeMe }) {
  const { t } = useTranslation();
  const catalogue = useAsync(() => hoClient.call('catalogue.get'), []);
  const stores = useAsync(() => hoClient.call('stores.list'), []);
  const registers = useAsync(() => hoClient.call('registers.list'), []);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const canWriteCatalogue = me.role === 'owner' || (me.role === 'manager' && me.storeIds.length === 0);
  const canWritePrices = me.role !== 'viewer';

  const write = useWrite(setError, () => Promise.all([catalogue.reload(), registers.reload()]));
  const run = async (work: () => Promise<unknown>) => {
    setStatus((await write(work)) ? t('cat.saved') : null);
  };

  const categories = catalogue.data?.categories ?? [];
  const products = (catalogue.data?.products ?? []).filter(
    (p) => query === '' || `${p.name} ${p.sku} ${p.variants.flatMap((v) => v.barcodes).join(' ')}`.toLowerCase().includes(query.toLowerCase()),
  );

  return (
    <>
      <h1>{t('cat.title')}</h1>
      <ErrorNote message={error ?? catalogue.error} />
      <p aria-live="polite" className="status">
        {status}
      </p>
      {canWriteCatalogue ? <NewProductSection categories={categories} run={run} setError={setError} /> : null}

      <section className="card" aria-label={t('cat.title')}>
        <div className="card-head">
          <h2>{t('cat.title')}</h2>
          <label>
            <span className="visually-hidden">{t('cat.search')}</span>
            <input type="search" aria-label={t('cat.search')} placeholder={t('cat.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
        </div>
        <ul className="products">
          {products.slice(0, 200).map((p) => (
            <ProductItem
              key={p.id}
              product={p}
              categories={categories}
              stores={stores.data ?? []}
              storePrices={catalogue.data?.storePrices ?? []}
              canWriteCatalogue={canWriteCatalogue}
              canWritePrices={canWritePrices}
              run={run}
            />
          ))}
        </ul>
      </section>

      <TillsSection registers={registers.data ?? []} stores={stores.data ?? []} />

      {canWriteCatalogue ? <ImportSection run={run} setError={setError} /> : null}
    </>
  );
}

/** Which active tills pulled the catalogue and prices, and when. */
function TillsSection({ registers, stores }: { registers: readonly RegisterView[]; stores: readonly StoreView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-label={t('cat.tills')}>
      <h2>{t('cat.tills')}</h2>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('stores.register')}</th>
              <th scope="col">{t('dash.store')}</th>
              <th scope="col">{t('stores.lastPull')}</th>
              <th scope="col">{t('stores.streams')}</th>
            </tr>
          </thead>
          <tbody>
            {registers
              .filter((r) => r.revokedAt === null)
              .map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{stores.find((s) => s.id === r.storeId)?.name ?? r.storeId}</td>
                  <td>{r.lastPullAt ? dateTime(r.lastPullAt, i18n.language) : t('stores.never')}</td>
                  <td>
                    <StreamTags streams={r.streams.filter((s) => s.stream === 'catalogue' || s.stream === 'prices')} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
