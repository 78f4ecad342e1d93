/**
 * @module
 * Starts a whole till the same way for both shells (Electron main and the browser host): the
 * receipt printer from its connection string, the core on the data folder, the demo shop when
 * asked. The shells add only their own window or HTTP server around it. No head office here:
 * the demo launcher (`desktop/src/demo`) composes one beside the till.
 */
import type { Logger, PeripheralConfig, PinKey, TillCore } from '../core';
import { createPrinterPort, createTillCore, readDeviceSettings, seedDemoShop } from '../core';

export interface TillRuntimeOptions {
  readonly dataDir: string;
  /** e.g. `virtual:printer`, `tcp://192.168.1.50:9100`, `serial:/dev/ttyUSB0?baudRate=19200`. */
  readonly printerConnection: string;
  /** Printer profile id such as `epson-tm-t20`; defaults to a generic 80 mm printer. */
  readonly printerProfile?: string;
  readonly demo: boolean;
  readonly peripherals?: PeripheralConfig;
  readonly logger?: Logger;
  readonly timeZone?: string;
  /** Seals PIN hashes at rest; see `pin-key.ts` (browser host) and `main/pin-key-store.ts` (Electron). */
  readonly pinKey?: PinKey;
  /** The Italian fiscal device for this run (`CASSA_FISCAL`); without it the core reads the saved setting. */
  readonly fiscalConnection?: string;
}

export interface TillRuntime {
  readonly core: TillCore;
  close(): Promise<void>;
}

export async function startTillRuntime(options: TillRuntimeOptions): Promise<TillRuntime> {
  const printer = await createPrinterPort(options.printerConnection, options.printerProfile ?? 'generic-80mm');
  const core = createTillCore({
    dataDir: options.dataDir,
    printer,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.pinKey ? { pinKey: options.pinKey } : {}),
    ...(options.peripherals ? { peripherals: options.peripherals } : {}),
    ...(options.fiscalConnection !== undefined ? { fiscal: { connection: options.fiscalConnection } } : {}),
  });
  if (options.demo) seedDemoShop(core.services);
  let closed = false;
  return {
    core,
    async close() {
      if (closed) return;
      closed = true;
      await core.close();
    },
  };
}

/**
 * The devices for this run: what the shop saved in the back office, with any environment
 * variable (set by an installer or a technician) taking precedence for this run.
 */
export function devicesFor(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): { printerConnection: string; printerProfile: string; peripherals: PeripheralConfig; fiscalConnection?: string } {
  const saved = readDeviceSettings(dataDir);
  const pick = (envValue: string | undefined, savedValue: string) => (envValue !== undefined ? envValue : savedValue) || undefined;
  return {
    printerConnection: pick(env.CASSA_PRINTER, saved.printer) ?? 'none',
    printerProfile: pick(env.CASSA_PRINTER_PROFILE, saved.printerProfile) ?? 'generic-80mm',
    peripherals: {
      scanner: pick(env.CASSA_SCANNER, saved.scanner),
      display: pick(env.CASSA_DISPLAY, saved.display),
      scale: pick(env.CASSA_SCALE, saved.scale),
      scaleProtocol: (pick(env.CASSA_SCALE_PROTOCOL, saved.scaleProtocol) ?? 'mettler-toledo-8217') === 'adam' ? 'adam' : 'mettler-toledo-8217',
    },
    // The fiscal device's saved string is read by the core itself (fiscal-setup.ts); the environment wins for this run.
    ...(env.CASSA_FISCAL !== undefined ? { fiscalConnection: env.CASSA_FISCAL } : {}),
  };
}
