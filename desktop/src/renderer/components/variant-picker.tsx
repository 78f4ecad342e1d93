/**
 * @module
 * The size × colour grid: one button per variant, with its stock; missing combinations are blank.
 */
import { useTranslation } from 'react-i18next';
import type { VariantMatrix } from '@cassa/shared';
import { formatMoney } from '../i18n/i18n';
import { Dialog } from './dialog';

export function VariantPicker({ matrix, onPick, onClose }: { matrix: VariantMatrix; onPick: (variantId: string) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [rows, cols] = [matrix.axes[1], matrix.axes[0]];
  const find = (row: string | undefined, col: string | undefined) =>
    matrix.variants.find((v) => (!rows || v.options[rows.name] === row) && (!cols || v.options[cols.name] === col));
  return (
    <Dialog title={t('sale.pickVariant', { name: matrix.name })} onClose={onClose} wide>
      <table className="matrix">
        <thead>
          <tr><th />{(cols?.values ?? ['']).map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {(rows?.values ?? ['']).map((row) => (
            <tr key={row}>
              <th scope="row">{row}</th>
              {(cols?.values ?? ['']).map((col) => {
                const variant = find(row, col);
                if (!variant) return <td key={col} />;
                const stock = variant.stockMilli / 1000;
                return (
                  <td key={col}>
                    <button type="button" className={stock <= 0 ? 'cell out' : 'cell'} aria-label={`${col} ${row}`.trim()} onClick={() => onPick(variant.variantId)}>
                      <span>{formatMoney(variant.priceCents, i18n.language)}</span>
                      <span className="small">{stock <= 0 ? t('sale.noStock') : t('sale.stock', { n: stock })}</span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <span className="grow" />
        <button type="button" autoFocus onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
      </div>
    </Dialog>
  );
}
