/**
 * A daily closure (Z) whose reply was lost is found, never run twice: the reply lost after the
 * device closed the day, lost before it got there, a till killed mid-Z (a new core on the same
 * SQLite file), a Z refused for good, and a day without documents.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FiscalDeviceError } from '@cassa/drivers/portable';
import type { FiscalClosureRecord } from '@cassa/shared';
import { errorSentence } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { FakeFiscalDevice } from './testing/fake-fiscal-device';
import { openFiscalTill, sellCoffees } from './testing/fiscal-till';

const drawer = { '200': 2, '5': 1, '2': 2 };

interface ClosureRow {
  z_number: number;
  daily_amount_cents: number;
  device_date: string;
  device_time: string;
  source: string;
}

function storedZ(till: TestTill, shiftId: string): ClosureRow | undefined {
  return till.core.store.db.prepare("SELECT z_number, daily_amount_cents, device_date, device_time, source FROM fiscal_closures WHERE shift_id = ? AND kind = 'Z'").get(shiftId) as
    | ClosureRow
    | undefined;
}

function markers(till: TestTill): { shift_id: string; open_z: number; basis: string }[] {
  return till.core.store.db.prepare('SELECT shift_id, open_z, basis FROM fiscal_z_sending').all() as { shift_id: string; open_z: number; basis: string }[];
}

function auditActions(till: TestTill): string[] {
  return (till.core.store.db.prepare('SELECT action FROM audit_log ORDER BY sequence').all() as { action: string }[]).map((r) => r.action);
}

function closureRecords(till: TestTill): FiscalClosureRecord[] {
  return till.core.services.context.outbox
    .pending(10_000)
    .flatMap((op) => (op.record.type === 'fiscal-closure' ? [op.record.record] : []));
}

async function sellCoffeesIssued(till: TestTill, token: string, count: number): Promise<void> {
  await sellCoffees(till, token, count);
  await till.core.services.fiscal.idle();
}

/** The cashier presses "close" again until the till closes the shift (at most `tries` times). */
async function closeUntilDone(till: TestTill, token: string, tries = 3): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const result = await till.raw('shift.close', { denominations: drawer }, token);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', details: { reason: 'fiscal-z-uncertain' } });
  }
  throw new Error(`the shift did not close in ${tries} tries`);
}

describe('a Z whose reply was lost', () => {
  let device: FakeFiscalDevice;
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    ({ device, till, token } = await openFiscalTill());
  });
  afterEach(() => till.dispose());

  it("is found by an X reading and stored as recovered with the till's amount, never sent twice", async () => {
    await sellCoffeesIssued(till, token, 1);
    await sellCoffeesIssued(till, token, 2);
    const shiftId = till.core.services.shifts.current()!.id;
    device.zFaults.push({ kind: 'lose-reply-after-issue' });

    await closeUntilDone(till, token);

    expect(device.calls.zClosure).toBe(1);
    expect(device.closures).toEqual([expect.objectContaining({ zNumber: 1, dailyAmountCents: 449 * 3 })]);
    // The Z number is the device's; the amount the till's own documents of that Z (the device's never arrived).
    expect(storedZ(till, shiftId)).toEqual({ z_number: 1, daily_amount_cents: 449 * 3, device_date: '2026-11-26', device_time: '09:00:00', source: 'recovered' });
    expect(till.core.services.fiscal.zClosureOf(shiftId)).toMatchObject({ serial: device.serial, zNumber: 1, dailyAmountCents: 1347 });
    expect(markers(till)).toEqual([]);
    expect(auditActions(till)).toContain('fiscal.zClosureRecovered');
    const [record] = closureRecords(till);
    expect(record).toMatchObject({ shiftId, documents: 2, closure: { serial: device.serial, zNumber: 1, dailyAmountCents: 1347 } });
    expect(record!.vatTotals.sales).toEqual([expect.objectContaining({ grossCents: 1347 })]);
    expect(till.core.services.shifts.current()).toBeNull();
  });

  it('sends one Z when two closes reach the service at once (the dispatcher runs commands one at a time; other callers may not)', async () => {
    await sellCoffeesIssued(till, token, 1);
    const shiftId = till.core.services.shifts.current()!.id;
    const actor = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
    const close = () => till.core.services.fiscal.closeShift(actor, drawer, undefined);
    const results = await Promise.allSettled([close(), close()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(device.calls.zClosure).toBe(1);
    expect(storedZ(till, shiftId)).toMatchObject({ z_number: 1, source: 'device' });
  });

  it('sends the Z again only after an X reading shows it did not run', async () => {
    await sellCoffeesIssued(till, token, 1);
    const shiftId = till.core.services.shifts.current()!.id;
    device.zFaults.push({ kind: 'lose-reply-before-issue' });

    const first = await till.raw('shift.close', { denominations: drawer }, token);
    expect(first.ok).toBe(false);
    expect(markers(till)).toEqual([{ shift_id: shiftId, open_z: 1, basis: 'last-document' }]);
    expect(till.core.services.shifts.current()?.id).toBe(shiftId);

    await closeUntilDone(till, token);
    expect(device.calls.zClosure).toBe(2);
    expect(device.closures).toHaveLength(1);
    expect(storedZ(till, shiftId)).toMatchObject({ z_number: 1, daily_amount_cents: 449, source: 'device' });
    expect(markers(till)).toEqual([]);
  });

  it('clears the marker when the device then refuses the Z for good, and the next close sends it without an X', async () => {
    await sellCoffeesIssued(till, token, 1);
    const shiftId = till.core.services.shifts.current()!.id;
    device.zFaults.push({ kind: 'lose-reply-before-issue' }, { kind: 'fail', failure: 'paper-out' });
    expect((await till.raw('shift.close', { denominations: drawer }, token)).ok).toBe(false);
    expect(markers(till)).toHaveLength(1);

    // The X shows the day still open; the Z sent again meets an empty roll: a definite no.
    const refused = await till.raw('shift.close', { denominations: drawer }, token);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', details: { reason: 'fiscal-device-failure', failure: 'paper-out' } });
    expect(markers(till)).toEqual([]);
    const readings = device.calls.xReading;

    await till.call('shift.close', { denominations: drawer }, token);
    expect(device.calls.xReading).toBe(readings);
    expect(device.calls.zClosure).toBe(3);
    expect(device.closures).toHaveLength(1);
    expect(storedZ(till, shiftId)).toMatchObject({ z_number: 1, source: 'device' });
  });

  it('keeps the marker while the device cannot answer the X, and never sends a Z meanwhile', async () => {
    await sellCoffeesIssued(till, token, 1);
    await till.call('shift.close', { denominations: drawer }, token);
    expect(device.closures).toHaveLength(1);

    // Next day: the device drops off the network right after closing.
    await till.call('shift.open', { floatCents: 0 }, token);
    await sellCoffeesIssued(till, token, 1);
    const shiftId = till.core.services.shifts.current()!.id;
    device.zFaults.push({ kind: 'lose-reply-after-issue' });
    const realX = device.xReading.bind(device);
    let offline = 2;
    device.xReading = async () => {
      if (offline-- > 0) {
        device.calls.xReading++;
        throw new FiscalDeviceError('offline', 'fake device: unreachable');
      }
      return realX();
    };
    for (let i = 0; i < 2; i++) {
      const result = await till.raw('shift.close', { denominations: drawer }, token);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', details: { reason: 'fiscal-z-uncertain', failure: 'offline' } });
      expect(errorSentence(result.error, 'it')).toContain('il registratore non risponde');
      expect(errorSentence(result.error, 'it')).toContain('Non viene ripetuta alla cieca');
    }
    expect(device.calls.zClosure).toBe(2);
    expect(markers(till)).toEqual([{ shift_id: shiftId, open_z: 2, basis: 'last-document' }]);

    await till.call('shift.close', { denominations: drawer }, token);
    expect(device.calls.zClosure).toBe(2);
    expect(device.closures.map((c) => c.zNumber)).toEqual([1, 2]);
    expect(storedZ(till, shiftId)).toMatchObject({ z_number: 2, daily_amount_cents: 449, source: 'recovered' });
  });
});

describe('a day without documents', () => {
  let device: FakeFiscalDevice;
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    device = new FakeFiscalDevice();
    till = createTestTill({ fiscalDevice: device });
    token = await till.login('user-giulia', '1111');
  });
  afterEach(() => till.dispose());

  it("takes the X reading's number as the baseline, so a lost Z after yesterday's is still found", async () => {
    await till.call('shift.open', { floatCents: 0 }, token);
    await sellCoffeesIssued(till, token, 1);
    await till.call('shift.close', { denominations: drawer }, token);
    expect(device.calls.xReading).toBe(0);

    // A day with no sale: the device's last document is yesterday's, whose Z the till holds.
    await till.call('shift.open', { floatCents: 0 }, token);
    const shiftId = till.core.services.shifts.current()!.id;
    device.zFaults.push({ kind: 'lose-reply-after-issue' });
    await closeUntilDone(till, token);

    expect(device.closures.map((c) => [c.zNumber, c.dailyAmountCents])).toEqual([
      [1, 449],
      [2, 0],
    ]);
    expect(storedZ(till, shiftId)).toMatchObject({ z_number: 2, daily_amount_cents: 0, source: 'recovered' });
    // Two X slips printed on that path (the baseline, the check), both kept with the shift.
    expect(device.calls.xReading).toBe(2);
    expect(till.core.store.db.prepare("SELECT z_number FROM fiscal_closures WHERE shift_id = ? AND kind = 'X' ORDER BY rowid").all(shiftId)).toEqual([{ z_number: 2 }, { z_number: 3 }]);
    expect(closureRecords(till).at(-1)).toMatchObject({ shiftId, documents: 0, closure: { zNumber: 2, dailyAmountCents: 0 }, vatTotals: { sales: [], returns: [], voids: [] } });
  });

  it('on a device that never issued a document, a Z that did not run is sent once more', async () => {
    await till.call('shift.open', { floatCents: 0 }, token);
    const shiftId = till.core.services.shifts.current()!.id;
    device.zFaults.push({ kind: 'lose-reply-before-issue' });
    expect((await till.raw('shift.close', { denominations: drawer }, token)).ok).toBe(false);
    expect(markers(till)).toEqual([{ shift_id: shiftId, open_z: 1, basis: 'x-reading' }]);
    await closeUntilDone(till, token);
    expect(device.closures).toHaveLength(1);
    expect(storedZ(till, shiftId)).toMatchObject({ z_number: 1, daily_amount_cents: 0, source: 'device' });
  });
});

describe('a till killed while its Z was out', () => {
  it.each([
    ['after the device closed the day', true, 'recovered', 1],
    ['before the Z reached the device', false, 'device', 2],
  ] as const)('%s: the next core on the same file finds out before sending, and one Z is stored', async (_name, closeFirst, source, zCalls) => {
    const device = new FakeFiscalDevice();
    const first = createTestTill({ fiscalDevice: device });
    let token = await first.login('user-giulia', '1111');
    await first.call('shift.open', { floatCents: 0 }, token);
    await sellCoffeesIssued(first, token, 2);
    const shiftId = first.core.services.shifts.current()!.id;
    const release = device.hangNextZ(closeFirst);
    const dying = first.raw('shift.close', { denominations: drawer }, token);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(device.calls.zClosure).toBe(1);

    const till = first.reopen();
    try {
      expect(markers(till)).toEqual([{ shift_id: shiftId, open_z: 1, basis: 'last-document' }]);
      token = await till.login('user-giulia', '1111');
      await till.call('shift.close', { denominations: drawer }, token);
      expect(device.calls.zClosure).toBe(zCalls);
      expect(device.closures).toHaveLength(1);
      expect(storedZ(till, shiftId)).toMatchObject({ z_number: 1, daily_amount_cents: 898, source });
      expect(markers(till)).toEqual([]);
    } finally {
      // The dead till's Z answers at last: it finds the Z stored and sends nothing.
      release();
      await dying;
      expect(device.closures).toHaveLength(1);
      await till.dispose();
      await first.dispose();
    }
  });
});

describe('a marker met by another device', () => {
  it('sends nothing to it: the Z of the device it was sent to cannot be checked there', async () => {
    const device = new FakeFiscalDevice('99MEY012345');
    const first = createTestTill({ fiscalDevice: device });
    const token = await first.login('user-giulia', '1111');
    await first.call('shift.open', { floatCents: 0 }, token);
    await sellCoffeesIssued(first, token, 1);
    const shiftId = first.core.services.shifts.current()!.id;
    const release = device.hangNextZ(true);
    const dying = first.raw('shift.close', { denominations: drawer }, token);
    await new Promise((resolve) => setTimeout(resolve, 10));

    const replacement = new FakeFiscalDevice('99MEY054321');
    const till = createTestTill({ demo: false, dir: first.dir, clock: first.clock, fiscalDevice: replacement });
    try {
      const refused = await till.raw('shift.close', { denominations: drawer }, await till.login('user-giulia', '1111'));
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', details: { reason: 'fiscal-z-other-device', serial: '99MEY054321', expected: '99MEY012345' } });
      expect(replacement.calls.zClosure).toBe(0);
      expect(markers(till)).toEqual([{ shift_id: shiftId, open_z: 1, basis: 'last-document' }]);
    } finally {
      release();
      await dying;
      await till.dispose();
      await first.dispose();
    }
  });
});
