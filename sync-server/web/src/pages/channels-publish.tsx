/**
 * @module
 * "Pubblica su PrestaShop": the owner picks catalogue products (searched by name or code) and head
 * office queues their creation on the shop with their size × colour combinations.
 */
import type { ChannelAccountView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { useAsync, useWrite } from '../use-async';

/** The contract takes at most this many products per call. */
const MAX = 500;

export function PublishProducts({ channel, onChanged }: { channel: ChannelAccountView; onChanged: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const catalogue = useAsync(() => hoClient.call('catalogue.get'), []);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useWrite(setError, onChanged);
  const needle = search.trim().toLowerCase();
  const products = (catalogue.data?.products ?? []).filter((p) => p.active && (needle === '' || p.name.toLowerCase().includes(needle) || p.sku.toLowerCase().includes(needle)));
  const toggle = (id: string) => setPicked(picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id].slice(0, MAX));
  return (
    <details className="card channel-publish">
      <summary>{t('channels.publishTitle')}</summary>
      <p className="hint">{t('channels.publishHelp')}</p>
      <label>
        {t('channels.search')}
        <input type="search" value={search} maxLength={64} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <ErrorNote message={error ?? catalogue.error} />
      <ul className="publish-list">
        {products.slice(0, 200).map((p) => (
          <li key={p.id}>
            <label className="check">
              <input type="checkbox" checked={picked.includes(p.id)} aria-label={t('channels.pick', { name: p.name })} onChange={() => toggle(p.id)} />
              {p.name} <small>{p.sku}{p.variants.length > 1 ? ` · ${p.variants.length}` : ''}</small>
            </label>
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={picked.length === 0}
        onClick={() =>
          void run(async () => {
            const { queued } = await hoClient.call('channels.publish', { accountId: channel.id, productIds: [...picked] });
            setPicked([]);
            setDone(t('channels.published', { queued }));
          })
        }
      >
        {t('channels.publish', { count: picked.length })}
      </button>
      {done && <p role="status" className="status">{done}</p>}
    </details>
  );
}
