/**
 * @module
 * The buttons under the search: parked tickets, returns, "reprint last" and selling a gift card
 * (issue 17); then the shift's cash
 * movements, X report and Z close (not while a ticket has lines).
 */
import { useTranslation } from 'react-i18next';
import type { DialogName } from './use-sale-dialogs';
import { useChainStockText } from '../../chain-stock/i18n';

export function SaleActions(props: {
  parkedCount: number;
  lastSaleId: string | null;
  ticketHasLines: boolean;
  onOpen: (dialog: DialogName) => void;
  onReturns: () => void;
  onReprint: (saleId: string) => void;
  /** Issue 17: the transfers on their way to this store (not while a ticket has lines). */
  onTransfers?: (() => void) | undefined;
}) {
  const { parkedCount, lastSaleId, ticketHasLines, onOpen, onReturns, onReprint, onTransfers } = props;
  const transfersText = useChainStockText().t('transfers.open');
  const { t } = useTranslation();
  return (
    <>
      <nav className="actions" aria-label={t('sale.actions')}>
        <button type="button" onClick={() => onOpen('parked')}>{t('sale.parkedCount', { n: parkedCount })} <kbd>F7</kbd></button>
        <button type="button" onClick={onReturns}>{t('sale.returns')} <kbd>F6</kbd></button>
        <button type="button" disabled={!lastSaleId} onClick={() => lastSaleId && onReprint(lastSaleId)}>{t('sale.reprintLast')}</button>
        <button type="button" onClick={() => onOpen('giftCard')}>{t('ledger.sellGiftCard')}</button>
        {onTransfers && <button type="button" disabled={ticketHasLines} onClick={onTransfers}>{transfersText}</button>}
      </nav>
      <nav className="actions" aria-label={t('shift.actions')}>
        <button type="button" onClick={() => onOpen('cash')}>{t('shift.cashMovement')}</button>
        <button type="button" onClick={() => onOpen('x')}>{t('shift.xReport')}</button>
        <button type="button" disabled={ticketHasLines} onClick={() => onOpen('z')}>{t('shift.zClose')}</button>
      </nav>
    </>
  );
}
