import type { Category, Product, StorePrice, StoreView, Variant } from '@cassa/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { money } from '../i18n';
import { CategorySelect, categoryOf, ProductNameInput, VatSelect } from './catalogue-fields';
import { decimal, parseCents } from './catalogue-helpers';

type Run = (work: () => Promise<unknown>) => Promise<void>;

interface ItemProps {
  readonly product: Product;
  readonly categories: readonly Category[];
  readonly stores: readonly StoreView[];
  readonly storePrices: readonly StorePrice[];
  readonly canWriteCatalogue: boolean;
  readonly canWritePrices: boolean;
  readonly run: Run;
}

/** One product of the list: its price, its editor (for those who write the catalogue), its variants with each store's price. */
export function ProductItem(props: ItemProps) {
  const { product: p, categories, canWriteCatalogue, run } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const categoryName = categories.find((c) => c.id === p.categoryId)?.name ?? '—';
  function savePrice(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const cents = parseCents(String(new FormData(e.currentTarget).get('price')));
    if (cents === null) return;
    void run(() => hoClient.call('catalogue.saveProduct', { ...p, priceCents: cents }));
  }
  return (
    <li>
      <div className="product-head">
        <strong>{p.name}</strong> <small>{p.sku}</small> <small>IVA {p.vatCode}</small> <small>{categoryName}</small>
      </div>
      {canWriteCatalogue ? (
        <form className="inline" onSubmit={savePrice}>
          <input name="price" aria-label={t('cat.priceOf', { name: p.name })} defaultValue={decimal(p.priceCents, lang)} inputMode="decimal" key={p.priceCents} />
          <button type="submit" aria-label={t('cat.savePrice', { name: p.name })}>
            {t('stores.save')}
          </button>
        </form>
      ) : (
        <span>{money(p.priceCents, lang)}</span>
      )}
      {canWriteCatalogue ? <ProductEditor product={p} categories={categories} run={run} /> : null}
      <VariantPrices {...props} />
    </li>
  );
}

/** The product as its editor changed it; each variant's barcodes typed apart by spaces or commas. */
function editedProduct(p: Product, form: FormData): Product {
  return {
    ...p,
    name: String(form.get('name')).trim(),
    vatCode: String(form.get('vat')) as Product['vatCode'],
    categoryId: categoryOf(form),
    active: form.get('active') === 'on',
    variants: p.variants.map((v) => {
      const barcodes = String(form.get(`barcodes:${v.id}`) ?? '')
        .split(/[\s,]+/)
        .filter((b) => b.length > 0);
      return { ...v, barcodes };
    }),
  };
}

function ProductEditor({ product: p, categories, run }: { product: Product; categories: readonly Category[]; run: Run }) {
  const { t } = useTranslation();
  return (
    <details>
      <summary>{t('cat.edit', { name: p.name })}</summary>
      <form
        className="grid"
        aria-label={t('cat.edit', { name: p.name })}
        onSubmit={(e) => {
          e.preventDefault();
          const edited = editedProduct(p, new FormData(e.currentTarget));
          void run(() => hoClient.call('catalogue.saveProduct', edited));
        }}
      >
        <label>
          {t('cat.name')}
          <ProductNameInput defaultValue={p.name} />
        </label>
        <label>
          {t('cat.vat')}
          <VatSelect defaultValue={p.vatCode} />
        </label>
        <label>
          {t('cat.category')}
          <CategorySelect categories={categories} defaultValue={p.categoryId ?? ''} />
        </label>
        <label className="check">
          <input type="checkbox" name="active" defaultChecked={p.active} /> {t('cat.active')}
        </label>
        {p.variants.map((v) => (
          <label key={v.id}>
            {t('cat.barcodeOf', { variant: v.sku })}
            <input name={`barcodes:${v.id}`} defaultValue={v.barcodes.join(' ')} />
          </label>
        ))}
        <button type="submit">{t('stores.save')}</button>
      </form>
    </details>
  );
}

function VariantPrices({ product: p, stores, storePrices, canWritePrices, run }: ItemProps) {
  const { t } = useTranslation();
  return (
    <details>
      <summary>
        {t('cat.variants')} ({p.variants.length})
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('cat.sku')}</th>
            <th scope="col">{t('cat.barcode')}</th>
            {stores.map((s) => (
              <th scope="col" key={s.id}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.variants.map((v) => (
            <tr key={v.id}>
              <td>{v.sku}</td>
              <td>{v.barcodes.join(', ')}</td>
              {stores.map((s) => (
                <td key={s.id}>
                  <StorePriceCell product={p} variant={v} store={s} storePrice={storePrices.find((sp) => sp.storeId === s.id && sp.variantId === v.id)} canWrite={canWritePrices} run={run} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A store's own price for a variant: a field to set it (empty removes it), or the price that applies. */
function StorePriceCell(props: { product: Product; variant: Variant; store: StoreView; storePrice: StorePrice | undefined; canWrite: boolean; run: Run }) {
  const { product: p, variant: v, store: s, storePrice, run } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!props.canWrite) return <>{money(storePrice?.priceCents ?? v.priceCents ?? p.priceCents, lang)}</>;
  const label = `${p.name} ${Object.values(v.options).join(' ')}`.trim();
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const text = String(new FormData(e.currentTarget).get('price')).trim();
        const cents = text === '' ? null : parseCents(text);
        void run(() => hoClient.call('catalogue.setStorePrice', { storeId: s.id, variantId: v.id, priceCents: cents }));
      }}
    >
      <input
        name="price"
        size={6}
        aria-label={t('cat.storePriceOf', { name: label, store: s.name })}
        defaultValue={storePrice ? decimal(storePrice.priceCents, lang) : ''}
        placeholder={decimal(p.priceCents, lang)}
      />
      <button type="submit" className="secondary" aria-label={t('cat.saveStorePrice', { name: label, store: s.name })}>
        ✓
      </button>
    </form>
  );
}
