/**
 * @module
 * One door from a connection string to a FiscalDevice. Only Epson has an adapter yet; Custom and
 * RCH strings parse (so settings can be checked) but creating their device says plainly that it
 * is not supported, rather than handing back something that pretends.
 */
import { DeviceError } from '../device/device-errors';
import { EpsonFiscalDevice } from './epson/epson-fiscal-device';
import type { EpsonFiscalDeviceOptions } from './epson/epson-fiscal-device';
import { RchFiscalDevice } from './rch/rch-fiscal-device';
import type { RchFiscalDeviceOptions } from './rch/rch-fiscal-device';
import type { FiscalDevice } from './fiscal-device';
import { parseFiscalConnection } from './fiscal-connection';
import type { FiscalConnection } from './fiscal-connection';

export type CreateFiscalDeviceOptions = EpsonFiscalDeviceOptions & RchFiscalDeviceOptions;

/**
 * @throws ConnectionStringError for a string that does not parse; DeviceError (UNAVAILABLE) for a
 *   brand whose adapter is not written yet.
 * @example
 * const rt = createFiscalDevice('epson-rt://192.168.1.20?timeoutMs=10000');
 * const doc = await rt.issue(request);      // or FiscalDeviceError: failure 'paper-out', 'outcome-unknown'…
 */
export function createFiscalDevice(connection: string | FiscalConnection, options: CreateFiscalDeviceOptions = {}): FiscalDevice {
  const parsed = typeof connection === 'string' ? parseFiscalConnection(connection) : connection;
  switch (parsed.brand) {
    case 'epson':
      return new EpsonFiscalDevice(parsed, options);
    case 'custom':
      throw new DeviceError(`${parsed.brand === 'custom' ? 'Custom' : 'RCH'} fiscal devices are not yet supported: only Epson (epson-rt://) has an adapter`, {
        code: 'UNAVAILABLE',
        locus: 'open',
        unreachable: false,
      });
    case 'rch':
      return new RchFiscalDevice(parsed, options);
  }
}
