/**
 * Random days of sales with faults injected before and after printing, recovered by the till's
 * rule (till-recovery.ts): at the end the emulator's journal holds exactly one document per sale,
 * in order, each with the amount the till recorded for it.
 */
import type { FiscalLine, FiscalRequest, FiscalTender } from '@cassa/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultName } from '../../testing';
import { contractBrands } from './testing/contract-brands';
import { startRig } from './testing/contract-kit';
import { amountMatches, issueExactlyOnce } from './testing/till-recovery';
import type { RecoveryOutcome } from './testing/till-recovery';

// The client's wall-clock wait for a reply. 150 ms let a loaded CI machine miss a fault-free reply
// (adopted instead of replied); 300 ms keeps a margin while 'reply-after-timeout' stays short.
const clientTimeoutMs = 300;
const faults: readonly (FaultName | 'none')[] = ['none', 'none', 'paper-end', 'busy', 'reply-after-timeout', 'drop-after-print', 'no-answer-after-print'];

const afterPrintFaults = new Set<FaultName | 'none'>(['reply-after-timeout', 'drop-after-print', 'no-answer-after-print']);

const lineArb = fc.record({
  quantityMilli: fc.constantFrom(1000, 2000, 1500, 250),
  unitPriceCents: fc.integer({ min: 1, max: 20_000 }),
  department: fc.integer({ min: 1, max: 4 }),
  discountPercent: fc.constantFrom(0, 0, 10, 50),
});

const saleArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
  /** cash, card, or card for part and cash for the rest */
  payment: fc.constantFrom('cash', 'electronic', 'split'),
  rounding: fc.integer({ min: -2, max: 2 }),
  cashOver: fc.constantFrom(0, 0, 500),
  fault: fc.constantFrom(...faults),
});

type DrawnSale = typeof saleArb extends fc.Arbitrary<infer T> ? T : never;

/** Builds a valid request from the drawn shape: amounts the device arithmetic agrees with. */
function requestOf(drawn: DrawnSale): FiscalRequest {
  const lines: FiscalLine[] = drawn.lines.map((l, i) => {
    const gross = Math.round((l.unitPriceCents * l.quantityMilli) / 1000);
    return { description: `ART ${i + 1}`, quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, department: l.department, discountCents: Math.floor((gross * l.discountPercent) / 100) };
  });
  const goods = lines.reduce((sum, l) => sum + Math.round((l.unitPriceCents * l.quantityMilli) / 1000) - l.discountCents, 0);
  const withCash = drawn.payment !== 'electronic';
  const rounding = withCash && goods + drawn.rounding > 0 ? drawn.rounding : 0;
  const due = goods + rounding;
  if (due <= 0) return { kind: 'sale', lines: [{ ...lines[0]!, unitPriceCents: 100, quantityMilli: 1000, discountCents: 0 }], tenders: [{ kind: 'cash', amountCents: 100 }], roundingCents: 0, lotteryCode: null, customerTaxId: null };
  const card = drawn.payment === 'electronic' ? due : drawn.payment === 'split' ? Math.floor(due / 2) : 0;
  const tenders: FiscalTender[] = [];
  if (card > 0) tenders.push({ kind: 'electronic', amountCents: card });
  if (due - card > 0 || tenders.length === 0) tenders.push({ kind: 'cash', amountCents: due - card + (withCash ? drawn.cashOver : 0) });
  return { kind: 'sale', lines, tenders, roundingCents: rounding, lotteryCode: null, customerTaxId: null };
}

describe.each(contractBrands)('$name adapter against the RT emulator: recovery property', (brand) => {
  it('random sales and faults: exactly one document per sale, amounts equal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(saleArb, { minLength: 1, maxLength: 6 }), async (drawn) => {
        const rig = await startRig(brand, { timeoutMs: clientTimeoutMs });
        try {
          const outcomes: RecoveryOutcome[] = [];
          let known = null;
          for (const shape of drawn) {
            const request = requestOf(shape);
            if (shape.fault !== 'none') await rig.fault(shape.fault, { count: 1, ...(shape.fault === 'reply-after-timeout' ? { delayMs: clientTimeoutMs + 200 } : {}) });
            const outcome = await issueExactlyOnce(rig.device, request, known, () => rig.fault('none'));
            expect(amountMatches(outcome.document, request)).toBe(true);
            // The fault decides the path: a printed document with a lost reply is adopted on the
            // first attempt; a refusal before printing is sent again once; no fault, one reply.
            const expected = afterPrintFaults.has(shape.fault) ? ['adopted', 1] : shape.fault === 'none' ? ['reply', 1] : ['reply', 2];
            expect([outcome.via, outcome.attempts]).toEqual(expected);
            outcomes.push(outcome);
            known = outcome.document;
            rig.clock.advance(1000);
          }
          const { journal } = await rig.state();
          expect(journal.map((doc) => [doc.kind, doc.z, doc.number, doc.amountCents])).toEqual(
            outcomes.map((o) => ['sale', o.document.zNumber, o.document.documentNumber, o.document.amountCents]),
          );
          expect(journal.map((doc) => doc.number)).toEqual(drawn.map((_, i) => i + 1));
        } finally {
          await rig.close();
        }
      }),
      { numRuns: 15 },
    );
  });

  it('the check bites: resending blindly after a lost reply leaves two documents for one sale', async () => {
    const rig = await startRig(brand, { timeoutMs: clientTimeoutMs });
    try {
      const request = requestOf({ lines: [{ quantityMilli: 1000, unitPriceCents: 990, department: 1, discountPercent: 0 }], payment: 'cash', rounding: 0, cashOver: 0, fault: 'none' });
      await rig.fault('drop-after-print', { count: 1 });
      await rig.device.issue(request).catch(() => rig.device.issue(request));
      expect((await rig.state()).journal.map((doc) => doc.amountCents)).toEqual([990, 990]);
    } finally {
      await rig.close();
    }
  });
});
