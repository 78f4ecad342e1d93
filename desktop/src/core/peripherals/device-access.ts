/**
 * @module
 * How the till reaches hardware by connection string: the one seam between the core and what a
 * host can open. A PC (`node-device-access.ts`, passed by `createTillCore`) opens serial ports,
 * USB, HID, TCP and device files through `@cassa/drivers`; a browser has none of those, so the
 * core's default opens no port and says so, and the core itself imports only the drivers' pure
 * parts (`@cassa/drivers/portable`). The fiscal printer's HTTP dialects (Epson, Custom) need only
 * `fetch`, so they work on both.
 */
import type { DiscoveryResult, DiscoverySource, PoleDisplay, Scale, ScannerDevice } from '@cassa/drivers';
import type { FiscalDevice } from '@cassa/drivers/portable';
import { createFiscalDevice } from '@cassa/drivers/portable';
import { CassaError } from '@cassa/shared';

export type ScaleProtocolName = 'mettler-toledo-8217' | 'adam';

export interface DeviceAccess {
  /** Whether this host opens serial, USB, HID and TCP devices at all (a PC: yes; a browser: no). */
  readonly reachesPorts: boolean;
  /** What the host can find plugged in or on the network, by source. */
  discover(): Promise<readonly DiscoveryResult[]>;
  openScanner(connection: string): ScannerDevice;
  openPoleDisplay(connection: string): PoleDisplay;
  openScale(connection: string, protocol: ScaleProtocolName): Scale;
  /** Throws for a malformed connection string (the till then starts with the device unusable). */
  openFiscalDevice(connection: string): FiscalDevice;
}

const discoverySources: readonly DiscoverySource[] = ['serial', 'usb', 'hid', 'lp'];
const noPortsReason = 'This device (a browser) cannot reach serial, USB or HID ports: connect peripherals to a PC till';

function noPorts(kind: string, connection: string): never {
  throw new CassaError('DEVICE_UNAVAILABLE', `${kind} ${connection}: ${noPortsReason}`, { connection });
}

/** A host without ports (a browser worker): discovery reports why each source is empty. */
export const deviceAccessWithoutPorts: DeviceAccess = {
  reachesPorts: false,
  discover: () => Promise.resolve(discoverySources.map((source) => ({ source, ok: false as const, reason: noPortsReason, devices: [] as const }))),
  openScanner: (connection) => noPorts('Scanner', connection),
  openPoleDisplay: (connection) => noPorts('Customer display', connection),
  openScale: (connection) => noPorts('Scale', connection),
  openFiscalDevice: (connection) => createFiscalDevice(connection),
};
