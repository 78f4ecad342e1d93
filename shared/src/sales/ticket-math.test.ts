import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VAT_CODES } from '../domain';
import type { TicketLineInput, TicketPaymentInput } from './ticket-math';
import { cashRoundingCents, computeTicket } from './ticket-math';

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
        const t = computeTicket(lines, ticketDiscount, [], { cashRounding: false, fiscalDevice: false });
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
        const sale = computeTicket(lines, null, [], { cashRounding: false, fiscalDevice: false });
        const ret = computeTicket(lines.map((l) => ({ ...l, quantityMilli: -l.quantityMilli })), null, [], { cashRounding: false, fiscalDevice: false });
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
        fc.boolean(),
        (lines, payments: TicketPaymentInput[], rounding, fiscalDevice) => {
          const t = computeTicket(lines, null, payments, { cashRounding: rounding, fiscalDevice });
          const due = t.totalCents + t.roundingCents;
          expect(t.fullyPaid).toBe(t.paidCents >= due);
          expect(t.remainingCents).toBe(Math.max(0, due - t.paidCents));
          expect(t.changeCents).toBe(Math.max(0, t.paidCents - due));
          // With a fiscal device only down (-4..0), else to the nearest 5 cents (-2..+2).
          if (fiscalDevice) expect(t.roundingCents).toBeGreaterThanOrEqual(-4);
          if (fiscalDevice) expect(t.roundingCents).toBeLessThanOrEqual(0);
          else expect(Math.abs(t.roundingCents)).toBeLessThanOrEqual(2);
          if (!payments.some((p) => p.method === 'cash')) expect(t.roundingCents).toBe(0);
        },
      ),
    );
  });
});

describe('cash rounding (one rule: cashRoundingCents)', () => {
  const lines: TicketLineInput[] = [{ lineId: 'l1', quantityMilli: 1000, unitPriceCents: 98, vatCode: '22', discount: null }];
  const refund: TicketLineInput[] = [{ ...lines[0]!, quantityMilli: -1000 }];

  it('without a fiscal device rounds to the nearest 5 cents, up or down', () => {
    const options = { cashRounding: true, fiscalDevice: false };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((cents) => cashRoundingCents(cents, options))).toEqual([-1, -2, 2, 1, 0, -1, -2, 2, 1, 0]);
    expect(computeTicket(lines, null, [{ method: 'cash', amountCents: 100 }], options)).toMatchObject({ roundingCents: 2, remainingCents: 0, changeCents: 0 });
  });

  it('with a fiscal device rounds only down, on a sale and on a refund, by at most 4 cents', () => {
    const options = { cashRounding: true, fiscalDevice: true };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((cents) => cashRoundingCents(cents, options))).toEqual([-1, -2, -3, -4, 0, -1, -2, -3, -4, 0]);
    // €0.98 in cash is €0.95: a one-euro coin gets 5 cents back.
    expect(computeTicket(lines, null, [{ method: 'cash', amountCents: 100 }], options)).toMatchObject({ roundingCents: -3, remainingCents: 0, changeCents: 5 });
    // A refund of €0.98 in cash gives back €0.95.
    expect(computeTicket(refund, null, [{ method: 'cash', amountCents: 95 }], options)).toMatchObject({ totalCents: -98, roundingCents: -3, remainingCents: 0, changeCents: 0 });
    expect(cashRoundingCents(999_999_999, options)).toBe(-4);
  });

  it('is off unless the shop turns it on, and never rounds a card-only ticket or nothing', () => {
    expect(cashRoundingCents(98, { cashRounding: false, fiscalDevice: true })).toBe(0);
    expect(cashRoundingCents(0, { cashRounding: true, fiscalDevice: true })).toBe(0);
    expect(computeTicket(lines, null, [{ method: 'card', amountCents: 98 }], { cashRounding: true, fiscalDevice: true })).toMatchObject({ roundingCents: 0, remainingCents: 0 });
  });

  it('a cash rest that rounds to nothing after a card payment: the cash comes back as change', () => {
    const tenEuro: TicketLineInput[] = [{ ...lines[0]!, unitPriceCents: 1002 }];
    const paid = [{ method: 'card' as const, amountCents: 1000 }, { method: 'cash' as const, amountCents: 2 }];
    expect(computeTicket(tenEuro, null, paid, { cashRounding: true, fiscalDevice: true })).toMatchObject({ roundingCents: -2, remainingCents: 0, changeCents: 2, fullyPaid: true });
  });
});
