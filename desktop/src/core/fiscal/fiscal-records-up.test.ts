/**
 * The fiscal device's Z and status leave the till for head office (issue 16 item 5): the Z with
 * its totals per VAT from shared's `fiscalVatTotals`, the status only when it changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FiscalClosureRecord, FiscalRequest, FiscalStatusRecord } from '@cassa/shared';
import { DEFAULT_DEPARTMENTS, fiscalVatTotals } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestFolder, createTestTill, removeTestFolder } from '../testing/test-till';
import { FakeFiscalDevice } from './testing/fake-fiscal-device';

const drawer = { '200': 2, '5': 1, '2': 2 };

function pending(till: TestTill) {
  return till.core.services.context.outbox.pending(10_000).map((op) => op.record);
}
function closures(till: TestTill): FiscalClosureRecord[] {
  return pending(till).flatMap((r) => (r.type === 'fiscal-closure' ? [r.record] : []));
}
function statuses(till: TestTill): FiscalStatusRecord[] {
  return pending(till).flatMap((r) => (r.type === 'fiscal-status' ? [r.record] : []));
}

describe("the device's Z and status as records for head office", () => {
  let device: FakeFiscalDevice;
  let till: TestTill;
  let token: string;
  let dir: string;

  beforeEach(async () => {
    device = new FakeFiscalDevice();
    // A paired register (its store saved as pairing saves it), reopened so it starts paired.
    dir = createTestFolder('cassa-fiscal-up-');
    const unpaired = createTestTill({ fiscalDevice: device, dir });
    unpaired.core.services.context.settings.set('store.id', 'store-milano');
    await unpaired.dispose();
    till = createTestTill({ fiscalDevice: device, dir, demo: false });
    token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, token);
  });
  afterEach(async () => {
    await till.dispose();
    removeTestFolder(dir);
  });

  async function sell(coffees: number) {
    for (let i = 0; i < coffees; i++) await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 449 * coffees }, token);
    return till.call('sale.complete', { printReceipt: false }, token);
  }

  it('sends the Z once, with its serial, number, date and the per-VAT totals of the documents it closed', async () => {
    await sell(1);
    await sell(3);
    await till.core.services.fiscal.idle();
    const shiftId = till.core.services.shifts.current()!.id;
    await till.call('shift.close', { denominations: drawer }, token);

    const [record, ...others] = closures(till);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ shiftId, documents: 2, closure: device.closures[0] });
    // The device's own journal through the same rule: what the till sends is what the device counted.
    const issued: FiscalRequest[] = device.journal.map((entry) => entry.request);
    const expected = fiscalVatTotals(issued, DEFAULT_DEPARTMENTS, () => undefined);
    expect(record!.vatTotals).toEqual({ sales: expected.sales, returns: [], voids: [] });
    expect(record!.vatTotals.sales.reduce((sum, g) => sum + g.grossCents, 0)).toBe(449 * 4);
    expect(record!.vatTotals.sales.reduce((sum, g) => sum + g.grossCents, 0)).toBe(device.closures[0]!.dailyAmountCents);
  });

  it('sends the status when it changes, not once per reading, and again after a Z', async () => {
    await till.core.services.fiscal.refreshStatus();
    await till.core.services.fiscal.refreshStatus();
    expect(statuses(till)).toHaveLength(1);
    expect(statuses(till)[0]).toMatchObject({ serial: null, lastClosureDate: null, status: { printer: 'ok', filesPending: 0 } });

    await sell(1);
    await till.core.services.fiscal.idle();
    // The Z close reads the status again by itself: the new closure date and the file waiting.
    await till.call('shift.close', { denominations: drawer }, token);
    const [, afterZ, ...more] = statuses(till);
    expect(more).toEqual([]);
    expect(afterZ).toMatchObject({ serial: '99MEY012345', lastClosureDate: device.closures[0]!.date, status: { filesPending: 1 } });
  });

  it("sends the status whoever asked the device (the back office's panel, the Z), once per change", async () => {
    await till.core.services.fiscal.statusView();
    expect(statuses(till)).toHaveLength(1);

    device.persistentFailure = 'paper-out';
    await sell(1);
    await till.core.services.fiscal.idle();
    expect(till.core.services.fiscal.state().jobs).toHaveLength(1);
    device.persistentFailure = null;
    // The job issues (the serial is now known), the panel reads twice, the Z reads again (the
    // closure date): one record per change, never one per reading.
    await till.core.services.fiscal.retry();
    await till.core.services.fiscal.statusView();
    await till.core.services.fiscal.statusView();
    await till.call('shift.close', { denominations: drawer }, token);
    expect(statuses(till).map((r) => [r.serial, r.lastClosureDate])).toEqual([
      [null, null],
      ['99MEY012345', null],
      ['99MEY012345', device.closures[0]!.date],
    ]);
  });

  it('reads the status at start, so head office sees the RT before any screen asks', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(device.calls.status).toBeGreaterThanOrEqual(1);
    expect(statuses(till)).toHaveLength(1);
  });

  it('sends nothing before the till is paired, and the same status once it is', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(statuses(till)).toHaveLength(1);
    till.core.services.context.setStoreId('store-roma');
    await till.core.services.fiscal.refreshStatus();
    expect(statuses(till).map((r) => r.storeId)).toEqual(['store-milano', 'store-roma']);

    const fresh = createTestTill({ fiscalDevice: new FakeFiscalDevice() });
    try {
      await fresh.core.services.fiscal.refreshStatus();
      expect(pending(fresh).filter((r) => r.type === 'fiscal-status')).toEqual([]);
    } finally {
      await fresh.dispose();
    }
  });

  it('sends nothing when the device does not answer', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = statuses(till).length;
    device.persistentFailure = 'offline';
    device.closures.push({ serial: '99MEY012345', zNumber: 9, dailyAmountCents: 0, date: '2026-12-04', time: '09:00:00' });
    await till.core.services.fiscal.refreshStatus();
    expect(statuses(till)).toHaveLength(before);
  });
});
