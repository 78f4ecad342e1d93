import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

async function sell(till: TestTill, token: string): Promise<{ saleId: string; printJobId: string | null }> {
  await till.call('sale.scan', { code: demoEan(1) }, token);
  await till.call('sale.addPayment', { method: 'cash', amountCents: 500 }, token);
  return till.call('sale.complete', { printReceipt: true }, token);
}

describe('the receipt print queue', () => {
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    till = createTestTill();
    token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, token);
  });
  afterEach(() => till.dispose());

  const jobStatus = (id: string | null) => till.core.services.printing.job(id!)?.status;

  it('prints a completed sale once, with the receipt number and total in the bytes', async () => {
    const done = await sell(till, token);
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('printed');
    expect(till.printer.printed).toHaveLength(1);
    const text = Buffer.from(till.printer.printed[0]!.bytes).toString('latin1');
    expect(text).toContain('0001-0001');
    expect(text).toContain('4,49');
    expect(text).toContain('Bottega Demo');
  });

  it('keeps selling while the printer is offline, and prints the queued receipts when it returns', async () => {
    till.printer.setState('offline');
    const first = await sell(till, token);
    const second = await sell(till, token);
    await till.core.services.printing.idle();
    expect(till.printer.printed).toHaveLength(0);
    expect(till.core.services.printing.status()).toMatchObject({ state: 'offline', pendingJobs: 2 });

    till.printer.setState('ready');
    await till.core.services.printing.idle();
    expect(till.printer.printed.map((p) => p.jobId)).toEqual([first.printJobId, second.printJobId]);
    expect(till.core.services.printing.status().pendingJobs).toBe(0);
  });

  it('retries a job that failed before any byte went out', async () => {
    till.printer.outcomes.push('failed-before-send');
    const done = await sell(till, token);
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('queued');
    till.printer.setState('ready');
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('printed');
    expect(till.printer.printed).toHaveLength(1);
  });

  it('never resends a receipt that broke off mid-print: it waits as uncertain for an explicit copy', async () => {
    till.printer.outcomes.push('failed-partially-sent');
    const done = await sell(till, token);
    await till.core.services.printing.idle();
    till.printer.setState('ready');
    await till.core.services.printing.idle();
    expect(jobStatus(done.printJobId)).toBe('uncertain');
    expect(till.printer.printed).toHaveLength(0);

    const copyJob = till.core.services.printing.reprint(done.saleId);
    await till.core.services.printing.idle();
    expect(jobStatus(copyJob)).toBe('printed');
    expect(Buffer.from(till.printer.printed[0]!.bytes).toString('latin1')).toContain('COPIA');
  });

  it('marks a job the till died in the middle of as uncertain on the next start', async () => {
    till.printer.setState('offline');
    const done = await sell(till, token);
    till.core.store.db.prepare("UPDATE print_jobs SET status = 'printing' WHERE id = ?").run(done.printJobId);
    await till.core.close();
    const again = till.reopen();
    try {
      expect(again.core.services.printing.job(done.printJobId!)?.status).toBe('uncertain');
      await again.core.services.printing.idle();
      expect(again.printer.printed).toHaveLength(0);
    } finally {
      await again.dispose();
    }
  });
});
