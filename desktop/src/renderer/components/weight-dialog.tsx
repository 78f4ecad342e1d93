/**
 * @module
 * An item sold by weight (or length) picked from the search, not from a scale label: the
 * cashier reads the scale (scale.weigh) or types the quantity.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem } from '@cassa/shared';
import { describeError, formatMoney, parseQuantityInput } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';

export function WeightDialog({ item, onClose, onQuantity }: {
  item: CatalogueItem;
  onClose: () => void;
  onQuantity: (quantityMilli: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const unit = item.unit === 'm' ? 'm' : 'kg';
  const label = unit === 'm' ? t('weigh.length') : t('line.quantityKg');

  function readScale() {
    setError(null);
    client
      .call('scale.weigh', {})
      .then(({ grams }) => {
        // Grams are thousandths of a kilogram: the till's quantity unit.
        const kg = (grams / 1000).toFixed(3);
        setText(lang === 'en' ? kg : kg.replace('.', ','));
      })
      .catch((e: unknown) => setError(describeError(e, lang)));
  }

  return (
    <Dialog title={t('weigh.title', { name: item.name })} onClose={onClose}>
      <form
        className="section"
        onSubmit={(e) => {
          e.preventDefault();
          const milli = parseQuantityInput(text, unit);
          if (milli === null) return setError(t('line.invalidQuantity'));
          onQuantity(milli);
        }}
      >
        <p className="muted">{formatMoney(item.priceCents, lang)}/{unit}</p>
        <label>
          {label}
          <input autoFocus inputMode="decimal" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        {unit === 'kg' && <button type="button" onClick={readScale}>{t('weigh.readScale')}</button>}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary">{t('weigh.add')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
