import { parseQuantityText } from '@cassa/shared';
import type { Product, StockTransferLineInput } from '@cassa/shared';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { errorText } from '../error-text';
import { NamedOptions } from '../named-options';
import type { RunWrite } from '../use-async';

interface PickedLine extends StockTransferLineInput {
  readonly label: string;
}

/** A store to send from or to: its id and name. */
interface StoreName {
  readonly id: string;
  readonly name: string;
}

type VariantIndex = Map<string, { variantId: string; label: string }>;

/** SKUs and barcodes of every variant, lower-cased, to what a transfer line shows. */
function variantIndex(products: readonly Product[]): VariantIndex {
  const index: VariantIndex = new Map();
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
 * A new transfer: lines picked by SKU or barcode (the same variant twice adds up), then sent from
 * one of the writer's stores to any store. `setError` is the section's error line.
 */
export function NewTransferCard({ stores, sources, run, setError }: { stores: readonly StoreName[]; sources: readonly StoreName[]; run: RunWrite; setError: (message: string | null) => void }) {
  const { t, i18n } = useTranslation();
  // Read when the first code is entered, not with the page: most visits only look at stock.
  const [index, setIndex] = useState<Promise<VariantIndex> | null>(null);
  const [lines, setLines] = useState<PickedLine[]>([]);
  const quantity = (milli: number) => (milli / 1000).toLocaleString(i18n.language);

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

  return (
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
            <NamedOptions items={stores} />
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
  );
}
