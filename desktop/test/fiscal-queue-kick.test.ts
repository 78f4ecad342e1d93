/**
 * Found by the Z property test's scratch runs: a sale completed right after the till starts (in
 * the same tick as the queue's start-up pass, before that pass's promise has settled) had its
 * `kick()` taken as "already running, go again" by a loop that had already decided to stop. Its
 * document was then not sent until something else kicked the queue (the next sale, a retry):
 * the last sale of a day would wait and the Z be refused. Checked with the real Epson adapter
 * against the RT emulator, and with the core's fake device.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFiscalDevice } from '@cassa/drivers';
import type { FiscalDevice } from '@cassa/drivers';
import { ManualClock, startRtEmulator } from '@cassa/drivers/testing';
import type { RtEmulator } from '@cassa/drivers/testing';
import { createTestTill, FakeFiscalDevice } from '@cassa/desktop/testing';
import type { TestTill } from '@cassa/desktop/testing';
import { demoEan } from '../src/core';

const cashier = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A sale completed synchronously right after the till was made: no await in between. */
function sellAtOnce(till: TestTill): string {
  const { shifts, tickets, completion } = till.core.services;
  shifts.open(cashier, 0);
  tickets.scan(cashier, demoEan(1));
  tickets.addPayment(cashier, 'cash', tickets.current(cashier)!.remainingCents, undefined);
  return completion.complete(cashier, false).saleId;
}

async function emulatedEpson(): Promise<FiscalDevice> {
  const rt: RtEmulator = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00') });
  cleanups.push(() => rt.close());
  return createFiscalDevice(`epson-rt://127.0.0.1:${rt.port}?timeoutMs=2000`);
}

describe('a sale completed in the same tick the till started', () => {
  it.each([
    ['the Epson adapter and the RT emulator', emulatedEpson],
    ['the fake device', () => Promise.resolve(new FakeFiscalDevice())],
  ])('is sent at once (%s)', async (_, makeDevice) => {
    const till = createTestTill({ fiscalDevice: await makeDevice() });
    cleanups.push(() => till.dispose());
    const saleId = sellAtOnce(till);
    await till.core.services.fiscal.idle();
    expect(till.core.services.fiscal.state().jobs).toEqual([]);
    expect(till.core.services.fiscal.documentOfSale(saleId)?.documentNumber).toBe(1);
  });
});
