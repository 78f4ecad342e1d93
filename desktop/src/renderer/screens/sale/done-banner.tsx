/**
 * @module
 * The document just completed, right under the scan field so the change due and the receipt
 * preview show without scrolling: reprint it, or void a sale at once.
 */
import { useTranslation } from 'react-i18next';
import { FiscalDocumentLine } from '../../components/fiscal/fiscal-document-line';
import { ReceiptPreview } from '../../components/receipt-preview';
import { formatMoney } from '../../i18n/i18n';
import type { Done } from './use-ticket-state';

export function DoneBanner(props: { done: Done; previewKey: number; onReprint: (saleId: string) => void; onVoid: (saleId: string) => void }) {
  const { done, previewKey, onReprint, onVoid } = props;
  const { t, i18n } = useTranslation();
  const title = t(done.kind === 'return' ? 'sale.doneReturn' : done.kind === 'post-void' ? 'sale.doneVoid' : 'sale.done', { number: done.sale.receiptNumber });
  return (
    <div className="done" role="status" aria-label={title}>
      <p>{title}</p>
      <FiscalDocumentLine saleId={done.sale.saleId} />
      {done.sale.changeCents > 0 && (
        <p className="change-due">{t('sale.changeDue')}: <strong>{formatMoney(done.sale.changeCents, i18n.language)}</strong></p>
      )}
      {done.kind !== 'post-void' && (
        <div className="row">
          <button type="button" onClick={() => onReprint(done.sale.saleId)}>{t('sale.reprint')}</button>
          {done.kind === 'sale' && (
            <button type="button" onClick={() => onVoid(done.sale.saleId)}>{t('sale.voidThis')}</button>
          )}
        </div>
      )}
      {done.printed && done.kind !== 'post-void' && <ReceiptPreview key={`${done.sale.saleId}-${previewKey}`} />}
    </div>
  );
}
