/**
 * @module
 * Puts the fiscal pieces together for the composition root: the store, the intents SaleCompletion
 * writes in a sale's transaction, the queue that sends them, the closures and the facade service.
 * Without a device the intents and the queue are null and sales go as they always did.
 */
import type { FiscalBrand, FiscalDevice } from '@cassa/drivers/portable';
import { FiscalDeviceError } from '@cassa/drivers/portable';
import type { Logger } from '../api/dispatcher';
import type { UserService } from '../auth/user-service';
import type { ShiftService } from '../shifts/shift-service';
import type { TillContext } from '../till-context';
import { FiscalClosures } from './fiscal-closures';
import { FiscalIntents } from './fiscal-intents';
import type { FiscalQueueOptions } from './fiscal-queue';
import { FiscalQueue } from './fiscal-queue';
import { reportStatusIfChanged } from './fiscal-records-up';
import type { FiscalConnectionInUse } from './fiscal-service';
import { FISCAL_CONNECTION_KEY, FiscalService, fiscalConnectionFor } from './fiscal-service';
import { fiscalStateView } from './fiscal-state-view';
import { FiscalStore } from './fiscal-store';

export interface FiscalOptions {
  /**
   * The device itself (tests, the emulator's tests): wins over any connection. `null` means no
   * device whatever the settings and the environment say.
   */
  readonly device?: FiscalDevice | null;
  /** A connection string for this run (the host passes `CASSA_FISCAL`); else the saved setting. */
  readonly connection?: string;
  readonly queue?: FiscalQueueOptions;
}

export interface FiscalParts {
  readonly service: FiscalService;
  readonly intents: FiscalIntents | null;
  readonly queue: FiscalQueue | null;
}

/**
 * A device set but unusable (a malformed string, a brand without an adapter yet): the till still
 * starts, and every call fails as the device being offline, so sales wait loudly for their
 * documents and the Z is refused, rather than a shop that asked for a fiscal device selling without one.
 */
function unusableDevice(brand: FiscalBrand, message: string): FiscalDevice {
  const fail = (): Promise<never> => Promise.reject(new FiscalDeviceError('offline', message));
  return { brand, status: fail, issue: fail, lastDocument: fail, checkReference: fail, xReading: fail, zClosure: fail, departments: fail };
}

function deviceFor(ctx: TillContext, options: FiscalOptions, open: (connection: string) => FiscalDevice, logger: Logger): { device: FiscalDevice | null; inUse: FiscalConnectionInUse } {
  const fromEnvironment = options.connection !== undefined;
  if (options.device !== undefined) return { device: options.device, inUse: { connection: options.device ? `${options.device.brand} (given by the host)` : null, fromEnvironment } };
  const connection = fiscalConnectionFor(ctx.settings.get(FISCAL_CONNECTION_KEY), options.connection);
  const inUse = { connection, fromEnvironment };
  if (connection === null) return { device: null, inUse };
  try {
    return { device: open(connection), inUse };
  } catch (error) {
    logger.error(`Fiscal device ${connection} cannot be used`, error);
    return { device: unusableDevice('epson', `The fiscal device ${connection} cannot be used: ${error instanceof Error ? error.message : String(error)}`), inUse };
  }
}

/**
 * `fiscal.changed` for the screens, at most once per turn of the event loop: a sale's job is
 * written, sent and issued in one burst, and the screen needs the state after it, not each step.
 */
function changeNotifier(ctx: TillContext, service: () => FiscalService | null, logger: Logger): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      const current = service();
      if (!current) return;
      try {
        ctx.events.emit('fiscal.changed', fiscalStateView(ctx.store, current.state()));
      } catch (error) {
        // The till closed meanwhile (its database gone): no screen is left to tell.
        logger.error('Fiscal state not sent to the screens', error);
      }
    }, 0).unref?.();
  };
}

export function setUpFiscal(
  ctx: TillContext,
  users: UserService,
  shifts: ShiftService,
  options: FiscalOptions,
  logger: Logger,
  timeZone: () => string,
  openDevice: (connection: string) => FiscalDevice,
): FiscalParts {
  const store = new FiscalStore(ctx.store.db, () => ctx.clock.now().toISOString());
  const { device, inUse } = deviceFor(ctx, options, openDevice, logger);
  let service: FiscalService | null = null;
  const notify = changeNotifier(ctx, () => service, logger);
  const queue = device
    ? new FiscalQueue(ctx, store, device, { logger, onStatus: (status) => reportStatusIfChanged(ctx, status), ...options.queue, onChange: notify })
    : null;
  const closures = new FiscalClosures(ctx, store, shifts, device);
  service = new FiscalService(ctx, store, users, closures, device, queue, inUse, timeZone, notify);
  return {
    service,
    intents: device ? new FiscalIntents(ctx, store, users) : null,
    queue,
  };
}
