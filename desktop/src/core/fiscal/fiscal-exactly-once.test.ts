/**
 * Random days of sales against a device that loses replies before and after printing, runs out
 * of paper, and a till killed mid-request (its database left as the kill leaves it, a new core
 * started on it): every sale ends with exactly one document, in the order the sales were made.
 */
import { describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { FakeFiscalDevice } from './testing/fake-fiscal-device';

/** A small seeded generator, so a failing day can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const faults = ['none', 'lose-after', 'lose-before', 'paper-out', 'kill-after', 'kill-before'] as const;

async function sell(till: TestTill, token: string, count: number): Promise<{ saleId: string; totalCents: number }> {
  for (let i = 0; i < count; i++) await till.call('sale.scan', { code: demoEan(1) }, token);
  await till.call('sale.addPayment', { method: 'cash', amountCents: 449 * count }, token);
  return till.call('sale.complete', { printReceipt: false }, token);
}

describe.each([7, 2026])('exactly one document per sale, seed %i', (seed) => {
  it('survives lost replies, paper out and kills between request and reply', async () => {
    const random = mulberry32(seed);
    const device = new FakeFiscalDevice();
    let till = createTestTill({ fiscalDevice: device });
    const dead: { till: TestTill; release: () => void }[] = [];
    const sales: { saleId: string; totalCents: number }[] = [];
    try {
      let token = await till.login('user-giulia', '1111');
      await till.call('shift.open', { floatCents: 0 }, token);
      for (let i = 0; i < 14; i++) {
        const fault = faults[Math.floor(random() * faults.length)]!;
        let release: (() => void) | null = null;
        if (fault === 'lose-after') device.issueFaults.push({ kind: 'lose-reply-after-issue' });
        if (fault === 'lose-before') device.issueFaults.push({ kind: 'lose-reply-before-issue' });
        if (fault === 'paper-out') device.issueFaults.push({ kind: 'fail', failure: 'paper-out' });
        if (fault === 'kill-after' || fault === 'kill-before') {
          // The hang must meet this sale's own request: earlier jobs done, earlier faults used up.
          while (till.core.services.fiscal.state().jobs.length > 0) await till.core.services.fiscal.retry();
          if (device.issueFaults.length === 0) release = device.hangNextIssue(fault === 'kill-after');
        }
        // Amounts repeat on purpose: the same total twice in a row must not be taken for the lost one.
        sales.push(await sell(till, token, 1 + Math.floor(random() * 2)));
        if (release) {
          dead.push({ till, release });
          till = till.reopen();
          token = await till.login('user-giulia', '1111');
        }
        await till.core.services.fiscal.idle();
        if (random() < 0.5) await till.core.services.fiscal.retry();
      }
      await till.core.services.fiscal.retry();
      expect(till.core.services.fiscal.state().jobs).toEqual([]);

      expect(device.journal).toHaveLength(sales.length);
      expect(device.journal.map((e) => e.document.amountCents)).toEqual(sales.map((s) => s.totalCents));
      const numbers = sales.map((s) => till.core.services.fiscal.documentOfSale(s.saleId)?.documentNumber);
      expect(numbers).toEqual(sales.map((_, i) => i + 1));
      // The day did meet the hazards it is about: kills, and documents adopted after a lost reply.
      expect(dead.length).toBeGreaterThan(0);
      const recovered = till.core.store.db.prepare("SELECT count(*) AS n FROM fiscal_jobs WHERE source = 'recovered'").get() as { n: number };
      expect(recovered.n).toBeGreaterThan(0);
    } finally {
      // The dead tills' requests answer at last; they find every job done and send nothing.
      for (const zombie of dead) zombie.release();
      for (const zombie of dead) await zombie.till.core.services.fiscal.idle();
      expect(device.journal).toHaveLength(sales.length);
      await till.dispose();
      for (const zombie of dead) await zombie.till.dispose();
    }
  });
});
