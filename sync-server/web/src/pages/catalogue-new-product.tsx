import type { Category } from '@cassa/shared';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { CategorySelect, categoryOf, ProductNameInput, VatSelect } from './catalogue-fields';
import { buildProduct, list, parseCents, slug, variantCombos } from './catalogue-helpers';

type Run = (work: () => Promise<unknown>) => Promise<void>;

/** A new product (sizes × colours make its variants, each with its barcode) and a new category. */
export function NewProductSection({ categories, run, setError }: { categories: readonly Category[]; run: Run; setError: (message: string) => void }) {
  const { t } = useTranslation();
  const [sizes, setSizes] = useState('');
  const [colours, setColours] = useState('');
  const combos = useMemo(() => variantCombos(sizes, colours), [sizes, colours]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const target = e.currentTarget;
    const form = new FormData(target);
    const priceCents = parseCents(String(form.get('price')));
    if (priceCents === null) {
      setError(t('cat.price'));
      return;
    }
    const barcodes: Record<string, string> = {};
    for (const combo of combos) barcodes[combo] = String(form.get(`barcode:${combo}`) ?? '').trim();
    const product = buildProduct({
      name: String(form.get('name')),
      sku: String(form.get('sku')),
      priceCents,
      vatCode: String(form.get('vat')),
      categoryId: categoryOf(form),
      sizes: list(sizes),
      colours: list(colours),
      barcodes,
    });
    await run(async () => {
      await hoClient.call('catalogue.saveProduct', product);
      target.reset();
      setSizes('');
      setColours('');
    });
  }

  function createCategory(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const target = e.currentTarget;
    const name = String(new FormData(target).get('categoryName')).trim();
    void run(async () => {
      await hoClient.call('catalogue.saveCategory', { id: `cat-${slug(name)}`, name, parentId: null });
      target.reset();
    });
  }

  return (
    <section className="card" aria-label={t('cat.new')}>
      <h2>{t('cat.new')}</h2>
      <form className="grid" aria-label={t('cat.new')} onSubmit={(e) => void create(e)}>
        <label>
          {t('cat.name')}
          <ProductNameInput />
        </label>
        <label>
          {t('cat.sku')}
          <input name="sku" required maxLength={40} pattern="[A-Za-z0-9._\-]+" />
        </label>
        <label>
          {t('cat.price')}
          <input name="price" required inputMode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" />
        </label>
        <label>
          {t('cat.vat')}
          <VatSelect defaultValue="22" />
        </label>
        <label>
          {t('cat.category')}
          <CategorySelect categories={categories} defaultValue="" />
        </label>
        <label>
          {t('cat.sizes')}
          <input value={sizes} onChange={(e) => setSizes(e.target.value)} placeholder="S, M, L" />
        </label>
        <label>
          {t('cat.colours')}
          <input value={colours} onChange={(e) => setColours(e.target.value)} placeholder="Blu, Rosso" />
        </label>
        <fieldset className="matrix">
          <legend>{t('cat.variants')}</legend>
          {combos.map((combo) => (
            <label key={combo}>
              {combo === '' ? t('cat.barcode') : t('cat.barcodeOf', { variant: combo })}
              <input name={`barcode:${combo}`} inputMode="numeric" maxLength={64} />
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('cat.create')}</button>
      </form>
      <form className="inline" aria-label={t('cat.newCategory')} onSubmit={createCategory}>
        <label>
          {t('cat.newCategory')}
          <input name="categoryName" required maxLength={120} />
        </label>
        <button type="submit">{t('cat.addCategory')}</button>
      </form>
    </section>
  );
}
