import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './emulator-clock';
import { DeviceRefusal } from './emulator-refusal';
import type { JournalDocument } from './fiscal-state';
import { FiscalState } from './fiscal-state';

const line = fc.record({
  department: fc.integer({ min: 1, max: 10 }),
  quantity: fc.integer({ min: 1, max: 5000 }),
  price: fc.integer({ min: 1, max: 50_000 }),
});
const step = fc.oneof(
  fc.record({ op: fc.constant('sale' as const), lines: fc.array(line, { minLength: 1, maxLength: 4 }), electronic: fc.boolean() }),
  fc.record({ op: fc.constant('return' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ op: fc.constant('void' as const), pick: fc.nat() }),
);

describe('FiscalState totals', () => {
  it('day totals per VAT equal the journal to the cent, with sales, returns and voids apart', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const clock = new ManualClock('2026-12-03T09:00:00');
        const state = new FiscalState({ clock });
        for (const s of steps) {
          clock.advance(1000);
          const sales = state.journal.filter((d) => d.kind === 'sale');
          try {
            if (s.op === 'sale') {
              const lines = s.lines.map((l) => state.itemLine('X', l.quantity, l.price, l.department));
              const due = lines.reduce((sum, l) => sum + l.amountCents, 0);
              state.commit({ kind: 'sale', lines, tenders: [{ kind: s.electronic ? 'electronic' : 'cash', amountCents: due }] });
            } else {
              const original = sales[s.pick % Math.max(sales.length, 1)];
              if (!original) continue;
              const reference = { serial: state.serial, z: original.z, number: original.number, date: original.date };
              const first = original.lines[0];
              if (s.op === 'void' || !first) state.commit({ kind: 'void', reference, lines: [], tenders: [] });
              else {
                const cents = Math.max(1, Math.floor((first.amountCents * s.share) / 100));
                state.commit({ kind: 'return', reference, lines: [state.itemLine('R', 1000, cents, first.department)], tenders: [] });
              }
            }
          } catch (error) {
            if (!(error instanceof DeviceRefusal)) throw error; // refusals (over-return, already voided) are expected
          }
        }
        const expected: Record<string, { sales: number; returns: number; voids: number }> = {};
        const bucket = (doc: JournalDocument) => (doc.kind === 'sale' ? 'sales' : doc.kind === 'return' ? 'returns' : 'voids');
        for (const doc of state.journal) {
          for (const l of doc.lines) (expected[l.vatKey] ??= { sales: 0, returns: 0, voids: 0 })[bucket(doc)] += l.amountCents;
        }
        expect(state.dayTotals().vat).toEqual(expected);
        const net = Object.values(expected).reduce((sum, t) => sum + t.sales - t.returns - t.voids, 0);
        expect(state.dailyAmountCents()).toBe(net);
        expect(net).toBeGreaterThanOrEqual(0);
        for (const [i, doc] of state.journal.entries()) expect(doc.number).toBe(i + 1);
        const closure = state.closeDay();
        expect(closure.dailyAmountCents).toBe(net);
        expect(state.documentsToday).toBe(0);
        expect(state.dayTotals().vat).toEqual({});
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a serial that is not 11 letters or digits', () => {
    expect(() => new FiscalState({ clock: new ManualClock(), serial: '99MEY01234' })).toThrow();
    expect(() => new FiscalState({ clock: new ManualClock(), serial: '99mey012345' })).toThrow();
  });
});
