/**
 * @module
 * Returns: find a receipt by its QR code (`CASSA:<id>`), its number (0001-0002) or id, choose
 * lines and quantities (never more than what is still returnable), and start the return ticket
 * with a manager's approval; the refund is then paid like a sale. The register's last sale can
 * instead be post-voided as a whole.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompletedSale, ReceiptLookup, TicketView } from '@cassa/shared';
import { describeError, formatDateTime, formatMoney, formatQuantity, parseQuantityInput } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';
import { OverrideCancelled, useGated } from './override-prompt';

export function ReturnDialog({ initialQuery, onClose, onStarted, onVoided }: {
  initialQuery: string;
  onClose: () => void;
  onStarted: (ticket: TicketView) => void;
  onVoided: (sale: CompletedSale) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const gated = useGated();
  const [query, setQuery] = useState(initialQuery);
  const [receipt, setReceipt] = useState<ReceiptLookup | null>(null);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const find = useCallback((text: string) => {
    const code = text.trim();
    if (!code) return;
    setError(null);
    client
      .call('sale.findReceipt', { query: code })
      .then((found) => {
        setReceipt(found);
        setQuantities({});
      })
      .catch((e: unknown) => {
        setReceipt(null);
        setError(describeError(e, lang));
      });
  }, [client, lang]);

  // A receipt QR scanned while the dialog is open (or that opened it) arrives as initialQuery.
  useEffect(() => {
    if (initialQuery) {
      setQuery(initialQuery);
      find(initialQuery);
    }
  }, [initialQuery, find]);

  // The lookup carries no unit: a quantity in whole thousandths reads as pieces, anything else as kg.
  const inputText = (milli: number) => (lang === 'en' ? String(milli / 1000) : String(milli / 1000).replace('.', ','));

  function chosenLines(): { lineId: string; quantityMilli: number }[] | string {
    if (!receipt) return t('returns.nothingChosen');
    const out: { lineId: string; quantityMilli: number }[] = [];
    for (const line of receipt.lines) {
      const text = (quantities[line.lineId] ?? '').trim();
      if (!text || text === '0') continue;
      const milli = parseQuantityInput(text, line.unit);
      if (milli === null) return t('line.invalidQuantity');
      if (milli > line.returnableMilli) return `${line.description}: ${t('returns.tooMany', { n: inputText(line.returnableMilli) })}`;
      out.push({ lineId: line.lineId, quantityMilli: milli });
    }
    return out.length > 0 ? out : t('returns.nothingChosen');
  }

  async function startReturn() {
    if (!receipt) return;
    const lines = chosenLines();
    if (typeof lines === 'string') return setError(lines);
    setError(null);
    try {
      onStarted(await gated((override) => client.call('sale.startReturn', { saleId: receipt.saleId, lines, ...(override ? { override } : {}) }), 'refund'));
    } catch (e) {
      if (!(e instanceof OverrideCancelled)) setError(describeError(e, lang));
    }
  }

  async function postVoid() {
    if (!receipt) return;
    const text = reason.trim();
    if (!text) return setError(t('line.needReason'));
    setError(null);
    try {
      onVoided(await gated((override) => client.call('sale.postVoid', { saleId: receipt.saleId, reason: text, ...(override ? { override } : {}) }), 'postVoid'));
    } catch (e) {
      if (!(e instanceof OverrideCancelled)) setError(describeError(e, lang));
    }
  }

  return (
    <Dialog title={t('returns.title')} onClose={onClose} wide>
      <form className="row" onSubmit={(e) => { e.preventDefault(); find(query); }}>
        <label className="grow">
          {t('returns.code')}
          <input autoFocus data-scan="submit" autoComplete="off" spellCheck={false} maxLength={80} value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="submit" className="align-end">{t('returns.find')} <kbd>↵</kbd></button>
      </form>
      {!receipt && <p className="muted small">{t('returns.hint')}</p>}
      {receipt && (
        <>
          <p><strong>{t('returns.receipt', { number: receipt.receiptNumber, date: formatDateTime(receipt.completedAt, lang), total: formatMoney(receipt.totalCents, lang) })}</strong></p>
          {receipt.kind !== 'sale' ? (
            <p className="error">{t('returns.kindNotSale')}</p>
          ) : (
            <form onSubmit={(e) => { e.preventDefault(); void startReturn(); }} className="section">
              <table className="return-lines">
                <tbody>
                  {receipt.lines.map((line) => (
                    <ReturnLineRow
                      key={line.lineId}
                      line={line}
                      quantity={quantities[line.lineId] ?? ''}
                      allText={inputText(line.returnableMilli)}
                      onQuantity={(text) => setQuantities((q) => ({ ...q, [line.lineId]: text }))}
                    />
                  ))}
                </tbody>
              </table>
              <div className="row">
                <span className="grow" />
                <button type="submit" className="primary">{t('returns.start')}</button>
              </div>
            </form>
          )}
          {receipt.postVoidable && (
            <form onSubmit={(e) => { e.preventDefault(); void postVoid(); }} className="section">
              <fieldset>
                <legend>{t('returns.postVoid')}</legend>
                <label>
                  {t('returns.postVoidReason')}
                  <input autoComplete="off" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
                </label>
                <button type="submit" className="danger">{t('returns.postVoid')}</button>
              </fieldset>
            </form>
          )}
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="row">
        <span className="grow" />
        <button type="button" onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
      </div>
    </Dialog>
  );
}

/** One receipt line: what was sold, what may still come back, and how much comes back now. */
function ReturnLineRow({ line, quantity, allText, onQuantity }: {
  line: ReceiptLookup['lines'][number];
  quantity: string;
  /** All of the returnable quantity, written as the cashier would type it. */
  allText: string;
  onQuantity: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const unit = line.unit;
  return (
    <tr>
      <td>
        <div>{line.description}</div>
        <div className="muted small">
          {formatQuantity(line.quantityMilli, unit, lang)} · {formatMoney(line.totalCents, lang)} · {t('returns.returnable', { n: formatQuantity(line.returnableMilli, unit, lang) })}
        </div>
      </td>
      <td className="qty">
        <input
          aria-label={t('returns.returnQty', { name: line.description })}
          inputMode="decimal"
          autoComplete="off"
          disabled={line.returnableMilli <= 0}
          value={quantity}
          placeholder="0"
          onChange={(e) => onQuantity(e.target.value)}
        />
      </td>
      <td>
        <button type="button" disabled={line.returnableMilli <= 0} aria-label={`${t('returns.all')}: ${line.description}`} onClick={() => onQuantity(allText)}>
          {t('returns.all')}
        </button>
      </td>
    </tr>
  );
}
