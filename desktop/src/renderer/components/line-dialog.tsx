/**
 * @module
 * One ticket line: change the quantity (weighed items in kg), give a line discount, override
 * the price, or void it. Refused actions go through the manager override prompt.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketLineView, TicketView } from '@cassa/shared';
import { describeError, formatMoney, formatQuantity, moneyInputText, parseMoneyInput, parseQuantityInput } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';
import { DiscountForm } from './discount-form';
import { OverrideCancelled, useGated } from './override-prompt';
import { GIFT_CARD_VARIANT_ID } from '@cassa/shared';
import { useChainStockText } from '../chain-stock/i18n';
import { StockElsewherePanel } from '../chain-stock/stock-elsewhere-panel';

function quantityText(line: TicketLineView, lang: string): string {
  const value = line.quantityMilli / 1000;
  const text = line.unit === 'piece' ? String(value) : value.toFixed(3);
  return lang === 'en' ? text : text.replace('.', ',');
}

export function LineDialog({ line, onClose, onChanged }: {
  line: TicketLineView;
  onClose: () => void;
  onChanged: (ticket: TicketView) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const gated = useGated();
  const [quantity, setQuantity] = useState(quantityText(line, lang));
  const [price, setPrice] = useState(moneyInputText(line.unitPriceCents, lang));
  const [priceReason, setPriceReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const weighed = line.unit !== 'piece';
  // Issue 17: this item's stock here and at the chain's other stores.
  const [showStock, setShowStock] = useState(false);
  const elsewhereText = useChainStockText().t('elsewhere.button');

  async function perform(work: () => Promise<TicketView>) {
    setError(null);
    try {
      onChanged(await work());
    } catch (e) {
      if (!(e instanceof OverrideCancelled)) setError(describeError(e, lang));
    }
  }

  return (
    <Dialog title={t('line.title', { name: line.description })} onClose={onClose} wide>
      <p className="muted">
        {formatQuantity(line.quantityMilli, line.unit, lang)} × {t(weighed ? 'line.unitPriceKg' : 'line.unitPrice', { price: formatMoney(line.unitPriceCents, lang) })}
        {' = '}<strong>{formatMoney(line.totalCents, lang)}</strong>
      </p>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="line-sections">
        <form
          className="section"
          onSubmit={(e) => {
            e.preventDefault();
            const milli = parseQuantityInput(quantity, line.unit);
            if (milli === null) return setError(t('line.invalidQuantity'));
            void perform(() => client.call('sale.setQuantity', { lineId: line.lineId, quantityMilli: milli }));
          }}
        >
          <fieldset>
            <legend>{t('line.quantity')}</legend>
            <label>
              {weighed ? t('line.quantityKg') : t('line.quantity')}
              <input autoFocus inputMode="decimal" autoComplete="off" value={quantity} onChange={(e) => setQuantity(e.target.value)} onFocus={(e) => e.target.select()} />
            </label>
            <button type="submit">{t('line.setQuantity')}</button>
          </fieldset>
        </form>
        <form
          className="section"
          onSubmit={(e) => {
            e.preventDefault();
            const cents = parseMoneyInput(price);
            if (cents === null) return setError(t('sale.invalidAmount'));
            const reason = priceReason.trim();
            if (!reason) return setError(t('line.needReason'));
            void perform(() => gated((override) => client.call('sale.overridePrice', { lineId: line.lineId, unitPriceCents: cents, reason, ...(override ? { override } : {}) }), 'price'));
          }}
        >
          <fieldset>
            <legend>{t('line.price')}</legend>
            <label>
              {t('line.newPrice')}
              <input inputMode="decimal" autoComplete="off" value={price} onChange={(e) => setPrice(e.target.value)} />
            </label>
            <label>
              {t('line.reason')}
              <input autoComplete="off" maxLength={120} value={priceReason} onChange={(e) => setPriceReason(e.target.value)} />
            </label>
            <button type="submit">{t('line.setPrice')}</button>
          </fieldset>
        </form>
        <DiscountForm
          current={line.discount}
          legend={t('line.discount')}
          onApply={(discount) => void perform(() => gated((override) => client.call('sale.discountLine', { lineId: line.lineId, discount, ...(override ? { override } : {}) }), 'discount'))}
          onRemove={() => void perform(() => client.call('sale.discountLine', { lineId: line.lineId, discount: null }))}
        />
      </div>
      <div className="row">
        <button
          type="button"
          className="danger"
          onClick={() => void perform(() => gated((override) => client.call('sale.voidLine', { lineId: line.lineId, ...(override ? { override } : {}) }), 'void'))}
        >
          {t('line.void')}
        </button>
        {line.variantId !== GIFT_CARD_VARIANT_ID && (
          <button type="button" aria-expanded={showStock} onClick={() => setShowStock(!showStock)}>{elsewhereText}</button>
        )}
        <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
      </div>
      {showStock && <StockElsewherePanel variantId={line.variantId} name={line.description} onClose={() => setShowStock(false)} />}
    </Dialog>
  );
}
