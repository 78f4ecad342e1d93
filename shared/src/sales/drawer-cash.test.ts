import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalTendersOf } from '../fiscal/fiscal-tenders';
import type { PaymentMethod } from '../records/till-records';
import { changeIntoDrawerCents, drawerCashCents, netOfMethodCents } from './drawer-cash';
import { computeTicket } from './ticket-math';

const line = (sign: 1 | -1, priceCents: number) => ({ lineId: 'l1', quantityMilli: sign * 1000, unitPriceCents: priceCents, vatCode: '22' as const, discount: null });

/** A completed record's money as the till stores it: a return's payments negative (sale-completion.ts). */
function recordOf(kind: 'sale' | 'return', priceCents: number, payments: readonly { method: PaymentMethod; amountCents: number }[], fiscalDevice = false) {
  const t = computeTicket([line(kind === 'sale' ? 1 : -1, priceCents)], null, payments, { cashRounding: true, fiscalDevice });
  const sign = kind === 'sale' ? 1 : -1;
  return {
    totals: t,
    record: { kind, changeCents: t.changeCents, payments: payments.map((p) => ({ method: p.method, amountCents: sign * p.amountCents, reference: null })) },
  };
}

describe('the drawer cash of a sale record', () => {
  it('a €0.96 refund typed as €0.96 rounds to €0.95: 1 cent of change comes back in, the drawer is down 95', () => {
    const { totals, record } = recordOf('return', 96, [{ method: 'cash', amountCents: 96 }]);
    expect(totals).toMatchObject({ roundingCents: -1, changeCents: 1, fullyPaid: true });
    expect(drawerCashCents(record)).toBe(-95);
  });

  it('a €0.96 sale paid €1.00 rounds to €0.95: 5 cents of change go out, the drawer is up 95', () => {
    const { totals, record } = recordOf('sale', 96, [{ method: 'cash', amountCents: 100 }]);
    expect(totals).toMatchObject({ roundingCents: -1, changeCents: 5 });
    expect(drawerCashCents(record)).toBe(95);
  });

  it('change is cash alone; a post-void hands its change back in like a return', () => {
    const record = { kind: 'sale' as const, changeCents: 30, payments: [{ method: 'card' as const, amountCents: 500, reference: null }, { method: 'cash' as const, amountCents: 100, reference: null }] };
    expect(netOfMethodCents(record, 'card')).toBe(500);
    expect(netOfMethodCents(record, 'cash')).toBe(70);
    expect(netOfMethodCents(record, 'voucher')).toBe(0);
    expect(changeIntoDrawerCents('post-void', 7)).toBe(7);
    expect(changeIntoDrawerCents('return', 0)).toBe(0);
  });

  it('for any fully paid ticket, the drawer holds the cash due after rounding and the fiscal cash tenders say the same', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sale' as const, 'return' as const),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 4 }),
        // With an RT the rounding is only down (ticket-math's cashRoundingCents): the drawer follows either rule.
        fc.boolean(),
        (kind, priceCents, cardShare, extra, fiscalDevice) => {
          const card = Math.floor((priceCents * cardShare) / 100);
          // A sale may be overpaid in cash; a refund is typed at most at what is due (ticket-service).
          const cash = priceCents - card + (kind === 'sale' ? extra * 7 : 0);
          const payments = [
            ...(card > 0 ? [{ method: 'card' as const, amountCents: card }] : []),
            ...(cash > 0 ? [{ method: 'cash' as const, amountCents: cash }] : []),
          ];
          const { totals, record } = recordOf(kind, priceCents, payments, fiscalDevice);
          if (!totals.fullyPaid) return;
          const sign = kind === 'sale' ? 1 : -1;
          // `+ 0` turns a −0 (a refund of nothing) into 0.
          const cashDue = cash > 0 ? priceCents + totals.roundingCents - card : 0;
          expect(drawerCashCents(record)).toBe(sign * cashDue + 0);
          const tenders = fiscalTendersOf(record, sign);
          if (!tenders.ok) throw new Error(JSON.stringify(tenders.issues));
          const fiscalCash = tenders.tenders.filter((t) => t.kind === 'cash').reduce((sum, t) => sum + t.amountCents, 0);
          expect(sign * fiscalCash + 0).toBe(drawerCashCents(record));
          expect(drawerCashCents(record) + netOfMethodCents(record, 'card')).toBe(sign * (priceCents + totals.roundingCents) + 0);
        },
      ),
    );
  });
});
