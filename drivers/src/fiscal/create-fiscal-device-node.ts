/**
 * @module
 * `createFiscalDevice` on Node: RCH's native protocol gets a `node:net` socket unless the caller
 * brings its own. The portable one (`./create-fiscal-device`) has no socket of its own.
 */
import type { CreateFiscalDeviceOptions } from './create-fiscal-device';
import { createFiscalDevice as createPortableFiscalDevice } from './create-fiscal-device';
import type { FiscalConnection } from './fiscal-connection';
import type { FiscalDevice } from './fiscal-device';
import { nodeNetSocketFactory } from './rch/rch-node-socket';

export function createFiscalDevice(connection: string | FiscalConnection, options: CreateFiscalDeviceOptions = {}): FiscalDevice {
  return createPortableFiscalDevice(connection, { socketFactory: nodeNetSocketFactory, ...options });
}
