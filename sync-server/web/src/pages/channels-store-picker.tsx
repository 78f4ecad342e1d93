/**
 * @module
 * The stores a channel sells from, in order: ticking a store adds it at the end, and the picked
 * ones move up or down, because an order reserves from the first store that has the goods.
 */
import type { StoreView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { moveStore, toggleStore } from './channels-format';

export function StorePicker({ stores, value, onChange }: { stores: readonly StoreView[]; value: readonly string[]; onChange: (order: string[]) => void }) {
  const { t } = useTranslation();
  const name = (id: string) => stores.find((s) => s.id === id)?.name ?? id;
  return (
    <fieldset className="store-picker">
      <legend>{t('channels.stores')}</legend>
      <p className="hint">{t('channels.storesHelp')}</p>
      <div className="store-choices">
        {stores.map((s) => (
          <label key={s.id} className="check">
            <input type="checkbox" checked={value.includes(s.id)} onChange={() => onChange(toggleStore(value, s.id))} />
            {s.name}
          </label>
        ))}
      </div>
      {value.length > 1 && (
        <ol className="store-order">
          {value.map((id, i) => (
            <li key={id}>
              <span>{t('channels.storeOrder', { position: i + 1, name: name(id) })}</span>
              <span className="actions">
                <button type="button" className="secondary" disabled={i === 0} aria-label={t('channels.moveUp', { name: name(id) })} onClick={() => onChange(moveStore(value, id, -1))}>
                  ↑
                </button>
                <button type="button" className="secondary" disabled={i === value.length - 1} aria-label={t('channels.moveDown', { name: name(id) })} onClick={() => onChange(moveStore(value, id, 1))}>
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </fieldset>
  );
}
