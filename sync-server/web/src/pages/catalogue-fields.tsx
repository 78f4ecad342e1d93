import { PRODUCT_NAME_MAX_LENGTH, unprintableOnReceipt } from '@cassa/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NamedOptions } from '../named-options';
import { vatCodes } from './catalogue-helpers';

export /** A product name field that warns (never refuses) when the receipt printer would print "?". */
function ProductNameInput({ defaultValue = '' }: { defaultValue?: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [unprintable, setUnprintable] = useState(() => unprintableOnReceipt(defaultValue));
  useEffect(() => {
    const form = input.current?.form;
    const onReset = () => setUnprintable(unprintableOnReceipt(defaultValue));
    form?.addEventListener('reset', onReset);
    return () => form?.removeEventListener('reset', onReset);
  }, [defaultValue]);
  return (
    <>
      <input ref={input} name="name" defaultValue={defaultValue} required maxLength={PRODUCT_NAME_MAX_LENGTH} onChange={(e) => setUnprintable(unprintableOnReceipt(e.target.value))} />
      {unprintable.length > 0 ? (
        <span className="muted" role="note">
          {t('cat.unprintableName', { chars: unprintable.join(' ') })}
        </span>
      ) : null}
    </>
  );
}

export function VatSelect({ defaultValue }: { defaultValue: string }) {
  return (
    <select name="vat" defaultValue={defaultValue}>
      {vatCodes.map((v) => (
        <option key={v}>{v}</option>
      ))}
    </select>
  );
}

/** The product's category; the empty value is none. */
export function CategorySelect({ categories, defaultValue }: { categories: readonly { id: string; name: string }[]; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <select name="category" defaultValue={defaultValue}>
      <option value="">{t('cat.none')}</option>
      <NamedOptions items={categories} />
    </select>
  );
}

/** A form's category as a product holds it: '' is none. */
export function categoryOf(form: FormData): string | null {
  const category = String(form.get('category'));
  return category === '' ? null : category;
}
