/**
 * @module
 * Where most fiscal core tests start: the demo till with a fake RT, Giulia logged in and her
 * shift open; and coffees (demo item 1, 4,49 each) rung up, paid and sold.
 */
import { demoEan } from '../../demo/demo-shop';
import type { TestTill } from '../../testing/test-till';
import { createTestTill } from '../../testing/test-till';
import { FakeFiscalDevice } from './fake-fiscal-device';

export const COFFEE_CENTS = 449;

export interface FiscalTill {
  readonly device: FakeFiscalDevice;
  readonly till: TestTill;
  readonly token: string;
}

export async function openFiscalTill(floatCents = 0): Promise<FiscalTill> {
  const device = new FakeFiscalDevice();
  const till = createTestTill({ fiscalDevice: device });
  const token = await till.login('user-giulia', '1111');
  await till.call('shift.open', { floatCents }, token);
  return { device, till, token };
}

/** Rings up `count` coffees and pays them exactly with `method`. */
export async function ringUpCoffees(till: TestTill, token: string, count = 1, method: 'cash' | 'card' = 'cash'): Promise<void> {
  for (let i = 0; i < count; i++) await till.call('sale.scan', { code: demoEan(1) }, token);
  await till.call('sale.addPayment', { method, amountCents: COFFEE_CENTS * count }, token);
}

/** Rings up, pays and completes `count` coffees, printing nothing. */
export async function sellCoffees(till: TestTill, token: string, count = 1, method: 'cash' | 'card' = 'cash') {
  await ringUpCoffees(till, token, count, method);
  return till.call('sale.complete', { printReceipt: false }, token);
}
