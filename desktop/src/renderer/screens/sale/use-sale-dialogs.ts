/**
 * @module
 * Which of the sale screen's dialogs is open, with what it was opened on: the line being edited,
 * the text the returns dialog starts from (a scanned receipt code, or nothing), the voucher code
 * whose balance is shown (issue 17).
 */
import { useCallback, useMemo, useState } from 'react';
import type { TicketLineView } from '@cassa/shared';

export type DialogName = 'customer' | 'line' | 'ticketDiscount' | 'parked' | 'return' | 'cash' | 'x' | 'z' | 'giftCard' | 'voucher';

export interface SaleDialogs {
  readonly dialog: DialogName | null;
  readonly editing: TicketLineView | null;
  readonly returnQuery: string;
  readonly voucherCode: string;
  readonly open: (name: DialogName) => void;
  readonly openReturn: (query: string) => void;
  /** A voucher's balance and history (a code scanned or typed outside a payment). */
  readonly openVoucher: (code: string) => void;
  readonly editLine: (line: TicketLineView) => void;
  /** Closes the dialog and gives the focus back to the scan field. */
  readonly close: () => void;
  /** Closes whatever is open, leaving the focus where it is (the lock screen, the shift start). */
  readonly dismiss: () => void;
}

export function useSaleDialogs(refocus: () => void): SaleDialogs {
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [editing, setEditing] = useState<TicketLineView | null>(null);
  const [returnQuery, setReturnQuery] = useState('');
  const [voucherCode, setVoucherCode] = useState('');
  // Stable functions: the scan handler that opens the returns dialog subscribes to the scanners once.
  const dismiss = useCallback(() => {
    setDialog(null);
    setEditing(null);
  }, []);
  const actions = useMemo(
    () => ({
      open: setDialog,
      openReturn: (query: string) => {
        setReturnQuery(query);
        setDialog('return');
      },
      openVoucher: (code: string) => {
        setVoucherCode(code);
        setDialog('voucher');
      },
      editLine: (line: TicketLineView) => {
        setEditing(line);
        setDialog('line');
      },
      close: () => {
        dismiss();
        setTimeout(refocus, 0);
      },
      dismiss,
    }),
    [dismiss, refocus],
  );
  return { dialog, editing, returnQuery, voucherCode, ...actions };
}
