/**
 * The lost Z against the RT emulator's Epson endpoint (fpmate.cgi over real HTTP): the device
 * closes the day and answers only after the client's timeout ("reply-after-timeout"), drops the
 * connection, or answers FP_NO_ANSWER (drivers/src/fiscal/emulator/emulator-faults.ts). The till
 * must store exactly the Z the device made.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFiscalDevice } from '@cassa/drivers';
import type { RtEmulator } from '@cassa/drivers/testing';
import { ManualClock, startRtEmulator } from '@cassa/drivers/testing';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { SettableClock, createTestTill } from '../testing/test-till';

const drawer = { '200': 2, '5': 1, '2': 2 };
/** The client gives up after 1000 + 250 ms (slack for a loaded machine); the emulator holds the Z's reply for 4 s. */
const timeoutMs = 1000;
const replyDelayMs = 4000;

interface EmulatorClosure {
  z: number;
  date: string;
  documents: number;
  dailyAmountCents: number;
}

async function emulatorState(rt: RtEmulator): Promise<{ serial: string; closures: EmulatorClosure[] }> {
  const response = await fetch(`${rt.url}/__mock/state`);
  return (await response.json()) as { serial: string; closures: EmulatorClosure[] };
}

describe('a Z whose reply is lost after the device closed the day, on the Epson endpoint', () => {
  let rt: RtEmulator;
  let till: TestTill;

  beforeEach(async () => {
    rt = await startRtEmulator({ clock: new ManualClock('2026-11-26T09:00:00'), brands: ['epson'] });
    const clock = new SettableClock(new Date('2026-11-26T09:00:00.000Z'));
    const device = createFiscalDevice(`epson-rt://127.0.0.1:${rt.port}?timeoutMs=${timeoutMs}`, { replyGraceMs: 250, now: () => clock.now() });
    till = createTestTill({ fiscalDevice: device, clock });
  });
  afterEach(async () => {
    await till.dispose();
    await rt.close();
  });

  it.each(['reply-after-timeout', 'drop-after-print', 'no-answer-after-print'] as const)('%s: is found, never sent twice, and stored as the device made it', async (faultName) => {
    const token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, token);
    for (const count of [1, 2]) {
      for (let i = 0; i < count; i++) await till.call('sale.scan', { code: demoEan(1) }, token);
      await till.call('sale.addPayment', { method: 'card', amountCents: 449 * count }, token);
      await till.call('sale.complete', { printReceipt: false }, token);
    }
    await till.core.services.fiscal.idle();
    expect(till.core.services.fiscal.state().jobs).toEqual([]);
    const shiftId = till.core.services.shifts.current()!.id;

    const fault = await fetch(`${rt.url}/__mock/fault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: faultName, delayMs: replyDelayMs }),
    });
    expect(fault.ok).toBe(true);

    const started = Date.now();
    for (let attempt = 0; attempt < 3 && till.core.services.shifts.current(); attempt++) {
      const result = await till.raw('shift.close', { denominations: drawer }, token);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'DEVICE_UNAVAILABLE' });
    }
    // The till did not wait for the late reply: it found the Z by an X reading.
    expect(Date.now() - started).toBeLessThan(replyDelayMs);
    expect(till.core.services.shifts.current()).toBeNull();

    const { serial, closures } = await emulatorState(rt);
    expect(closures).toHaveLength(1);
    const [made] = closures;
    expect(made).toMatchObject({ z: 1, documents: 2, dailyAmountCents: 449 * 3 });
    expect(till.core.services.fiscal.zClosureOf(shiftId)).toMatchObject({ serial, zNumber: made!.z, dailyAmountCents: made!.dailyAmountCents, date: made!.date });
    const row = till.core.store.db.prepare("SELECT source FROM fiscal_closures WHERE shift_id = ? AND kind = 'Z'").get(shiftId) as { source: string };
    expect(row.source).toBe('recovered');

    // The late reply arrives at last; nothing more is sent.
    if (faultName === 'reply-after-timeout') await new Promise((resolve) => setTimeout(resolve, replyDelayMs - (Date.now() - started) + 100));
    expect((await emulatorState(rt)).closures).toHaveLength(1);
  });
});
