/**
 * @module
 * Which ticket line the cashier just touched, so the ticket panel can keep it in view. Pure: no
 * React, no DOM.
 */
import type { TicketLineView } from '@cassa/shared';

type LineFacts = Pick<TicketLineView, 'lineId' | 'quantityMilli' | 'totalCents' | 'unitPriceCents'>;

/**
 * The line to show after the ticket changed from `before` to `after`: the last line that is new,
 * else the first line whose quantity or amount changed (a repeated scan bumps a line in place),
 * else none (a payment, a void).
 */
export function changedLineId(before: readonly LineFacts[], after: readonly LineFacts[]): string | null {
  const old = new Map(before.map((line) => [line.lineId, line]));
  const added = after.filter((line) => !old.has(line.lineId));
  if (added.length > 0) return added[added.length - 1]!.lineId;
  const touched = after.find((line) => {
    const was = old.get(line.lineId);
    return was !== undefined && (was.quantityMilli !== line.quantityMilli || was.totalCents !== line.totalCents || was.unitPriceCents !== line.unitPriceCents);
  });
  return touched?.lineId ?? null;
}
