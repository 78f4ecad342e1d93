/**
 * @module
 * How Cassa's variants are linked to the channel's items: filtered by state, searched, a page at
 * a time. A variant in conflict or not linked is linked by hand by typing the remote product (and
 * variant) id; a linked one can be unlinked. Owners only write; the others read.
 */
import { channelLinkNoteText, channelMappingStateSchema } from '@cassa/shared';
import type { ChannelAccountView, ChannelMappingRow, ChannelMappingState } from '@cassa/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { Table } from '../table';
import { pageLanguage } from './channels-format';
import { Pager } from './channels-pager';
import { useReloadWhen } from './channels-reload';
import { useAsync, useWrite } from '../use-async';
import type { RunWrite } from '../use-async';

const PAGE = 50;
const states = channelMappingStateSchema.options;

function rowName(row: ChannelMappingRow): string {
  return row.options ? `${row.productName} (${row.options})` : row.productName || row.remoteTitle;
}

function LinkByHand({ accountId, row, run, onDone }: { accountId: string; row: ChannelMappingRow; run: RunWrite; onDone: () => void }) {
  const { t } = useTranslation();
  const [product, setProduct] = useState(row.remoteProductId ?? '');
  const [variant, setVariant] = useState(row.remoteVariantId ?? '');
  const variantId = row.variantId;
  if (variantId === null) return null;
  return (
    <form
      className="inline"
      aria-label={t('channels.linkByHand', { name: rowName(row) })}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => hoClient.call('channels.setMapping', { accountId, variantId, remote: { remoteProductId: product.trim(), remoteVariantId: variant.trim() } })).then((ok) => ok && onDone());
      }}
    >
      <label>
        {t('channels.remoteProductId')}
        <input value={product} required maxLength={120} onChange={(e) => setProduct(e.target.value)} />
      </label>
      <label>
        {t('channels.remoteVariantId')}
        <input value={variant} maxLength={120} onChange={(e) => setVariant(e.target.value)} />
      </label>
      <button type="submit">{t('channels.linkHere')}</button>
      <button type="button" className="secondary" onClick={onDone}>
        {t('channels.cancel')}
      </button>
    </form>
  );
}

export function ChannelMapping({ channel, canWrite, version, onChanged }: { channel: ChannelAccountView; canWrite: boolean; version: number; onChanged: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<ChannelMappingState | ''>('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  // `version` moves on after a first link or a reconciliation elsewhere on the page.
  const mapping = useAsync(() => hoClient.call('channels.mapping', { accountId: channel.id, state, offset, limit: PAGE, ...(query ? { q: query } : {}) }), [channel.id, state, query, offset]);
  useReloadWhen(mapping.reload, version);
  const run = useWrite(setError, () => Promise.all([mapping.reload(), onChanged()]));
  const data = mapping.data;
  const total = data?.total ?? 0;
  return (
    <section className="card" aria-label={t('channels.mappingTitle')}>
      <h3>{t('channels.mappingTitle')}</h3>
      {data && <p className="hint">{t('channels.linkCounts', { ...data.counts })}</p>}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('channels.mappingState')}
          <select
            value={state}
            onChange={(e) => {
              setState(e.target.value as ChannelMappingState | '');
              setOffset(0);
            }}
          >
            <option value="">{t('dash.all')}</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {t(`channels.mappingStates.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('channels.search')}
          <input type="search" value={search} maxLength={64} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </form>
      <ErrorNote message={error ?? mapping.error} />
      <div className="scroll">
        <Table
          rows={data?.rows ?? []}
          rowKey={(r, i) => r.variantId ?? `remote-${r.remoteProductId ?? ''}-${r.remoteVariantId ?? ''}-${i}`}
          empty={t('dash.empty')}
          columns={[
            { header: t('channels.mappingState'), cell: (r) => <span className={`tag ${r.state === 'matched' ? 'good' : 'warn'}`}>{t(`channels.mappingStates.${r.state}`)}</span> },
            { header: t('channels.product'), cell: (r) => (r.variantId === null ? '—' : rowName(r)) },
            { header: t('channels.sku'), cell: (r) => [r.sku, r.barcode].filter(Boolean).join(' · ') },
            {
              header: t('channels.remote'),
              cell: (r) => (r.remoteProductId === null ? '—' : [r.remoteTitle, r.remoteSku, [r.remoteProductId, r.remoteVariantId].filter(Boolean).join('/')].filter(Boolean).join(' · ')),
            },
            { header: t('channels.whyNot'), cell: (r) => channelLinkNoteText(r.detail, pageLanguage(i18n.language)) },
            { header: t('channels.quantities'), cell: (r) => `${r.lastPushedQuantity ?? '—'} / ${r.lastSeenQuantity ?? '—'}`, numeric: true },
            {
              header: '',
              cell: (r) => {
                if (!canWrite || r.variantId === null) return null;
                if (editing === r.variantId) return <LinkByHand accountId={channel.id} row={r} run={run} onDone={() => setEditing(null)} />;
                return (
                  <span className="actions">
                    {r.state !== 'matched' && (
                      <button type="button" className="secondary" aria-label={t('channels.linkByHand', { name: rowName(r) })} onClick={() => setEditing(r.variantId)}>
                        {t('channels.linkByHandShort')}
                      </button>
                    )}
                    {r.remoteProductId !== null && (
                      <button type="button" className="secondary" aria-label={t('channels.unlink', { name: rowName(r) })} onClick={() => void run(() => hoClient.call('channels.setMapping', { accountId: channel.id, variantId: r.variantId ?? '', remote: null }))}>
                        {t('channels.unlinkShort')}
                      </button>
                    )}
                  </span>
                );
              },
            },
          ]}
        />
      </div>
      <Pager offset={offset} size={PAGE} total={total} onOffset={setOffset} />
    </section>
  );
}
