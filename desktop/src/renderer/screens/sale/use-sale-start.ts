/**
 * @module
 * What the sale screen reads when it opens: the shift, the register's last document (so "reprint
 * last" works after a reload too), the open ticket and how many tickets are parked.
 */
import { useEffect } from 'react';
import type { Dispatch } from 'react';
import type { ShiftView, TillClient } from '@cassa/shared';
import type { TicketAction } from './use-ticket-state';

type Run = <T>(work: () => Promise<T>) => Promise<T | undefined>;

export function useSaleStart(options: {
  readonly client: TillClient;
  readonly run: Run;
  readonly dispatch: Dispatch<TicketAction>;
  readonly setShift: (shift: ShiftView | null) => void;
  readonly refreshParked: () => void;
}): void {
  const { client, run, dispatch, setShift, refreshParked } = options;
  useEffect(() => {
    void run(async () => {
      setShift(await client.call('shift.current', {}));
      const last = await client.call('sale.last', {});
      if (last) dispatch({ type: 'lastKnown', saleId: last.saleId });
      dispatch({ type: 'loaded', ticket: await client.call('sale.current', {}) });
    });
    refreshParked();
  }, [client, run, refreshParked, dispatch, setShift]);
}
