/**
 * @module
 * The demo: a whole till (`startTillRuntime`) with a head office beside it, on its own SQLite
 * file in the same data folder, paired on first start. Both demo launchers (the browser one and
 * the Electron one) start the till through here; the till product itself never does.
 */
import type { TillRuntime, TillRuntimeOptions } from '../host';
import { startTillRuntime } from '../host';
import { consoleLogger } from '../core';
import type { DemoFiscal } from './demo-fiscal';
import { matchEmulatorDepartments, startDemoFiscal } from './demo-fiscal';
import type { EmbeddedHeadOffice } from './embedded-head-office';
import { pairDemoTill, startEmbeddedHeadOffice } from './embedded-head-office';

export interface DemoRuntimeOptions extends TillRuntimeOptions {
  /** Runs a head-office server beside the till; the port falls back to a free one. */
  readonly embeddedHeadOffice?: { readonly port: number; readonly webRoot?: string } | null;
  /**
   * Starts the RT emulator on this port (0: a free one) and makes it the till's fiscal device for
   * the run (`CASSA_DEMO_FISCAL=1`, see demo-fiscal.ts); ignored when `fiscalConnection` is given.
   */
  readonly fiscalEmulatorPort?: number | null;
}

export interface DemoRuntime extends TillRuntime {
  readonly headOffice: EmbeddedHeadOffice | null;
  readonly fiscal: DemoFiscal | null;
}

/** The embedded head office the environment asks for: on unless CASSA_EMBEDDED_SERVER=0, port CASSA_SERVER_PORT (8787). */
export function embeddedHeadOfficeFor(env: NodeJS.ProcessEnv, webRoot?: string): DemoRuntimeOptions['embeddedHeadOffice'] {
  if (env.CASSA_EMBEDDED_SERVER === '0') return null;
  return { port: Number(env.CASSA_SERVER_PORT ?? 8787), ...(webRoot ? { webRoot } : {}) };
}

export async function startDemoRuntime(options: DemoRuntimeOptions): Promise<DemoRuntime> {
  const { embeddedHeadOffice, fiscalEmulatorPort, ...tillOptions } = options;
  const fiscal = fiscalEmulatorPort != null && tillOptions.fiscalConnection === undefined ? await startDemoFiscal(fiscalEmulatorPort) : null;
  let till: TillRuntime;
  try {
    till = await startTillRuntime(fiscal ? { ...tillOptions, fiscalConnection: fiscal.connection } : tillOptions);
    if (fiscal) matchEmulatorDepartments(till.core);
  } catch (error) {
    await fiscal?.close();
    throw error;
  }
  let headOffice: EmbeddedHeadOffice | null = null;
  if (embeddedHeadOffice) {
    const { port, webRoot } = embeddedHeadOffice;
    try {
      headOffice = await startEmbeddedHeadOffice({ dataDir: options.dataDir, port, ...(webRoot ? { webRoot } : {}) });
    } catch (error) {
      await till.close();
      await fiscal?.close();
      throw error;
    }
    if (options.demo) {
      // The demo sells even if pairing fails; the status bar shows the sync problem.
      await pairDemoTill(till.core, headOffice).catch((error: unknown) => (options.logger ?? consoleLogger).error('Pairing the demo till failed', error));
      // Paired now: the fiscal device's status (read at start, before pairing, and not sent) goes up.
      void till.core.services.fiscal.refreshStatus();
    }
  }
  let closed = false;
  return {
    core: till.core,
    headOffice,
    fiscal,
    async close() {
      if (closed) return;
      closed = true;
      await till.close();
      await headOffice?.close();
      await fiscal?.close();
    },
  };
}
