/**
 * Found by the Z property test (which reads the emulator's table into the till to pass): out of the
 * box, the till's department table (shared DEFAULT_DEPARTMENTS: 5…10 = N1…N6) and the RT
 * emulator's (emulator-departments.ts: 5 = N4, 6 = N1, 7 = N2, 8 = N3, 9 = N5, 10 = N6) disagree
 * on the natures, and the Epson adapter cannot read the table from the device (`departments()`
 * is null). A demo shop on the emulator selling the newspaper (N2) sends it to department 6, which
 * the device books as N1. Both tables are [U] choices; one should follow the other. Pinned with
 * `it.fails` until then: the 22 % line passes, the N2 line fails.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFiscalDevice } from '@cassa/drivers';
import { ManualClock, startRtEmulator } from '@cassa/drivers/testing';
import type { RtEmulator } from '@cassa/drivers/testing';
import { createTestTill } from '@cassa/desktop/testing';
import type { TestTill } from '@cassa/desktop/testing';
import { demoEan } from '../src/core';

const cashier = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
let rt: RtEmulator;
let till: TestTill;

beforeEach(async () => {
  rt = await startRtEmulator({ port: 0, clock: new ManualClock('2026-12-03T09:00:00') });
  till = createTestTill({ fiscalDevice: createFiscalDevice(`epson-rt://127.0.0.1:${rt.port}?timeoutMs=2000`) });
  await till.core.services.fiscal.idle();
  till.core.services.shifts.open(cashier, 0);
});
afterEach(async () => {
  await till.dispose();
  await rt.close();
});

/** Sells one demo product and returns the VAT class the device booked it under. */
async function bookedAs(ean: string): Promise<string[]> {
  const { tickets, completion, fiscal } = till.core.services;
  tickets.scan(cashier, ean);
  tickets.addPayment(cashier, 'cash', tickets.current(cashier)!.remainingCents, undefined);
  completion.complete(cashier, false);
  await fiscal.idle();
  const state = (await (await fetch(`${rt.url}/__mock/state`)).json()) as { dayTotals: { vat: Record<string, unknown> } };
  return Object.keys(state.dayTotals.vat);
}

describe("the till's default departments against the RT emulator's", () => {
  it('a 22 % product is booked at 22 %', async () => {
    // demoEan(1) is the ground coffee, VAT 22 (demo-shop.ts).
    expect(await bookedAs(demoEan(1))).toEqual(['22']);
  });

  it.fails('a newspaper (N2) is booked as N2', async () => {
    // demoEan(8) is the newspaper, nature N2 (demo-shop.ts).
    expect(await bookedAs(demoEan(8))).toEqual(['N2']);
  });
});
