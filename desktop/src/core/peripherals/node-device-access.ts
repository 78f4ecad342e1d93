/**
 * @module
 * The PC's device access: every connection string `@cassa/drivers` knows (serial, USB, HID, TCP,
 * device files, virtual devices), discovery, and RCH's native protocol over `node:net`. Only
 * Node hosts import this file (through `createTillCore`); the browser entry never does.
 */
import { adamEquipment, createFiscalDevice, createPoleDisplay, createScale, createScanner, discoverDevices, mettlerToledo8217 } from '@cassa/drivers';
import type { DeviceAccess } from './device-access';

export const nodeDeviceAccess: DeviceAccess = {
  reachesPorts: true,
  discover: () => discoverDevices(),
  openScanner: (connection) => createScanner(connection),
  openPoleDisplay: (connection) => createPoleDisplay(connection),
  openScale: (connection, protocol) => createScale(connection, { protocol: protocol === 'adam' ? adamEquipment : mettlerToledo8217 }),
  openFiscalDevice: (connection) => createFiscalDevice(connection),
};
