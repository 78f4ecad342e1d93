/**
 * @module
 * The orders the channels brought in, newest first, filtered by channel and status: where their
 * stock was reserved, a duplicate of another order of the same cart (imported once, PrestaShop
 * #17266) and lines no variant matches (nothing reserved for them) are said in words.
 */
import { channelOrderStatuses, euroInputText } from '@cassa/shared';
import type { ChannelAccountView, ChannelOrderStatus, StoreView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime, money } from '../i18n';
import { NamedOptions } from '../named-options';
import { DataTable } from '../table';
import { Pager } from './channels-pager';
import { useReloadWhen } from './channels-reload';
import { useAsync } from '../use-async';
import { channelLabel } from './channels-format';

const PAGE = 100;

export function ChannelOrders({ channels, stores, version }: { channels: readonly ChannelAccountView[]; stores: readonly StoreView[]; version: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [accountId, setAccountId] = useState('');
  const [status, setStatus] = useState<ChannelOrderStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const orders = useAsync(() => hoClient.call('channels.orders', { accountId, status, offset, limit: PAGE }), [accountId, status, offset]);
  useReloadWhen(orders.reload, version);
  const rows = orders.data?.rows ?? [];
  const total = orders.data?.total ?? 0;
  const channelName = (id: string) => {
    const c = channels.find((x) => x.id === id);
    return c ? channelLabel(c) : id;
  };
  const storeName = (id: string | null) => (id === null ? '—' : (stores.find((s) => s.id === id)?.name ?? id));
  const referenceOf = (id: string) => rows.find((o) => o.id === id)?.reference ?? id;
  const notes = (o: (typeof rows)[number]) =>
    [o.duplicateOf !== null ? t('channels.duplicateOf', { reference: referenceOf(o.duplicateOf) }) : '', o.unmatchedLines > 0 ? t('channels.unmatchedLines', { count: o.unmatchedLines }) : ''].filter(Boolean).join(' · ');
  return (
    <>
      <h2>{t('channels.ordersTitle')}</h2>
      <form className="filters" aria-label={t('channels.ordersTitle')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('channels.columns.name')}
          <select value={accountId} onChange={(e) => { setAccountId(e.target.value); setOffset(0); }}>
            <option value="">{t('channels.allChannels')}</option>
            <NamedOptions items={channels.map((c) => ({ id: c.id, name: channelLabel(c) }))} />
          </select>
        </label>
        <label>
          {t('channels.orderStatus')}
          <select value={status} onChange={(e) => { setStatus(e.target.value as ChannelOrderStatus | ''); setOffset(0); }}>
            <option value="">{t('dash.all')}</option>
            {channelOrderStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`channels.orderStatuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorNote message={orders.error} />
      <DataTable
        title={t('channels.ordersTitle')}
        file="channel-orders"
        rows={rows}
        empty={t('channels.ordersEmpty')}
        columns={[
          { header: t('channels.placedAt'), cell: (o) => dateTime(o.placedAt, lang), csv: (o) => o.placedAt },
          { header: t('channels.columns.name'), cell: (o) => channelName(o.accountId), csv: (o) => channelName(o.accountId) },
          { header: t('channels.order'), cell: (o) => o.reference || o.remoteOrderId, csv: (o) => o.reference || o.remoteOrderId },
          { header: t('channels.orderStatus'), cell: (o) => t(`channels.orderStatuses.${o.status}`), csv: (o) => o.status },
          { header: t('channels.buyer'), cell: (o) => o.buyerName, csv: (o) => o.buyerName },
          { header: t('channels.lines'), cell: (o) => o.lines, csv: (o) => o.lines, numeric: true },
          {
            header: t('channels.total'),
            // Channel orders may be in another currency (Amazon.de, eBay UK): euro only when it is euro.
            cell: (o) => (o.currency === 'EUR' ? money(o.totalCents, lang) : `${euroInputText(o.totalCents, lang)} ${o.currency}`),
            csv: (o) => `${euroInputText(o.totalCents, 'en')} ${o.currency}`,
            numeric: true,
          },
          { header: t('channels.reservedAt'), cell: (o) => storeName(o.storeId), csv: (o) => storeName(o.storeId) },
          { header: '', cell: (o) => <span className="warn">{notes(o)}</span>, csv: (o) => notes(o) },
        ]}
      />
      <Pager offset={offset} size={PAGE} total={total} onOffset={setOffset} />
    </>
  );
}
