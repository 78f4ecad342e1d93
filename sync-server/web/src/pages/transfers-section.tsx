import { parseQuantityText } from '@cassa/shared';
import type { HeadOfficeMe, Product, StockTransferLineInput, StockTransferView } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { errorText } from '../error-text';
import { dateTime } from '../i18n';
import { DataTable } from '../table';
import { useAsync, useWrite } from '../use-async';
import { NamedOptions } from '../named-options';

interface PickedLine extends StockTransferLineInput {
  readonly label: string;
}

/** SKUs and barcodes of every variant, lower-cased, to what a transfer line shows. */
function variantIndex(products: readonly Product[]): Map<string, { variantId: string; label: string }> {
  const index = new Map<string, { variantId: string; label: string }>();
  for (const product of products) {
    for (const variant of product.variants) {
      const options = Object.values(variant.options).join(' / ');
      const entry = { variantId: variant.id, label: `${product.name}${options ? ` · ${options}` : ''} (${variant.sku})` };
      for (const code of [variant.sku, ...variant.barcodes]) index.set(code.toLowerCase(), entry);
    }
  }
  return index;
}

/**
 * Sending stock from one store to another and booking it in on arrival. The goods leave the
 * source's stock when sent and reach the destination's when someone there presses "received".
 */
export function TransfersSection({ me, onBooked }: { me: HeadOfficeMe; onBooked: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const stores = useAsync(() => hoClient.call('stock.stores'), []);
  const transfers = useAsync(() => hoClient.call('transfers.list'), []);
  const canWrite = me.role !== 'viewer';
  // Read when the first code is entered, not with the page: most visits only look at stock.
  const [index, setIndex] = useState<Promise<ReturnType<typeof variantIndex>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lines, setLines] = useState<PickedLine[]>([]);
  const run = useWrite(setError, () => Promise.all([transfers.reload(), onBooked()]));
  const mine = (storeId: string) => me.storeIds.length === 0 || me.storeIds.includes(storeId);
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;
  const sources = (stores.data ?? []).filter((s) => mine(s.id));

  async function addLine(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const target = e.currentTarget;
    const form = new FormData(target);
    const code = String(form.get('code')).trim();
    const loading = index ?? hoClient.call('catalogue.get').then((c) => variantIndex(c.products));
    if (index === null) setIndex(loading);
    let found: { variantId: string; label: string } | undefined;
    try {
      found = (await loading).get(code.toLowerCase());
    } catch (err) {
      setIndex(null);
      return setError(errorText(err));
    }
    if (!found) return setError(t('transfer.unknownCode', { code }));
    const quantityMilli = parseQuantityText(String(form.get('quantity')));
    if (quantityMilli === null || quantityMilli <= 0) return setError(t('transfer.badQuantity'));
    setError(null);
    setLines((current) => {
      const same = current.find((l) => l.variantId === found.variantId);
      return same
        ? current.map((l) => (l === same ? { ...l, quantityMilli: l.quantityMilli + quantityMilli } : l))
        : [...current, { variantId: found.variantId, label: found.label, quantityMilli }];
    });
    target.reset();
    (target.elements.namedItem('code') as HTMLInputElement | null)?.focus();
  }

  async function send(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      fromStoreId: String(form.get('from')),
      toStoreId: String(form.get('to')),
      note: String(form.get('note') ?? ''),
      lines: lines.map(({ variantId, quantityMilli }) => ({ variantId, quantityMilli })),
    };
    const target = e.currentTarget;
    if (await run(() => hoClient.call('transfers.create', body))) {
      setLines([]);
      target.reset();
    }
  }

  const quantity = (milli: number) => (milli / 1000).toLocaleString(lang);
  const summary = (transfer: StockTransferView) => transfer.lines.map((l) => `${l.productName} (${l.sku}) × ${quantity(l.quantityMilli)}`).join('; ');

  return (
    <>
      <ErrorNote message={error ?? transfers.error} />
      {canWrite ? (
        <section className="card" aria-label={t('transfer.new')}>
          <h2>{t('transfer.new')}</h2>
          <form className="inline" aria-label={t('transfer.addLine')} onSubmit={(e) => void addLine(e)}>
            <label>
              {t('transfer.code')}
              <input name="code" required autoComplete="off" maxLength={64} />
            </label>
            <label>
              {t('dash.quantity')}
              <input name="quantity" defaultValue="1" required inputMode="decimal" size={6} />
            </label>
            <button type="submit" className="secondary">
              {t('transfer.addLine')}
            </button>
          </form>
          {lines.length > 0 ? (
            <ul className="transfer-lines" aria-label={t('transfer.lines')}>
              {lines.map((l) => (
                <li key={l.variantId}>
                  <span>
                    {l.label} × <strong>{quantity(l.quantityMilli)}</strong>
                  </span>
                  <button type="button" className="secondary" aria-label={t('transfer.removeLine', { item: l.label })} onClick={() => setLines((c) => c.filter((x) => x !== l))}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">{t('transfer.noLines')}</p>
          )}
          <form className="inline" aria-label={t('transfer.send')} onSubmit={(e) => void send(e)}>
            <label>
              {t('transfer.fromStore')}
              <select name="from" required>
                <NamedOptions items={sources} />
              </select>
            </label>
            <label>
              {t('transfer.toStore')}
              <select name="to" required defaultValue="">
                <option value="" disabled>
                  —
                </option>
                <NamedOptions items={stores.data ?? []} />
              </select>
            </label>
            <label>
              {t('transfer.note')}
              <input name="note" maxLength={500} />
            </label>
            <button type="submit" disabled={lines.length === 0}>
              {t('transfer.send')}
            </button>
          </form>
        </section>
      ) : null}
      <DataTable
        title={t('transfer.title')}
        file="transfers"
        rows={transfers.data ?? []}
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
    </>
  );
}
