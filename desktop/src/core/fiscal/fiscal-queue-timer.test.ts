import { describe, expect, it } from 'vitest';
import type { FiscalRequest } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import { createTestTill } from '../testing/test-till';
import { FiscalQueue } from './fiscal-queue';
import { FiscalStore } from './fiscal-store';
import { FakeFiscalDevice } from './testing/fake-fiscal-device';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the fiscal queue on its own', () => {
  it('retries a blocked job by itself on its backoff timer once the device is fixed', async () => {
    // A till without a device makes the sale; this queue, with a short backoff, sends its job.
    const till = createTestTill();
    const device = new FakeFiscalDevice();
    const ctx = till.core.services.context;
    const store = new FiscalStore(ctx.store.db, () => ctx.clock.now().toISOString());
    const queue = new FiscalQueue(ctx, store, device, { backoff: { baseMs: 20, maxMs: 20 }, random: () => 0.5 });
    try {
      const token = await till.login('user-giulia', '1111');
      await till.call('shift.open', { floatCents: 0 }, token);
      await till.call('sale.scan', { code: demoEan(1) }, token);
      await till.call('sale.addPayment', { method: 'cash', amountCents: 449 }, token);
      const sale = await till.call('sale.complete', { printReceipt: false }, token);
      const request: FiscalRequest = {
        kind: 'sale',
        lines: [{ description: 'Caffè', quantityMilli: 1000, unitPriceCents: 449, department: 1, discountCents: 0 }],
        tenders: [{ kind: 'cash', amountCents: 449 }],
        roundingCents: 0,
        lotteryCode: null,
        customerTaxId: null,
      };
      ctx.store.write(() => store.insertJob({ id: 'job-1', saleId: sale.saleId, request, totalCents: 449 }));

      device.persistentFailure = 'cover-open';
      queue.kick();
      await queue.idle();
      expect(queue.state().jobs).toEqual([expect.objectContaining({ state: 'blocked', failure: 'cover-open' })]);
      await until(() => device.calls.lastDocument >= 2); // the timer tried again, still failing
      expect(device.journal).toHaveLength(0);

      device.persistentFailure = null;
      await until(() => device.journal.length === 1);
      await queue.idle();
      expect(queue.state().jobs).toEqual([]);
      expect(store.jobOfSale(sale.saleId)).toMatchObject({ state: 'issued', source: 'device', document_number: 1 });
    } finally {
      await queue.close();
      await till.dispose();
    }
  });
});
