/**
 * @module
 * The document just completed, right under the scan field so the change due and the receipt
 * preview show without scrolling: reprint it, or void a sale at once. Gift cards the sale issued
 * show their codes, and the customer's loyalty points earned (issue 17).
 */
import { useTranslation } from 'react-i18next';
import { FiscalDocumentLine } from '../../components/fiscal/fiscal-document-line';
import { ReceiptPreview } from '../../components/receipt-preview';
import { formatMoney } from '../../i18n/i18n';
import { ReceiptShareButton } from '../../receipt-share';
import type { CompletedSale } from '@cassa/shared';
import type { Done } from './use-ticket-state';

/** The gift-card codes this sale issued (the receipt prints them too) and the loyalty points it moved. */
function LedgerOutcome({ sale }: { sale: CompletedSale }) {
  const { t, i18n } = useTranslation();
  const points = sale.points ?? null;
  return (
    <>
      {(sale.giftCards ?? []).map((card) => (
        <p key={card.code} className="gift-card-issued">
          {t('ledger.giftCardIssued', { amount: formatMoney(card.amountCents, i18n.language) })}{' '}
          <strong className="voucher-code">{card.code}</strong>
        </p>
      ))}
      {points && points.redeemed > 0 && <p>{t('ledger.pointsUsed', { n: points.redeemed })}</p>}
      {points && points.earned > 0 && <p>{t('ledger.pointsEarned', { earned: points.earned, balance: points.balance })}</p>}
      {points && points.earned < 0 && <p>{t('ledger.pointsTakenBack', { n: -points.earned, balance: points.balance })}</p>}
    </>
  );
}

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
      <LedgerOutcome sale={done.sale} />
      {done.kind !== 'post-void' && (
        <div className="row">
          <button type="button" onClick={() => onReprint(done.sale.saleId)}>{t('sale.reprint')}</button>
          {done.kind === 'sale' && (
            <button type="button" onClick={() => onVoid(done.sale.saleId)}>{t('sale.voidThis')}</button>
          )}
          <ReceiptShareButton saleId={done.sale.saleId} receiptNumber={done.sale.receiptNumber} />
        </div>
      )}
      {done.printed && done.kind !== 'post-void' && <ReceiptPreview key={`${done.sale.saleId}-${previewKey}`} />}
    </div>
  );
}
