/**
 * @module
 * The ticket panel wired to the till: voiding a line and cancelling the ticket ask for a
 * manager's approval when the till's policy wants one; removing a payment does not.
 */
import type { ComponentProps } from 'react';
import type { TicketView } from '@cassa/shared';
import { useGated } from '../../components/override-prompt';
import { TicketPanel } from '../../components/ticket-panel';
import { useTill } from '../../till-context';

type Run = <T>(work: () => Promise<T>) => Promise<T | undefined>;
type Wired = 'onVoidLine' | 'onRemovePayment' | 'onCancel';

export function OpenTicket(props: Omit<ComponentProps<typeof TicketPanel>, Wired> & { run: Run; onTicket: (next: TicketView | null) => void }) {
  const { run, onTicket, ...panel } = props;
  const { client } = useTill();
  const gated = useGated();
  return (
    <TicketPanel
      {...panel}
      onVoidLine={(line) => void run(async () => onTicket(await gated((override) => client.call('sale.voidLine', { lineId: line.lineId, ...(override ? { override } : {}) }), 'void')))}
      onRemovePayment={(paymentId) => void run(async () => onTicket(await client.call('sale.removePayment', { paymentId })))}
      onCancel={() => void run(async () => { await gated((override) => client.call('sale.cancel', override ? { override } : {}), 'cancel'); onTicket(null); })}
    />
  );
}
