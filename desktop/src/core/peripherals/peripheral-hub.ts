/**
 * @module
 * The register's other devices, from their connection strings: a scanner whose codes become
 * `scanner.scan` events for the screen, a customer display that mirrors the ticket, and a scale
 * the cashier reads for weighed goods. Each is optional and independent: one missing or broken
 * device shows in the status bar and never stops the till.
 */
import type { PoleDisplay, Scale, ScannerDevice } from '@cassa/drivers';
import { ScaleError } from '@cassa/drivers/portable';
import type { DeviceAccess } from './device-access';
import type { TicketView } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import type { TillContext } from '../till-context';

export interface PeripheralConfig {
  /** e.g. `serial:/dev/ttyACM0`, `hid://05e0:1200?usagePage=0x8c`. */
  readonly scanner?: string | undefined;
  /** A 2×20 pole display, e.g. `serial:/dev/ttyUSB1?baudRate=9600`. */
  readonly display?: string | undefined;
  readonly scale?: string | undefined;
  readonly scaleProtocol?: 'mettler-toledo-8217' | 'adam' | undefined;
}

export interface DeviceStatusView {
  readonly kind: 'scanner' | 'display' | 'scale';
  readonly connection: string;
  readonly state: string;
  readonly detail: string | null;
}

interface Managed<D> {
  readonly device: D;
  readonly connection: string;
  lastError: string | null;
}

function managed<D extends { open(): Promise<void>; on(event: 'error', listener: (e: { message: string }) => void): unknown }>(
  device: D,
  connection: string,
): Managed<D> {
  const m: Managed<D> = { device, connection, lastError: null };
  device.on('error', (e) => {
    m.lastError = e.message;
  });
  // A device that is off at start goes offline and reconnects by itself; the till does not wait.
  device.open().catch((error: unknown) => {
    m.lastError = error instanceof Error ? error.message : String(error);
  });
  return m;
}

export class PeripheralHub {
  private scanner: Managed<ScannerDevice> | null = null;
  private display: Managed<PoleDisplay> | null = null;
  private scale: Managed<Scale> | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: TillContext,
    config: PeripheralConfig,
    devices: DeviceAccess,
  ) {
    if (config.scanner) {
      this.scanner = managed(devices.openScanner(config.scanner), config.scanner);
      this.scanner.device.on('scan', (scan) => ctx.events.emit('scanner.scan', { code: scan.code, source: config.scanner! }));
    }
    if (config.display) {
      this.display = managed(devices.openPoleDisplay(config.display), config.display);
      void this.show((d) => d.showWelcome(ctx.settings.shop().shopName));
    }
    if (config.scale) {
      this.scale = managed(devices.openScale(config.scale, config.scaleProtocol === 'adam' ? 'adam' : 'mettler-toledo-8217'), config.scale);
    }
    this.unsubscribe = ctx.events.subscribe((event) => {
      if (event.name === 'sale.changed') this.mirrorTicket(event.payload as TicketView);
    });
  }

  private async show(work: (display: PoleDisplay) => Promise<void>): Promise<void> {
    const display = this.display;
    if (!display || display.device.state !== 'ready') return;
    await work(display.device).catch((error: unknown) => {
      display.lastError = error instanceof Error ? error.message : String(error);
    });
  }

  /** While scanning the customer sees the item and its price; once paying starts, the total. */
  private mirrorTicket(ticket: TicketView): void {
    const last = ticket.lines.at(-1);
    if (!last || ticket.payments.length > 0) return void this.show((d) => d.showTotal(ticket.totalCents));
    const pieces = last.unit === 'piece' ? last.quantityMilli / 1000 : 1;
    void this.show((d) => d.showItem(last.description, last.totalCents, pieces));
  }

  saleCompleted(totalCents: number, paidCents: number, changeCents: number): void {
    void this.show((d) => (changeCents > 0 ? d.showChange(paidCents, changeCents) : d.showTotal(totalCents)));
  }

  /** A stable weight in grams, or a clear reason why not (motion, over capacity, no scale). */
  async weigh(): Promise<number> {
    if (!this.scale) throw new CassaError('DEVICE_UNAVAILABLE', 'No scale is configured (CASSA_SCALE)');
    try {
      return await this.scale.device.readStableWeight();
    } catch (error) {
      if (error instanceof ScaleError) throw new CassaError(error.noAnswer ? 'DEVICE_UNAVAILABLE' : 'VALIDATION', error.message, { reason: error.reason });
      throw new CassaError('DEVICE_UNAVAILABLE', error instanceof Error ? error.message : String(error));
    }
  }

  connections(): { scanner: string | null; display: string | null; scale: string | null } {
    return { scanner: this.scanner?.connection ?? null, display: this.display?.connection ?? null, scale: this.scale?.connection ?? null };
  }

  status(): DeviceStatusView[] {
    const views: DeviceStatusView[] = [];
    const add = (kind: DeviceStatusView['kind'], m: Managed<{ state: string }> | null) => {
      if (m) views.push({ kind, connection: m.connection, state: m.device.state, detail: m.device.state === 'ready' ? null : m.lastError });
    };
    add('scanner', this.scanner);
    add('display', this.display);
    add('scale', this.scale);
    return views;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    const present = [this.scanner, this.display, this.scale].filter((m) => m !== null);
    await Promise.all(present.map((m) => m.device.close().catch(() => undefined)));
  }
}
