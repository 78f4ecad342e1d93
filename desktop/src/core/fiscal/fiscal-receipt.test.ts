/**
 * With an Italian fiscal device the customer's paper is the RT's documento commerciale (issue 16):
 * the till's own printer prints no second receipt at completion, and a reprint says it is not fiscal.
 * Without a device, receipts are what they always were (item 10).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEscPos, decodedText } from '@cassa/drivers/portable';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { FakeFiscalDevice } from './testing/fake-fiscal-device';

let till: TestTill;
afterEach(() => till.dispose());

async function sellOneCoffee(token: string) {
  await till.call('sale.scan', { code: demoEan(1) }, token);
  await till.call('sale.addPayment', { method: 'cash', amountCents: 449 }, token);
  return till.call('sale.complete', { printReceipt: true }, token);
}

function printedText(jobId: string): string {
  const job = till.printer.printed.find((p) => p.jobId === jobId);
  if (!job) throw new Error(`job ${jobId} was not printed`);
  return decodedText(decodeEscPos(job.bytes, { codePageTables: till.printer.profile.codePageTables }));
}

describe("the till's own receipt beside a fiscal device", () => {
  it('prints no receipt of its own for a sale or a post-void; the RT issues both documents', async () => {
    const device = new FakeFiscalDevice();
    till = createTestTill({ fiscalDevice: device });
    const cashier = await till.login('user-giulia', '1111');
    const manager = await till.login('user-marco', '2222');
    await till.call('shift.open', { floatCents: 0 }, cashier);

    const sale = await sellOneCoffee(cashier);
    expect(sale.printJobId).toBeNull();
    const voided = await till.call('sale.postVoid', { saleId: sale.saleId, reason: 'errore' }, manager);
    expect(voided.printJobId).toBeNull();
    await till.core.services.fiscal.idle();
    await till.core.services.printing.idle();

    expect(till.printer.printed).toEqual([]);
    expect(device.journal.map((entry) => entry.request.kind)).toEqual(['sale', 'void']);
  });

  it('marks a reprint "Documento non fiscale" as well as COPIA', async () => {
    till = createTestTill({ fiscalDevice: new FakeFiscalDevice() });
    const cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, cashier);
    const sale = await sellOneCoffee(cashier);

    const { printJobId } = await till.call('sale.reprint', { saleId: sale.saleId }, cashier);
    await till.core.services.printing.idle();
    const text = printedText(printJobId);
    expect(text).toContain('COPIA / COPY');
    expect(text).toContain('Documento non fiscale');
  });

  it('prints its receipt as before, without the non-fiscal line, on a till without a device', async () => {
    till = createTestTill();
    const cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, cashier);
    const sale = await sellOneCoffee(cashier);
    expect(sale.printJobId).not.toBeNull();
    await till.core.services.printing.idle();
    const text = printedText(sale.printJobId!);
    expect(text).toContain(sale.receiptNumber);
    expect(text).not.toContain('non fiscale');
  });
});
