import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Discount } from '../api/till-views';
import type { VatCode } from '../domain';
import { reasonText, VAT_CODES, vatBreakdown } from '../domain';
import type { PaymentMethod, SaleRecord } from '../records/till-records';
import { saleRecordSchema } from '../records/till-records';
import type { TicketLineInput, TicketPaymentInput } from '../sales/ticket-math';
import { computeTicket } from '../sales/ticket-math';
import { DEFAULT_DEPARTMENTS } from './departments';
import type { FiscalReference, FiscalRequest } from './fiscal-model';
import type { FiscalRequestOptions } from './fiscal-request-of';
import { fiscalRequestOf } from './fiscal-request-of';
import { fiscalRequestReasons } from './fiscal-request-problems';
import { fiscalLinesTotalCents, fiscalRequestTotalCents } from './fiscal-request-total';
import { fiscalVatTotals } from './fiscal-vat-totals';

// Sales are built the way the till builds them: the ticket arithmetic decides every figure
// (desktop/src/core/sales/sale-completion.ts), and payments are taken one at a time as the till
// allows them (ticket-service.ts: only cash gives change, nothing is refunded beyond what is due).

interface LineSpec extends TicketLineInput {
  readonly description: string;
}
interface PaymentPlan {
  readonly others: readonly { method: Exclude<PaymentMethod, 'cash'>; share: number }[];
  readonly finish: 'cash' | 'card';
  readonly extraCashCents: number;
  readonly cashRounding: boolean;
  /** With a fiscal device cash rounds only down (ticket-math.ts `cashRoundingCents`). */
  readonly fiscalDevice: boolean;
}

let nextId = 0;
const newId = (prefix: string) => `${prefix}-${++nextId}`;

function payments(kind: 'sale' | 'return', lines: readonly LineSpec[], discount: Discount | null, plan: PaymentPlan): TicketPaymentInput[] {
  const options = { cashRounding: plan.cashRounding, fiscalDevice: plan.fiscalDevice };
  const taken: TicketPaymentInput[] = [];
  const remaining = () => computeTicket(lines, discount, taken, options).remainingCents;
  for (const other of plan.others) {
    const amountCents = Math.floor((remaining() * other.share) / 10_000);
    if (amountCents > 0) taken.push({ method: other.method, amountCents });
  }
  const left = remaining();
  if (left === 0) return taken;
  if (plan.finish === 'card') return [...taken, { method: 'card', amountCents: left }];
  // With any cash on the ticket the cash part is rounded; a one-cent probe tells what is then due.
  const cashDue = computeTicket(lines, discount, [...taken, { method: 'cash', amountCents: 1 }], options).remainingCents + 1;
  return [...taken, { method: 'cash', amountCents: cashDue + (kind === 'sale' ? plan.extraCashCents : 0) }];
}

function saleRecordOf(kind: 'sale' | 'return', lines: readonly LineSpec[], discount: Discount | null, plan: PaymentPlan): SaleRecord {
  const paid = payments(kind, lines, discount, plan);
  const t = computeTicket(lines, discount, paid, { cashRounding: plan.cashRounding, fiscalDevice: plan.fiscalDevice });
  if (!t.fullyPaid) throw new Error('the payment plan left the ticket unpaid');
  return saleRecordSchema.parse({
    id: newId('sale'),
    kind,
    storeId: 'store-1',
    deviceId: 'till-1',
    shiftId: 'shift-1',
    zNumber: 1,
    documentNumber: nextId,
    originalSaleId: kind === 'return' ? 'sale-0' : null,
    cashierId: 'cashier-1',
    customerId: null,
    completedAt: '2026-12-03T10:00:00.000Z',
    lines: lines.map((line, i) => ({
      lineId: line.lineId,
      productId: 'product-1',
      variantId: 'variant-1',
      sku: `SKU${i}`,
      description: line.description,
      vatCode: line.vatCode,
      quantityMilli: line.quantityMilli,
      unitPriceCents: line.unitPriceCents,
      discountCents: t.lines[i]?.discountCents,
      totalCents: t.lines[i]?.totalCents,
    })),
    // As the till stores them: money given back on a return is negative.
    payments: paid.map((p) => ({ method: p.method, amountCents: kind === 'return' ? -p.amountCents : p.amountCents, reference: null })),
    changeCents: t.changeCents,
    roundingCents: t.roundingCents,
    totalCents: t.totalCents,
    vatBreakdown: t.vatBreakdown,
  });
}

/** The post-void of a sale exactly as return-service.ts makes it. */
function postVoidOf(sale: SaleRecord): SaleRecord {
  const lines = sale.lines.map((line) => ({ ...line, lineId: newId('line'), quantityMilli: -line.quantityMilli, totalCents: -line.totalCents, originalLineId: line.lineId }));
  const byMethod = new Map<string, number>();
  for (const p of sale.payments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + p.amountCents);
  byMethod.set('cash', (byMethod.get('cash') ?? 0) - sale.changeCents);
  const payments = sale.payments
    .filter((p, i, all) => all.findIndex((q) => q.method === p.method) === i)
    .map((p) => ({ method: p.method, amountCents: -(byMethod.get(p.method) ?? 0), reference: p.reference }))
    .filter((p) => p.amountCents !== 0);
  return {
    ...sale,
    id: newId('void'),
    kind: 'post-void',
    originalSaleId: sale.id,
    lines,
    payments,
    changeCents: 0,
    roundingCents: -sale.roundingCents,
    totalCents: -sale.totalCents,
    vatBreakdown: vatBreakdown(lines.map((l) => ({ grossCents: l.totalCents, vatCode: l.vatCode }))),
  };
}

const reference = (documentNumber: number): FiscalReference => ({ serial: '99MEY012345', zNumber: 12, documentNumber, date: '2026-12-03' });
const none: FiscalRequestOptions = { lotteryCode: null, customerTaxId: null, original: null };
const line = (over: Partial<LineSpec> & Pick<LineSpec, 'quantityMilli' | 'unitPriceCents'>): LineSpec => ({
  lineId: newId('line'),
  vatCode: '22',
  discount: null,
  description: 'T-SHIRT M',
  ...over,
});
const plan = (over: Partial<PaymentPlan> = {}): PaymentPlan => ({ others: [], finish: 'card', extraCashCents: 0, cashRounding: false, fiscalDevice: false, ...over });

function requestOf(sale: SaleRecord, options: FiscalRequestOptions = none): FiscalRequest {
  const result = fiscalRequestOf(sale, DEFAULT_DEPARTMENTS, options);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return result.request;
}

describe('fiscalRequestOf: examples', () => {
  it('a discounted line paid by card: quantity, unit price, department and the discount as the reference shows', () => {
    const sale = saleRecordOf('sale', [line({ quantityMilli: 2000, unitPriceCents: 990, discount: { kind: 'percent', basisPoints: 1000, reason: 'x' } })], null, plan());
    expect(requestOf(sale)).toEqual({
      kind: 'sale',
      lines: [{ description: 'T-SHIRT M', quantityMilli: 2000, unitPriceCents: 990, department: 1, discountCents: 198 }],
      tenders: [{ kind: 'electronic', amountCents: 1782 }],
      roundingCents: 0,
      lotteryCode: null,
      customerTaxId: null,
    });
  });

  it('weighed goods in cash with rounding: the device total is the sale plus its rounding, cash net of change', () => {
    const sale = saleRecordOf('sale', [line({ quantityMilli: 352, unitPriceCents: 1290, vatCode: '10', description: 'Mortadella' })], null, plan({ finish: 'cash', extraCashCents: 45, cashRounding: true }));
    expect(sale).toMatchObject({ totalCents: 454, roundingCents: 1, changeCents: 45, payments: [{ method: 'cash', amountCents: 500 }] });
    const request = requestOf(sale);
    expect(request).toMatchObject({ lines: [{ quantityMilli: 352, unitPriceCents: 1290, department: 2 }], tenders: [{ kind: 'cash', amountCents: 455 }], roundingCents: 1 });
    expect(fiscalRequestTotalCents(request)).toBe(455);
  });

  it('a quantity past what the device takes goes as one unit at the line gross, the measure kept in the description', () => {
    const sale = saleRecordOf('sale', [line({ quantityMilli: 120_000_123, unitPriceCents: 3, description: 'Sabbia', discount: { kind: 'amount', amountCents: 50, reason: 'x' } })], null, plan());
    const request = requestOf(sale, { ...none, unitOf: () => 'kg' });
    expect(request).toMatchObject({ lines: [{ description: 'Sabbia 120000,123 kg x 0,03 €/kg', quantityMilli: 1000, unitPriceCents: 360_000, discountCents: 50 }] });
    expect(fiscalRequestTotalCents(request)).toBe(sale.totalCents);
  });

  it('cuts a long description to 60 characters without splitting an emoji', () => {
    const sale = saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 100, description: `${'x'.repeat(59)}😀 tail` })], null, plan());
    const request = requestOf(sale);
    expect(request.kind === 'sale' && request.lines[0]?.description).toBe('x'.repeat(59));
  });

  it('declares each tender by its type: card electronic, voucher, store credit not collected, cash net of change', () => {
    const sale = saleRecordOf(
      'sale',
      [line({ quantityMilli: 1000, unitPriceCents: 10_000 })],
      null,
      plan({ others: [{ method: 'voucher', share: 2000 }, { method: 'store-credit', share: 2500 }, { method: 'card', share: 5000 }], finish: 'cash', extraCashCents: 1000 }),
    );
    expect(requestOf(sale)).toMatchObject({
      tenders: [
        { kind: 'voucher', amountCents: 2000 },
        { kind: 'not-collected', amountCents: 2000 },
        { kind: 'electronic', amountCents: 3000 },
        { kind: 'cash', amountCents: 3000 },
      ],
    });
  });

  it('a return becomes a return request with positive quantities and tenders, referring to its original', () => {
    const ret = saleRecordOf('return', [line({ quantityMilli: -1000, unitPriceCents: 990, discount: { kind: 'amount', amountCents: 99, reason: 'Sconto originale' } })], null, plan({ finish: 'cash' }));
    expect(ret).toMatchObject({ totalCents: -891, payments: [{ amountCents: -891 }] });
    expect(requestOf(ret, { ...none, original: reference(7) })).toEqual({
      kind: 'return',
      lines: [{ description: 'T-SHIRT M', quantityMilli: 1000, unitPriceCents: 990, department: 1, discountCents: 99 }],
      tenders: [{ kind: 'cash', amountCents: 891 }],
      roundingCents: 0,
      original: reference(7),
    });
  });

  it('a post-void is a void of the original for what the original was issued for', () => {
    const sale = saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 1238 })], null, plan({ finish: 'cash', extraCashCents: 760, cashRounding: true }));
    const original = requestOf(sale);
    expect(fiscalRequestTotalCents(original)).toBe(1240);
    expect(requestOf(postVoidOf(sale), { ...none, original: reference(3) })).toEqual({ kind: 'void', original: reference(3), amountCents: 1240 });
    expect(fiscalRequestOf(postVoidOf(sale), DEFAULT_DEPARTMENTS, none)).toEqual({ ok: false, problems: [{ problem: 'original-missing', details: {} }] });
  });

  it('with a fiscal device cash rounds only down: €0.98 in cash is a document of €0.95, rounding -3', () => {
    const down = plan({ finish: 'cash', cashRounding: true, fiscalDevice: true });
    const sale = saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 98 })], null, down);
    expect(sale).toMatchObject({ totalCents: 98, roundingCents: -3, payments: [{ method: 'cash', amountCents: 95 }] });
    const request = requestOf(sale);
    expect(request).toMatchObject({ tenders: [{ kind: 'cash', amountCents: 95 }], roundingCents: -3 });
    expect(fiscalRequestTotalCents(request)).toBe(95);
    const ret = saleRecordOf('return', [line({ quantityMilli: -1000, unitPriceCents: 98 })], null, down);
    expect(ret).toMatchObject({ totalCents: -98, roundingCents: -3, payments: [{ method: 'cash', amountCents: -95 }] });
    expect(requestOf(ret, { ...none, original: reference(2) })).toMatchObject({ kind: 'return', tenders: [{ kind: 'cash', amountCents: 95 }], roundingCents: -3 });
  });

  it('puts a valid lottery code and tax id on a card sale, tidied', () => {
    const sale = saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 500 })], null, plan());
    expect(requestOf(sale, { ...none, lotteryCode: ' ab12cd34 ', customerTaxId: 'rssmra85t10a562s ' })).toMatchObject({ lotteryCode: 'AB12CD34', customerTaxId: 'RSSMRA85T10A562S' });
  });
});

describe('fiscalRequestOf: refusals', () => {
  const cashSale = () => saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 500, vatCode: 'N3', description: 'Export' })], null, plan({ finish: 'cash' }));

  it('lists every problem at once, each worded for the cashier', () => {
    const result = fiscalRequestOf(cashSale(), DEFAULT_DEPARTMENTS.filter((d) => d.vatCode !== 'N3'), {
      lotteryCode: 'AB12CD34',
      customerTaxId: 'RSSMRA85T10A562X',
      original: reference(1),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.problem)).toEqual(['no-department', 'option-not-for-kind', 'lottery-code', 'customer-tax-id']);
    const [noDepartment, , lottery, taxId] = result.problems.map((p) => reasonText(fiscalRequestReasons, p.problem, p.details, 'en'));
    expect(noDepartment).toBe('No department for VAT N3 (line "Export"): add it to the department table as the fiscal device holds it');
    expect(lottery).toBe('The receipts lottery is for electronic payments only: pay by card or remove the code');
    expect(taxId).toMatch(/^The codice fiscale has a wrong check character \(X, expected S\)/);
  });

  it('refuses a record whose figures do not add up rather than send a document that differs from it', () => {
    const sale = cashSale();
    const tampered = { ...sale, totalCents: sale.totalCents + 1 };
    const refused = fiscalRequestOf(tampered, DEFAULT_DEPARTMENTS, none);
    expect(refused.ok ? [] : refused.problems.map((p) => p.details.detail)).toEqual(['ticket-total-mismatch:500', 'payments-mismatch:500']);
    const changeTooBig = { ...sale, payments: [{ method: 'card' as const, amountCents: 600, reference: null }], changeCents: 100 };
    expect(fiscalRequestOf(changeTooBig, DEFAULT_DEPARTMENTS, none)).toMatchObject({ ok: false, problems: [{ problem: 'change-exceeds-cash' }] });
  });

  it('refuses a zero-total document, a lottery code on a return, a lone surrogate in a description', () => {
    const free = saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 500, discount: { kind: 'percent', basisPoints: 10_000, reason: 'omaggio' } })], null, plan());
    expect(fiscalRequestOf(free, DEFAULT_DEPARTMENTS, none)).toEqual({ ok: false, problems: [{ problem: 'zero-total', details: {} }] });
    const ret = saleRecordOf('return', [line({ quantityMilli: -1000, unitPriceCents: 500 })], null, plan());
    expect(fiscalRequestOf(ret, DEFAULT_DEPARTMENTS, { ...none, lotteryCode: 'AB12CD34' })).toMatchObject({ ok: false, problems: [{ problem: 'option-not-for-kind' }] });
    const plain = saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 500 })], null, plan());
    const surrogate = { ...plain, lines: plain.lines.map((l) => ({ ...l, description: 'A\uD800B' })) };
    expect(fiscalRequestOf(surrogate, DEFAULT_DEPARTMENTS, none)).toMatchObject({ ok: false, problems: [{ problem: 'invalid-request' }] });
  });

  it('turns control characters in a description into spaces, and an empty one into the SKU', () => {
    const plain = saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 500 })], null, plan());
    const messy = { ...plain, lines: plain.lines.map((l) => ({ ...l, description: ' Pane\u0000\r\nintegrale\t' })) };
    expect(requestOf(messy)).toMatchObject({ lines: [{ description: 'Pane integrale' }] });
    const blank = { ...plain, lines: plain.lines.map((l) => ({ ...l, description: '\n ' })) };
    expect(requestOf(blank)).toMatchObject({ lines: [{ description: 'SKU0' }] });
  });

  it('refuses what the device cannot print: a zero quantity, a negative price, a line past its limit, odd rounding, 501 lines', () => {
    const problemsOf = (sale: SaleRecord) => {
      const result = fiscalRequestOf(sale, DEFAULT_DEPARTMENTS, none);
      return result.ok ? [] : result.problems.map((p) => p.problem);
    };
    const other = line({ quantityMilli: 1000, unitPriceCents: 1000 });
    expect(problemsOf(saleRecordOf('sale', [other, line({ quantityMilli: 0, unitPriceCents: 500 })], null, plan()))).toEqual(['zero-quantity']);
    expect(problemsOf(saleRecordOf('sale', [other, line({ quantityMilli: 1000, unitPriceCents: -500 })], null, plan()))).toEqual(['negative-price']);
    expect(problemsOf(saleRecordOf('sale', [line({ quantityMilli: 1000, unitPriceCents: 100_000_000 })], null, plan()))).toEqual(['line-too-large']);
    const plain = saleRecordOf('sale', [other], null, plan());
    // Consistent with its payments, but no cash rounding moves more than 2 cents up or 4 down.
    const odd = { ...plain, roundingCents: 3, payments: [{ method: 'card' as const, amountCents: 1003, reference: null }] };
    expect(problemsOf(odd)).toEqual(['rounding-out-of-range']);
    const tooLow = { ...plain, roundingCents: -5, payments: [{ method: 'cash' as const, amountCents: 995, reference: null }] };
    expect(problemsOf(tooLow)).toEqual(['rounding-out-of-range']);
    const long = saleRecordOf('sale', Array.from({ length: 501 }, () => line({ quantityMilli: 1000, unitPriceCents: 1 })), null, plan());
    expect(problemsOf(long)).toEqual(['too-many-lines']);
  });

  it('refuses a sale line with a negative quantity (returned goods go on a return)', () => {
    const sale = saleRecordOf('sale', [line({ quantityMilli: 2000, unitPriceCents: 500 }), line({ quantityMilli: -1000, unitPriceCents: 500 })], null, plan());
    expect(fiscalRequestOf(sale, DEFAULT_DEPARTMENTS, none)).toMatchObject({ ok: false, problems: [{ problem: 'wrong-sign' }] });
  });
});

// Random tickets: pieces, weighed goods, and quantities past the device's limit; every VAT code;
// line and ticket discounts; several tenders; cash rounding on or off.
const discount = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), basisPoints: fc.integer({ min: 1, max: 10_000 }), reason: fc.constant('x') }),
    fc.record({ kind: fc.constant('amount' as const), amountCents: fc.integer({ min: 1, max: 50_000 }), reason: fc.constant('x') }),
  ),
  { nil: null },
);
const amounts = fc.oneof(
  fc.record({ quantityMilli: fc.integer({ min: 1, max: 20 }).map((q) => q * 1000), unitPriceCents: fc.integer({ min: 0, max: 100_000 }) }),
  fc.record({ quantityMilli: fc.integer({ min: 1, max: 20_000 }), unitPriceCents: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ quantityMilli: fc.integer({ min: 99_999_000, max: 150_000_000 }), unitPriceCents: fc.integer({ min: 0, max: 3 }) }),
);
const lineSpec = (sign: 1 | -1) =>
  fc.record({ amounts, vatCode: fc.constantFrom<VatCode>(...VAT_CODES), discount, description: fc.string({ maxLength: 80 }).map((s) => s.replace(/\u0000/g, '')) }).map(
    (l): LineSpec => ({ lineId: newId('line'), quantityMilli: sign * l.amounts.quantityMilli, unitPriceCents: l.amounts.unitPriceCents, vatCode: l.vatCode, discount: l.discount, description: l.description }),
  );
const paymentPlan = fc.record({
  others: fc.array(fc.record({ method: fc.constantFrom('card' as const, 'voucher' as const, 'store-credit' as const), share: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 3 }),
  finish: fc.constantFrom('cash' as const, 'card' as const),
  extraCashCents: fc.integer({ min: 0, max: 5_000 }),
  cashRounding: fc.boolean(),
  fiscalDevice: fc.boolean(),
});
const ticket = fc.oneof(
  fc.record({ kind: fc.constant('sale' as const), lines: fc.array(lineSpec(1), { minLength: 1, maxLength: 8 }), discount, plan: paymentPlan }),
  fc.record({ kind: fc.constant('return' as const), lines: fc.array(lineSpec(-1), { minLength: 1, maxLength: 8 }), discount: fc.constant(null), plan: paymentPlan }),
);

describe('fiscalRequestOf (property)', () => {
  it("the device's total is the sale's total plus its rounding, the lines give the sale's total, and the tenders pay exactly that", () => {
    fc.assert(
      fc.property(ticket, (t) => {
        const sale = saleRecordOf(t.kind, t.lines, t.discount, t.plan);
        const sign = t.kind === 'return' ? -1 : 1;
        const result = fiscalRequestOf(sale, DEFAULT_DEPARTMENTS, { ...none, original: t.kind === 'return' ? reference(1) : null });
        if (sign * sale.totalCents + sale.roundingCents === 0) {
          expect(result).toEqual({ ok: false, problems: [{ problem: 'zero-total', details: {} }] });
          return;
        }
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        const request = result.request;
        if (request.kind === 'void') throw new Error('a sale or return became a void');
        expect(request.kind).toBe(t.kind);
        expect(fiscalLinesTotalCents(request.lines)).toBe(sign * sale.totalCents);
        expect(fiscalRequestTotalCents(request)).toBe(sign * sale.totalCents + sale.roundingCents);
        if (!t.plan.cashRounding) expect(fiscalRequestTotalCents(request)).toBe(Math.abs(sale.totalCents));
        expect(request.tenders.reduce((sum, tender) => sum + tender.amountCents, 0)).toBe(fiscalRequestTotalCents(request));
        for (const l of request.lines) expect(l.quantityMilli).toBeGreaterThan(0);
        // One department per VAT code: the device's per-VAT gross is the till's breakdown.
        const totals = fiscalVatTotals([request], DEFAULT_DEPARTMENTS, () => undefined);
        const mirrored = sale.vatBreakdown.map((row) => ({ vatCode: row.vatCode, grossCents: sign * row.grossCents + 0, netCents: sign * row.netCents + 0, vatCents: sign * row.vatCents + 0 }));
        expect(t.kind === 'sale' ? totals.sales : totals.returns).toEqual(mirrored);
      }),
      { numRuns: 300 },
    );
  });

  it("a day's per-VAT totals keep sales, returns and voids apart, each equal to the till's records scorporo'd once per code", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(ticket, fc.boolean()), { minLength: 1, maxLength: 8 }), (day) => {
        const issued: FiscalRequest[] = [];
        const journal = new Map<number, FiscalRequest>();
        const tillLines = { sales: [] as SaleRecord['lines'][number][], returns: [] as SaleRecord['lines'][number][], voids: [] as SaleRecord['lines'][number][] };
        day.forEach(([t, voidIt], i) => {
          const sale = saleRecordOf(t.kind, t.lines, t.discount, t.plan);
          const result = fiscalRequestOf(sale, DEFAULT_DEPARTMENTS, { ...none, original: t.kind === 'return' ? reference(1) : null });
          if (!result.ok) return;
          issued.push(result.request);
          journal.set(i + 1, result.request);
          (t.kind === 'sale' ? tillLines.sales : tillLines.returns).push(...sale.lines);
          if (t.kind !== 'sale' || !voidIt) return;
          const annullo = fiscalRequestOf(postVoidOf(sale), DEFAULT_DEPARTMENTS, { ...none, original: reference(i + 1) });
          if (!annullo.ok) throw new Error(JSON.stringify(annullo.problems));
          expect(annullo.request).toMatchObject({ kind: 'void', amountCents: fiscalRequestTotalCents(result.request) });
          issued.push(annullo.request);
          tillLines.voids.push(...sale.lines);
        });
        const totals = fiscalVatTotals(issued, DEFAULT_DEPARTMENTS, (original) => journal.get(original.documentNumber));
        const expected = (lines: SaleRecord['lines']) => vatBreakdown(lines.map((l) => ({ grossCents: Math.abs(l.totalCents), vatCode: l.vatCode })));
        expect(totals).toEqual({ sales: expected(tillLines.sales), returns: expected(tillLines.returns), voids: expected(tillLines.voids) });
      }),
      { numRuns: 150 },
    );
  });
});
