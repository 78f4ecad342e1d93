import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VAT_CODES } from '../domain';
import type { TicketLineInput, TicketPaymentInput } from './ticket-math';
import { computeTicket } from './ticket-math';

const discount = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), basisPoints: fc.integer({ min: 1, max: 10_000 }), reason: fc.constant('x') }),
    fc.record({ kind: fc.constant('amount' as const), amountCents: fc.integer({ min: 1, max: 50_000 }), reason: fc.constant('x') }),
  ),
  { nil: null },
);
const line = (sign: 1 | -1) =>
  fc.record({
    lineId: fc.uuid(),
    quantityMilli: fc.integer({ min: 1, max: 20_000 }).map((q) => sign * q),
    unitPriceCents: fc.integer({ min: 0, max: 100_000 }),
    vatCode: fc.constantFrom(...VAT_CODES),
    discount,
  }) satisfies fc.Arbitrary<TicketLineInput>;

describe('ticket arithmetic (property)', () => {
  it('lines always add up to the total, VAT rows to the total, and discounts never exceed the lines', () => {
    fc.assert(
      fc.property(fc.array(line(1), { minLength: 1, maxLength: 12 }), discount, (lines, ticketDiscount) => {
        const t = computeTicket(lines, ticketDiscount, [], { cashRounding: false });
        expect(t.lines.reduce((a, l) => a + l.totalCents, 0)).toBe(t.totalCents);
        expect(t.vatBreakdown.reduce((a, r) => a + r.grossCents, 0)).toBe(t.totalCents);
        for (const l of t.lines) {
          expect(l.totalCents).toBeGreaterThanOrEqual(0);
          expect(l.totalCents).toBeLessThanOrEqual(l.grossCents);
          expect(l.grossCents - l.discountCents).toBe(l.totalCents);
        }
        expect(t.subtotalCents - t.discountCents).toBe(t.totalCents);
      }),
    );
  });

  it('a return is the mirror image of the same sale', () => {
    fc.assert(
      fc.property(fc.array(line(1), { minLength: 1, maxLength: 8 }), (lines) => {
        const sale = computeTicket(lines, null, [], { cashRounding: false });
        const ret = computeTicket(lines.map((l) => ({ ...l, quantityMilli: -l.quantityMilli })), null, [], { cashRounding: false });
        expect(ret.totalCents).toBe(0 - sale.totalCents);
        expect(ret.vatBreakdown.map((r) => r.vatCents)).toEqual(sale.vatBreakdown.map((r) => 0 - r.vatCents));
      }),
    );
  });

  it('is paid in full exactly when payments cover the total, and only cash makes change', () => {
    fc.assert(
      fc.property(
        fc.array(line(1), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ method: fc.constantFrom('cash' as const, 'card' as const), amountCents: fc.integer({ min: 1, max: 200_000 }) }), { maxLength: 4 }),
        fc.boolean(),
        (lines, payments: TicketPaymentInput[], rounding) => {
          const t = computeTicket(lines, null, payments, { cashRounding: rounding });
          const due = t.totalCents + t.roundingCents;
          expect(t.fullyPaid).toBe(t.paidCents >= due);
          expect(t.remainingCents).toBe(Math.max(0, due - t.paidCents));
          expect(t.changeCents).toBe(Math.max(0, t.paidCents - due));
          expect(Math.abs(t.roundingCents)).toBeLessThanOrEqual(2);
          if (!payments.some((p) => p.method === 'cash')) expect(t.roundingCents).toBe(0);
        },
      ),
    );
  });
});
