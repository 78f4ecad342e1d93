/**
 * @module
 * Connection string (or parsed connection) in, the matching Transport out. Nothing is opened here:
 * a native module missing for one kind only fails when that device is opened.
 */
import type { Connection, SerialSettings } from '../connection/connection-string';
import { parseConnection } from '../connection/connection-string';
import { FileTransport } from './file-transport';
import { HidTransport } from './hid-transport';
import type { HidApi } from './hid-transport';
import { SerialTransport } from './serial-transport';
import { TcpTransport } from './tcp-transport';
import type { Transport } from './transport';
import { UsbTransport } from './usb-transport';
import type { WebUsbApi } from './usb-transport';
import { createVirtualTransport } from './virtual-transport';

export interface CreateTransportOptions {
  /** Serial settings the device's protocol implies; the connection string's own settings win. */
  readonly serialDefaults?: SerialSettings;
  /** Reject serial writes that do not drain in time. */
  readonly writeTimeoutMs?: number;
  /** Stand-ins for the native modules (tests). */
  readonly hidApi?: HidApi;
  readonly usbApi?: WebUsbApi;
  /** Builds TCP transports instead of the raw-9100 TcpTransport (tests, TLS tunnels). */
  readonly createTcp?: (connection: Extract<Connection, { kind: 'tcp' }>) => Transport;
  /** Handshake timeout for TCP (TcpTransport's default otherwise). */
  readonly connectTimeoutMs?: number;
}

/**
 * @throws ConnectionStringError for a malformed string.
 * @example createTransport('serial:/dev/ttyUSB0?baudRate=9600', { serialDefaults: { dataBits: 7, parity: 'even' } })
 */
export function createTransport(connection: Connection | string, options: CreateTransportOptions = {}): Transport {
  const c = typeof connection === 'string' ? parseConnection(connection) : connection;
  switch (c.kind) {
    case 'serial':
      return new SerialTransport(c, {
        ...(options.serialDefaults ? { defaults: options.serialDefaults } : {}),
        ...(options.writeTimeoutMs !== undefined ? { writeTimeoutMs: options.writeTimeoutMs } : {}),
      });
    case 'file':
      return new FileTransport(c);
    case 'hid':
      return new HidTransport(c, options.hidApi ? { api: options.hidApi } : {});
    case 'usb':
      return new UsbTransport(c, options.usbApi ? { api: options.usbApi } : {});
    case 'virtual':
      return createVirtualTransport(c.device);
    case 'tcp':
      if (options.createTcp) return options.createTcp(c);
      return new TcpTransport({ host: c.host, port: c.port, ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }) });
  }
}
