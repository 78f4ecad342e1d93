/**
 * @module
 * Returns: find a receipt by its QR code (`CASSA:<id>`), its number (0001-0002) or id, choose
 * lines and quantities (never more than what is still returnable), and start the return ticket
 * with a manager's approval; the refund is then paid like a sale. The register's last sale can
 * instead be post-voided as a whole.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompletedSale, ReceiptLookup, TicketView } from '@cassa/shared';
import { describeError, formatDateTime, formatMoney, formatQuantity, parseQuantityInput } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';
import { FiscalDocumentLine } from './fiscal/fiscal-document-line';
import type { TypedOriginal } from './fiscal/return-original-panel';
import { ReturnOriginalPanel, emptyOriginal, parseOriginal } from './fiscal/return-original-panel';
import { useSaleDocument } from './fiscal/use-fiscal-state';
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
  // Fiscal (issue 16): a post-void of a sale whose document this till does not know names it.
  const known = useSaleDocument(receipt?.postVoidable ? receipt.saleId : null);
  const voidNeedsOriginal = known?.configured === true && known.document === null && !known.waiting;
  const [voidOriginal, setVoidOriginal] = useState<TypedOriginal>(emptyOriginal);

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
    const typed = voidNeedsOriginal ? parseOriginal(voidOriginal) : null;
    if (typed && !typed.ok) return setError(t(typed.key));
    const original = typed?.ok ? { original: typed.value } : {};
    setError(null);
    try {
      onVoided(await gated((override) => client.call('sale.postVoid', { saleId: receipt.saleId, reason: text, ...original, ...(override ? { override } : {}) }), 'postVoid'));
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
          <FiscalDocumentLine saleId={receipt.saleId} />
          {receipt.kind !== 'sale' ? (
            <p className="error">{t('returns.kindNotSale')}</p>
          ) : (
            <ReturnLinesForm receipt={receipt} quantities={quantities} setQuantities={setQuantities} inputText={inputText} onSubmit={() => void startReturn()} />
          )}
          {receipt.postVoidable && voidNeedsOriginal && (
            <ReturnOriginalPanel typed={voidOriginal} problem={null} onChange={setVoidOriginal} forVoid />
          )}
          {receipt.postVoidable && (
            <PostVoidForm reason={reason} setReason={setReason} onSubmit={() => void postVoid()} />
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

type Quantities = Record<string, string>;

/** The receipt's lines with what is still returnable, a quantity to return for each and "all". */
function ReturnLinesForm(props: {
  receipt: ReceiptLookup;
  quantities: Quantities;
  setQuantities: Dispatch<SetStateAction<Quantities>>;
  inputText: (milli: number) => string;
  onSubmit: () => void;
}) {
  const { receipt, quantities, setQuantities, inputText, onSubmit } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSubmit(); }} className="section">
      <table className="return-lines">
        <tbody>
          {receipt.lines.map((line) => {
            const unit = line.unit;
            return (
              <tr key={line.lineId}>
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
                    value={quantities[line.lineId] ?? ''}
                    placeholder="0"
                    onChange={(e) => setQuantities((q) => ({ ...q, [line.lineId]: e.target.value }))}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    disabled={line.returnableMilli <= 0}
                    aria-label={`${t('returns.all')}: ${line.description}`}
                    onClick={() => setQuantities((q) => ({ ...q, [line.lineId]: inputText(line.returnableMilli) }))}
                  >
                    {t('returns.all')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row">
        <span className="grow" />
        <button type="submit" className="primary">{t('returns.start')}</button>
      </div>
    </form>
  );
}

/** Voiding the whole sale at once, with a reason (required). */
function PostVoidForm({ reason, setReason, onSubmit }: { reason: string; setReason: (reason: string) => void; onSubmit: () => void }) {
  const { t } = useTranslation();
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSubmit(); }} className="section">
      <fieldset>
        <legend>{t('returns.postVoid')}</legend>
        <label>
          {t('returns.postVoidReason')}
          <input autoComplete="off" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="danger">{t('returns.postVoid')}</button>
      </fieldset>
    </form>
  );
}
