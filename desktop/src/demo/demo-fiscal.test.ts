import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoEan } from '../core';
import { demoFiscalPortFor, emulatorDepartments } from './demo-fiscal';
import type { DemoRuntime } from './demo-runtime';
import { startDemoRuntime } from './demo-runtime';

describe('CASSA_DEMO_FISCAL=1: the demo shop with the RT emulator', () => {
  const dirs: string[] = [];
  let runtime: DemoRuntime | null = null;
  afterEach(async () => {
    await runtime?.close();
    runtime = null;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the switch and the port from the environment', () => {
    expect(demoFiscalPortFor({})).toBeNull();
    expect(demoFiscalPortFor({ CASSA_DEMO_FISCAL: '0' })).toBeNull();
    expect(demoFiscalPortFor({ CASSA_DEMO_FISCAL: '1' })).toBe(0);
    expect(demoFiscalPortFor({ CASSA_DEMO_FISCAL: '1', CASSA_DEMO_FISCAL_PORT: '8123' })).toBe(8123);
    expect(() => demoFiscalPortFor({ CASSA_DEMO_FISCAL: '1', CASSA_DEMO_FISCAL_PORT: '70000' })).toThrow(/not a port/);
    expect(() => demoFiscalPortFor({ CASSA_DEMO_FISCAL: '1', CASSA_DEMO_FISCAL_PORT: 'abc' })).toThrow(/not a port/);
  });

  it("sells through the emulator: its journal holds the document, filed under the emulator's departments", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-demo-fiscal-'));
    dirs.push(dir);
    runtime = await startDemoRuntime({ dataDir: dir, printerConnection: 'virtual:printer', demo: true, embeddedHeadOffice: null, fiscalEmulatorPort: 0, logger: { error: () => undefined } });
    const { core, fiscal } = runtime;
    expect(fiscal?.connection).toBe(`epson-rt://127.0.0.1:${fiscal!.emulator.port}`);
    expect(core.services.fiscal.connectionView()).toMatchObject({ inUse: fiscal!.connection, fromEnvironment: true });
    expect(core.services.fiscal.departments()).toEqual(emulatorDepartments());
    // The emulator's default table is the till's (5…10 = N1…N6): N2 is department 6.
    expect(core.services.fiscal.departments().find((d) => d.vatCode === 'N2')?.department).toBe(6);

    const call = async (name: string, input: unknown, token?: string) => {
      const result = await core.dispatcher.dispatch(name, input, { token, trustedLocal: true });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.data as never;
    };
    const token = (await call('session.login', { userId: 'user-giulia', pin: '1111' }) as { token: string }).token;
    await call('shift.open', { floatCents: 0 }, token);
    await call('sale.scan', { code: demoEan(8) }, token);
    await call('sale.addPayment', { method: 'cash', amountCents: 180 }, token);
    const sale = (await call('sale.complete', { printReceipt: false }, token)) as { saleId: string };
    await core.services.fiscal.idle();
    expect(core.services.fiscal.documentOfSale(sale.saleId)).toMatchObject({ serial: fiscal!.emulator.device.state.serial, documentNumber: 1, amountCents: 180 });
    expect(fiscal!.emulator.device.state.dayTotals().vat['N2']).toMatchObject({ sales: 180 });
  });
});
