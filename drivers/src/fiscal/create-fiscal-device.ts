/**
 * @module
 * One door from a connection string to a FiscalDevice: Epson (`epson-rt://`), Custom
 * (`custom-rt://`) and RCH (`rch-rt://` native, `rch-rt+http://` service.cgi).
 */
import { CustomFiscalDevice } from './custom/custom-fiscal-device';
import { EpsonFiscalDevice } from './epson/epson-fiscal-device';
import type { EpsonFiscalDeviceOptions } from './epson/epson-fiscal-device';
import { RchFiscalDevice } from './rch/rch-fiscal-device';
import type { RchFiscalDeviceOptions } from './rch/rch-fiscal-device';
import type { FiscalDevice } from './fiscal-device';
import { parseFiscalConnection } from './fiscal-connection';
import type { FiscalConnection } from './fiscal-connection';

export type CreateFiscalDeviceOptions = EpsonFiscalDeviceOptions & RchFiscalDeviceOptions;

/**
 * @throws ConnectionStringError for a string that does not parse.
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
      return new CustomFiscalDevice(parsed, options);
    case 'rch':
      return new RchFiscalDevice(parsed, options);
  }
}
