/**
 * @module
 * One product and its variant grid (up to two axes, e.g. size × colour): per variant its SKU,
 * barcodes, an optional price of its own and whether it is on sale. Saving sends the whole
 * product; variants left out of the grid are kept as inactive rows by the till (sales history
 * keeps their names).
 */
import { useMemo, useState } from 'react';
import type { Product, Unit, VariantMatrix, VatCode } from '@cassa/shared';
import { PRODUCT_NAME_MAX_LENGTH, unprintableOnReceipt, VAT_CODES, productIdOf, unitSchema, variantIdOf } from '@cassa/shared';
import { eurosText, Feedback, parseEuros, useAction, useBackOffice } from './shared';

interface AxisDraft {
  name: string;
  values: string;
}

interface RowDraft {
  /** Known for a saved variant; a new one gets its id from its SKU when saved. */
  id: string | null;
  options: Record<string, string>;
  sku: string;
  barcodes: string;
  price: string;
  active: boolean;
}

const keyOf = (options: Record<string, string>) => JSON.stringify(Object.entries(options).sort(([a], [b]) => a.localeCompare(b)));
const splitList = (text: string) => text.split(/[,;\n]/).map((v) => v.trim()).filter((v) => v.length > 0);
const skuPart = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]+/g, '');

/**
 * Product fields the till's `catalogue.matrix` does not send yet (its view is shaped for the
 * cashier's picker). Read when present, so a richer matrix is picked up without changing this
 * screen; until then they are inferred below, and the category cannot be.
 */
interface ProductFacts {
  readonly sku?: string;
  readonly categoryId?: string | null;
  readonly priceCents?: number;
  readonly active?: boolean;
}
const factsOf = (matrix: VariantMatrix | null): ProductFacts => (matrix ?? {}) as ProductFacts;

/** The price most variants share: the list price; the others carry their own. */
function listPriceOf(matrix: VariantMatrix): number {
  const known = factsOf(matrix).priceCents;
  if (typeof known === 'number') return known;
  const counts = new Map<number, number>();
  for (const v of matrix.variants) counts.set(v.priceCents, (counts.get(v.priceCents) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** The product's own SKU: ids are `p-<sku in lower case>`, so find it among the variants' SKUs. */
function productSkuOf(matrix: VariantMatrix): string {
  const known = factsOf(matrix).sku;
  if (known) return known;
  const key = matrix.productId.startsWith('p-') ? matrix.productId.slice(2) : matrix.productId;
  const same = matrix.variants.find((v) => v.sku.toLowerCase() === key);
  return same?.sku ?? key.toUpperCase();
}

/** The grid's rows for saved variants; a price equal to the list price is left blank (inherited). */
function draftRows(variants: VariantMatrix['variants'], listPrice: number, lang: string): RowDraft[] {
  return variants.map((v) => ({
    id: v.variantId,
    options: v.options,
    sku: v.sku,
    barcodes: v.barcodes.join(' '),
    price: v.priceCents === listPrice ? '' : eurosText(v.priceCents, lang),
    active: true,
  }));
}

/** The rows as the product's variants, or the price text that is not an amount. */
function variantsOf(rows: RowDraft[], productSku: string): Product['variants'] | { invalidPrice: string } {
  const variants: Product['variants'] = [];
  for (const row of rows) {
    const own = row.price.trim() ? parseEuros(row.price) : null;
    if (row.price.trim() && own === null) return { invalidPrice: row.price };
    const rowSku = (row.sku.trim() || productSku.trim()).toUpperCase();
    variants.push({
      id: row.id ?? variantIdOf(rowSku),
      sku: rowSku,
      barcodes: row.barcodes.split(/[\s,;]+/).filter((b) => b.length > 0),
      options: row.options,
      priceCents: own,
      active: row.active,
    });
  }
  return variants;
}

function cartesian(axes: { name: string; values: string[] }[]): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((value) => ({ ...c, [axis.name]: value })));
  return combos;
}

export function ProductEditor({ matrix, onClose, onSaved }: { matrix: VariantMatrix | null; onClose: () => void; onSaved: (next: VariantMatrix) => void }) {
  const { t, lang, client } = useBackOffice();
  const first = matrix?.variants[0];
  const initialPrice = matrix ? listPriceOf(matrix) : 0;
  const [productId, setProductId] = useState<string | null>(matrix?.productId ?? null);
  const [name, setName] = useState(matrix?.name ?? '');
  const [sku, setSku] = useState(matrix ? productSkuOf(matrix) : '');
  const [category, setCategory] = useState(factsOf(matrix).categoryId ?? '');
  const [vatCode, setVatCode] = useState<VatCode>(first?.vatCode ?? '22');
  const [unit, setUnit] = useState<Unit>(first?.unit ?? 'piece');
  const [price, setPrice] = useState(matrix ? eurosText(initialPrice, lang) : '');
  const [active, setActive] = useState(factsOf(matrix).active ?? true);
  const [axes, setAxes] = useState<AxisDraft[]>(() => {
    const known = matrix?.axes.map((a) => ({ name: a.name, values: a.values.join(', ') })) ?? [];
    return [known[0] ?? { name: '', values: '' }, known[1] ?? { name: '', values: '' }];
  });
  const [rows, setRows] = useState<RowDraft[]>(() =>
    matrix ? draftRows(matrix.variants, initialPrice, lang) : [{ id: null, options: {}, sku: '', barcodes: '', price: '', active: true }],
  );
  const { busy, error, notice, run, setError } = useAction();
  const title = matrix ? t('catalogue.editTitle', { name: matrix.name }) : t('catalogue.newTitle');

  const usedAxes = useMemo(
    () => axes.map((a) => ({ name: a.name.trim(), values: splitList(a.values) })).filter((a) => a.name && a.values.length > 0),
    [axes],
  );

  function buildGrid() {
    const byKey = new Map(rows.map((r) => [keyOf(r.options), r]));
    setRows(
      cartesian(usedAxes).map((options) => {
        const existing = byKey.get(keyOf(options));
        if (existing) return existing;
        const suffix = Object.values(options).map(skuPart).join('-');
        return { id: null, options, sku: suffix ? `${skuPart(sku)}-${suffix}` : skuPart(sku), barcodes: '', price: '', active: true };
      }),
    );
  }

  function save() {
    const listPrice = parseEuros(price);
    if (!name.trim() || !sku.trim() || listPrice === null) {
      setError(t('catalogue.missing'));
      return;
    }
    const variants = variantsOf(rows, sku);
    if (!Array.isArray(variants)) {
      setError(t('catalogue.invalidPrice', { text: variants.invalidPrice }));
      return;
    }
    const id = productId ?? productIdOf(sku.trim());
    const product: Product = {
      id,
      sku: sku.trim(),
      name: name.trim(),
      categoryId: category.trim() || null,
      vatCode,
      unit,
      priceCents: listPrice,
      axes: usedAxes,
      variants,
      active,
    };
    void run(
      () => client.call('catalogue.saveProduct', { product }),
      (saved) => t('catalogue.savedProduct', { name: saved.name }),
    ).then((saved) => {
      if (!saved) return;
      setProductId(saved.productId);
      setRows(draftRows(saved.variants, listPrice, lang));
      onSaved(saved);
    });
  }

  const setRow = (index: number, patch: Partial<RowDraft>) => setRows((old) => old.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  return (
    <form
      className="bo-panel bo-editor"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="row">
        <h3>{title}</h3>
        <button type="button" onClick={onClose}>{t('common.cancel')}</button>
      </div>
      <div className="bo-grid">
        <label>
          {t('catalogue.name')}
          <input autoFocus value={name} maxLength={PRODUCT_NAME_MAX_LENGTH} onChange={(e) => setName(e.target.value)} />
        </label>
        {unprintableOnReceipt(name).length > 0 && (
          <p className="muted small" role="note">{t('catalogue.unprintableName', { chars: unprintableOnReceipt(name).join(' ') })}</p>
        )}
        <label>
          {t('catalogue.productSku')}
          <input value={sku} maxLength={64} onChange={(e) => setSku(e.target.value)} />
        </label>
        <label>
          {t('catalogue.price')}
          <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </label>
        <label>
          {t('catalogue.vat')}
          <select value={vatCode} onChange={(e) => setVatCode(e.target.value as VatCode)}>
            {VAT_CODES.map((code) => (
              <option key={code} value={code}>{/^\d+$/.test(code) ? `${code}%` : code}</option>
            ))}
          </select>
        </label>
        <label>
          {t('catalogue.unit')}
          <select value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
            {unitSchema.options.map((u) => (
              <option key={u} value={u}>{t(`catalogue.units.${u}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('catalogue.category')}
          <input value={category} maxLength={64} aria-describedby={matrix && !('categoryId' in matrix) ? 'bo-category-hint' : undefined} onChange={(e) => setCategory(e.target.value)} />
          {matrix && !('categoryId' in matrix) && <span id="bo-category-hint" className="muted small">{t('catalogue.categoryHint')}</span>}
        </label>
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t('catalogue.active')}
        </label>
      </div>
      <fieldset>
        <legend>{t('catalogue.axes')}</legend>
        <AxesGrid axes={axes} setAxis={(index, patch) => setAxes((old) => old.map((a, j) => (j === index ? { ...a, ...patch } : a)))} />
        <div>
          <button type="button" onClick={buildGrid}>{t('catalogue.buildMatrix')}</button>
        </div>
      </fieldset>
      <VariantGrid rows={rows} setRow={setRow} />
      <Feedback error={error} notice={notice} />
      <div className="row">
        <span className="grow" />
        <button type="submit" className="primary" disabled={busy}>{t('common.save')}</button>
      </div>
    </form>
  );
}

/** The (up to two) axes: a name and the values, typed as a list. */
function AxesGrid({ axes, setAxis }: { axes: AxisDraft[]; setAxis: (index: number, patch: Partial<AxisDraft>) => void }) {
  const { t } = useBackOffice();
  return (
    <div className="bo-grid">
      {axes.map((axis, i) => (
        <div key={i} className="bo-axis">
          <label>
            {t('catalogue.axisName', { n: i + 1 })}
            <input value={axis.name} maxLength={40} placeholder={t(`catalogue.axisPlaceholder${i + 1}`)} onChange={(e) => setAxis(i, { name: e.target.value })} />
          </label>
          <label>
            {t('catalogue.axisValues', { n: i + 1 })}
            <input value={axis.values} onChange={(e) => setAxis(i, { values: e.target.value })} />
          </label>
        </div>
      ))}
    </div>
  );
}

/** One row per variant: its SKU, barcodes, own price (blank: the list price) and whether it is on sale. */
function VariantGrid({ rows, setRow }: { rows: RowDraft[]; setRow: (index: number, patch: Partial<RowDraft>) => void }) {
  const { t } = useBackOffice();
  const variantName = (row: RowDraft) => Object.values(row.options).join(' / ') || t('catalogue.single');
  return (
    <div className="bo-scroll">
      <table className="bo-table bo-variants">
        <caption>{t('catalogue.matrix')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('catalogue.variant')}</th>
            <th scope="col">{t('catalogue.sku')}</th>
            <th scope="col">{t('catalogue.barcodes')}</th>
            <th scope="col">{t('catalogue.override')}</th>
            <th scope="col">{t('catalogue.active')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const v = variantName(row);
            return (
              <tr key={keyOf(row.options)}>
                <th scope="row">{v}</th>
                <td><input aria-label={t('catalogue.skuOf', { v })} value={row.sku} maxLength={64} onChange={(e) => setRow(i, { sku: e.target.value })} /></td>
                <td><input aria-label={t('catalogue.barcodesOf', { v })} value={row.barcodes} onChange={(e) => setRow(i, { barcodes: e.target.value })} /></td>
                <td><input aria-label={t('catalogue.priceOf', { v })} className="bo-short" inputMode="decimal" value={row.price} onChange={(e) => setRow(i, { price: e.target.value })} /></td>
                <td>
                  <label className="check">
                    <input type="checkbox" aria-label={t('catalogue.activeOf', { v })} checked={row.active} onChange={(e) => setRow(i, { active: e.target.checked })} />
                  </label>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
