import type { HeadOfficeMe, StockTransferView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { DataTable } from '../table';
import { useAsync, useWrite } from '../use-async';
import type { RunWrite } from '../use-async';
import { NewTransferCard } from './transfer-new';

/**
 * Sending stock from one store to another and booking it in on arrival. The goods leave the
 * source's stock when sent and reach the destination's when someone there presses "received".
 */
export function TransfersSection({ me, onBooked }: { me: HeadOfficeMe; onBooked: () => Promise<unknown> }) {
  const stores = useAsync(() => hoClient.call('stock.stores'), []);
  const transfers = useAsync(() => hoClient.call('transfers.list'), []);
  const canWrite = me.role !== 'viewer';
  const [error, setError] = useState<string | null>(null);
  const run = useWrite(setError, () => Promise.all([transfers.reload(), onBooked()]));
  const mine = (storeId: string) => me.storeIds.length === 0 || me.storeIds.includes(storeId);
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;
  const sources = (stores.data ?? []).filter((s) => mine(s.id));
  return (
    <>
      <ErrorNote message={error ?? transfers.error} />
      {canWrite ? <NewTransferCard stores={stores.data ?? []} sources={sources} run={run} setError={setError} /> : null}
      <TransfersTable transfers={transfers.data ?? []} storeName={storeName} mine={mine} canWrite={canWrite} run={run} />
    </>
  );
}

interface TransfersTableProps {
  readonly transfers: readonly StockTransferView[];
  readonly storeName: (id: string) => string;
  /** Whether the user works at a store (and so may receive or cancel for it). */
  readonly mine: (storeId: string) => boolean;
  readonly canWrite: boolean;
  readonly run: RunWrite;
}

/** Every transfer; one in transit is received by its destination or cancelled by its source. */
function TransfersTable({ transfers, storeName, mine, canWrite, run }: TransfersTableProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const quantity = (milli: number) => (milli / 1000).toLocaleString(lang);
  const summary = (transfer: StockTransferView) => transfer.lines.map((l) => `${l.productName} (${l.sku}) × ${quantity(l.quantityMilli)}`).join('; ');
  const countedText = (transfer: StockTransferView) => {
    if (transfer.receivedLines === null) return '';
    const counted = new Map(transfer.receivedLines.map((l) => [l.variantId, l.quantityMilli]));
    const differences = transfer.lines
      .map((l) => ({ name: l.productName, difference: (counted.get(l.variantId) ?? 0) - l.quantityMilli }))
      .filter((d) => d.difference !== 0)
      .map((d) => `${d.name} ${d.difference > 0 ? '+' : ''}${quantity(d.difference)}`);
    const by = t('transfer.countedAt', { register: transfer.receivedByRegister ?? '' });
    const problem = transfer.problem === null ? '' : ` · ${t(`transfer.problem.${transfer.problem}`)}`;
    return `${by}: ${differences.length === 0 ? t('transfer.asSent') : differences.join('; ')}${problem}`;
  };
  return (
    <DataTable
      title={t('transfer.title')}
      file="transfers"
      rows={transfers}
      empty={t('transfer.empty')}
      columns={[
        { header: t('transfer.sentAt'), cell: (r) => dateTime(r.createdAt, lang), csv: (r) => r.createdAt },
        { header: t('transfer.from'), cell: (r) => storeName(r.fromStoreId), csv: (r) => storeName(r.fromStoreId) },
        { header: t('transfer.to'), cell: (r) => storeName(r.toStoreId), csv: (r) => storeName(r.toStoreId) },
        { header: t('transfer.lines'), cell: (r) => summary(r), csv: (r) => summary(r) },
        {
          header: t('transfer.status'),
          cell: (r) => (
            <span className={r.status === 'in-transit' ? 'warn' : r.status === 'received' ? 'good' : undefined}>
              {t(`transfer.${r.status}`)}
              {r.closedBy ? <small> · {r.closedBy}</small> : null}
            </span>
          ),
          csv: (r) => r.status,
        },
        // Issue 17: what the receiving till counted, as a difference from what was sent.
        { header: t('transfer.counted'), cell: (r) => countedText(r), csv: (r) => countedText(r) },
        { header: t('transfer.by'), cell: (r) => r.createdBy, csv: (r) => r.createdBy },
        { header: t('transfer.note'), cell: (r) => r.note, csv: (r) => r.note },
        {
          header: '',
          cell: (r) =>
            canWrite && r.status === 'in-transit' ? (
              <div className="actions">
                {mine(r.toStoreId) ? (
                  <button type="button" aria-label={t('transfer.receiveAt', { store: storeName(r.toStoreId) })} onClick={() => void run(() => hoClient.call('transfers.receive', { id: r.id }))}>
                    {t('transfer.receive')}
                  </button>
                ) : null}
                {mine(r.fromStoreId) ? (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (window.confirm(t('transfer.confirmCancel'))) void run(() => hoClient.call('transfers.cancel', { id: r.id }));
                    }}
                  >
                    {t('transfer.cancel')}
                  </button>
                ) : null}
              </div>
            ) : null,
          csv: () => '',
        },
      ]}
    />
  );
}
