/**
 * @module
 * The touch grid of favourites under the scan field: one large button per item, its name and
 * price. The buttons never take the focus (the scan field keeps it, so a scan or typing after a
 * tap still lands in the search); they are reached by touch or mouse, the keyboard has the search.
 */
import { useTranslation } from 'react-i18next';
import type { CatalogueItem } from '@cassa/shared';
import { formatMoney } from '../i18n/i18n';

export function QuickKeys({ items, onChoose }: { items: readonly CatalogueItem[]; onChoose: (item: CatalogueItem) => void }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  return (
    <div className="quick-keys" role="group" aria-label={t('sale.quickKeys')}>
      {items.map((item) => (
        <button
          key={item.variantId}
          type="button"
          tabIndex={-1}
          className="quick-key"
          title={item.name}
          // Keep the focus where it is (the scan field): a tap is not a reason to leave it.
          onMouseDown={(e) => e.preventDefault()}
          onPointerDown={(e) => e.preventDefault()}
          onClick={() => onChoose(item)}
        >
          <span className="quick-key-name">{item.name}</span>
          <span className="quick-key-price">{formatMoney(item.priceCents, i18n.language)}{item.unit === 'kg' ? '/kg' : ''}</span>
        </button>
      ))}
    </div>
  );
}
