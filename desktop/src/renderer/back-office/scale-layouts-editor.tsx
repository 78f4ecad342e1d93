/**
 * @module
 * The shop's scale label layouts as a table: one row per prefix, with the item code length, what
 * the value is (price or weight), its length and the optional price check digit. The till checks
 * the whole list as it saves and words each problem in the manager's language.
 */
import type { VariableMeasureLayout } from '@cassa/shared';
import type { Translate } from './error-message';

interface Props {
  readonly layouts: readonly VariableMeasureLayout[];
  readonly onChange: (layouts: VariableMeasureLayout[]) => void;
  readonly readOnly: boolean;
  readonly t: Translate;
}

const digitsInput = (value: number, onValue: (n: number) => void, label: string, readOnly: boolean) => (
  <input
    className="bo-short"
    type="number"
    min={1}
    max={10}
    aria-label={label}
    readOnly={readOnly}
    value={value}
    onChange={(e) => onValue(Math.max(1, Math.min(10, Math.trunc(Number(e.target.value)) || 1)))}
  />
);

export function ScaleLayoutsEditor({ layouts, onChange, readOnly, t }: Props) {
  const update = (index: number, patch: Partial<VariableMeasureLayout>) =>
    onChange(layouts.map((layout, i) => (i === index ? { ...layout, ...patch } : layout)));
  return (
    <div>
      <table className="bo-table">
        <thead>
          <tr>
            <th>{t('settings.prefix')}</th>
            <th>{t('settings.itemDigits')}</th>
            <th>{t('settings.valueKind')}</th>
            <th>{t('settings.valueDigits')}</th>
            <th>{t('settings.priceCheck')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {layouts.map((layout, index) => (
            <tr key={index}>
              <td>
                <input
                  className="bo-short"
                  inputMode="numeric"
                  maxLength={4}
                  aria-label={t('settings.prefix')}
                  readOnly={readOnly}
                  value={layout.prefix}
                  onChange={(e) => update(index, { prefix: e.target.value.replace(/\D/g, '') })}
                />
              </td>
              <td>{digitsInput(layout.itemDigits, (itemDigits) => update(index, { itemDigits }), `${t('settings.itemDigits')} ${layout.prefix}`, readOnly)}</td>
              <td>
                <select
                  aria-label={`${t('settings.valueKind')} ${layout.prefix}`}
                  disabled={readOnly}
                  value={layout.value}
                  onChange={(e) =>
                    update(
                      index,
                      e.target.value === 'weight'
                        ? { value: 'weight', decimals: 3, priceCheckDigit: false }
                        : { value: 'price', decimals: 2 },
                    )
                  }
                >
                  <option value="price">{t('settings.price')}</option>
                  <option value="weight">{t('settings.weight')}</option>
                </select>
              </td>
              <td>{digitsInput(layout.valueDigits, (valueDigits) => update(index, { valueDigits }), `${t('settings.valueDigits')} ${layout.prefix}`, readOnly)}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${t('settings.priceCheck')} ${layout.prefix}`}
                  disabled={readOnly || layout.value !== 'price'}
                  checked={layout.priceCheckDigit === true}
                  onChange={(e) => update(index, { priceCheckDigit: e.target.checked })}
                />
              </td>
              <td>
                {!readOnly && (
                  <button type="button" onClick={() => onChange(layouts.filter((_, i) => i !== index))}>
                    {t('settings.removeLayout', { prefix: layout.prefix })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <button
          type="button"
          onClick={() => onChange([...layouts, { prefix: '25', itemDigits: 5, value: 'price', valueDigits: 5, decimals: 2 }])}
        >
          {t('settings.addLayout')}
        </button>
      )}
    </div>
  );
}
