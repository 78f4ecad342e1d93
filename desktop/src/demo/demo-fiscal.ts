/**
 * @module
 * `CASSA_DEMO_FISCAL=1`: the demo shop with an emulated Italian fiscal device. The RT emulator
 * (drivers/src/fiscal/emulator, the one `npm run rt-emulator` starts) listens on a free port of
 * 127.0.0.1 with the host's clock, the till uses it as `epson-rt://127.0.0.1:<port>` for this run,
 * and the department table is set to what the emulator holds (an Epson cannot report it, so a real
 * shop types it in as its technician programmed it). CASSA_DEMO_FISCAL_PORT picks the port.
 */
import type { Department, VatCode } from '@cassa/shared';
import { DEFAULT_DEPARTMENTS, VAT_NATURE_DESCRIPTIONS, isVatNature, vatCodeSchema } from '@cassa/shared';
import type { RtEmulator } from '@cassa/drivers/rt-emulator';
import { SystemClock, defaultDepartments, startRtEmulator } from '@cassa/drivers/rt-emulator';
import type { TillCore } from '../core';

export interface DemoFiscal {
  readonly emulator: RtEmulator;
  /** The connection string the till uses for this run. */
  readonly connection: string;
  close(): Promise<void>;
}

/** The emulator port the environment asks for: null when CASSA_DEMO_FISCAL is not 1; 0 for a free one. */
export function demoFiscalPortFor(env: NodeJS.ProcessEnv): number | null {
  if (env.CASSA_DEMO_FISCAL !== '1') return null;
  const port = Number(env.CASSA_DEMO_FISCAL_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CASSA_DEMO_FISCAL_PORT=${env.CASSA_DEMO_FISCAL_PORT ?? ''} is not a port`);
  return port;
}

export async function startDemoFiscal(port: number): Promise<DemoFiscal> {
  const emulator = await startRtEmulator({ port, clock: new SystemClock(), brands: ['epson'] });
  return { emulator, connection: `epson-rt://127.0.0.1:${emulator.port}`, close: () => emulator.close() };
}

/** The emulator's department table as the till's rows. */
export function emulatorDepartments(): Department[] {
  return [...defaultDepartments].map(([department, vat]) => {
    const vatCode: VatCode = vatCodeSchema.parse(vat.key);
    return { department, vatCode, description: isVatNature(vatCode) ? `${vatCode} ${VAT_NATURE_DESCRIPTIONS[vatCode].it}`.slice(0, 40) : `IVA ${vatCode}%` };
  });
}

/** Sets the till's table to the emulator's, unless the shop already changed it from the defaults. */
export function matchEmulatorDepartments(core: TillCore): void {
  const current = core.services.fiscal.departments();
  if (JSON.stringify(current) !== JSON.stringify(DEFAULT_DEPARTMENTS)) return;
  core.services.fiscal.setDepartments({ userId: 'user-admin', name: 'Admin', role: 'admin' }, emulatorDepartments(), undefined);
}
