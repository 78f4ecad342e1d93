/**
 * @module
 * USB printer class (interface class 7) through the `usb` package's WebUSB API (usb 3 has no
 * other), loaded lazily. Bulk OUT carries the job; bulk IN, when present, carries status replies.
 * On Linux the usblp kernel driver holds such printers: it is detached first, so use either this
 * or `file:/dev/usb/lp0`, not both.
 */
import { DeviceUnavailableError } from '../device/device-errors';
import { TypedEmitter } from '../device/typed-emitter';
import type { UsbConnection } from '../connection/connection-string';
import { formatConnection } from '../connection/connection-string';
import { loadNativeModule } from './native-modules';
import type { ModuleImporter } from './native-modules';
import { TransportError } from './transport';
import type { Transport, TransportEvents, TransportState } from './transport';

export const usbPrinterClass = 7;

export interface UsbEndpointInfo {
  readonly endpointNumber: number;
  readonly direction: 'in' | 'out';
  readonly type: 'bulk' | 'interrupt' | 'isochronous';
  readonly packetSize: number;
}
export interface UsbInterfaceInfo {
  readonly interfaceNumber: number;
  readonly alternate: { readonly interfaceClass: number; readonly endpoints: readonly UsbEndpointInfo[] };
}
export interface UsbConfigurationInfo {
  readonly configurationValue: number;
  readonly interfaces: readonly UsbInterfaceInfo[];
}

/** The part of a WebUSB USBDevice (as node-usb 3 implements it) that we use. */
export interface UsbDeviceHandle {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | null | undefined;
  readonly manufacturerName?: string | null | undefined;
  readonly productName?: string | null | undefined;
  readonly opened: boolean;
  readonly configuration?: UsbConfigurationInfo | null | undefined;
  readonly configurations: readonly UsbConfigurationInfo[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array): Promise<{ status: string; bytesWritten: number }>;
  transferIn(endpointNumber: number, length: number): Promise<{ status: string; data?: DataView | undefined }>;
}

/** The part of node-usb's `usb` (WebUSB) object we use. */
export interface WebUsbApi {
  getDevices(): Promise<UsbDeviceHandle[]>;
  addEventListener(type: 'disconnect', listener: (event: { device: UsbDeviceHandle }) => void): void;
  removeEventListener(type: 'disconnect', listener: (event: { device: UsbDeviceHandle }) => void): void;
}

export interface UsbTransportOptions {
  readonly api?: WebUsbApi;
  readonly importer?: ModuleImporter;
  /** Read status replies from bulk IN (default true). */
  readonly read?: boolean;
}

/** The printer-class interface and its bulk endpoints, if the device has one. */
export function findPrinterInterface(
  config: UsbConfigurationInfo | null | undefined,
): { interfaceNumber: number; out: UsbEndpointInfo; in?: UsbEndpointInfo } | undefined {
  for (const iface of config?.interfaces ?? []) {
    if (iface.alternate.interfaceClass !== usbPrinterClass) continue;
    const out = iface.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
    const inEp = iface.alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'bulk');
    if (out) return inEp ? { interfaceNumber: iface.interfaceNumber, out, in: inEp } : { interfaceNumber: iface.interfaceNumber, out };
  }
  return undefined;
}

export class UsbTransport extends TypedEmitter<TransportEvents> implements Transport {
  readonly description: string;
  readonly connection: UsbConnection;

  #state: TransportState = 'closed';
  #device: UsbDeviceHandle | undefined;
  #api: WebUsbApi | undefined;
  #interfaceNumber = 0;
  #outEndpoint = 0;
  #tail: Promise<void> = Promise.resolve();
  readonly #options: UsbTransportOptions;
  readonly #onDisconnect = (event: { device: UsbDeviceHandle }) => {
    if (event.device === this.#device) this.#dropped(new Error('device unplugged'));
  };

  constructor(connection: UsbConnection, options: UsbTransportOptions = {}) {
    super();
    this.connection = connection;
    this.description = formatConnection(connection);
    this.#options = options;
  }

  get state(): TransportState {
    return this.#state;
  }

  async open(): Promise<void> {
    if (this.#state === 'open') return;
    this.#state = 'opening';
    let device: UsbDeviceHandle | undefined;
    try {
      const api = this.#options.api ?? (await loadNativeModule('usb', this.#options.importer));
      this.#api = api;
      const c = this.connection;
      let all: UsbDeviceHandle[];
      try {
        all = await api.getDevices();
      } catch (cause) {
        // No USB bus visible (container, missing /sys): as absent as an unplugged printer.
        throw new TransportError(`${this.description}: cannot list USB devices: ${cause instanceof Error ? cause.message : String(cause)}`, { disconnected: true, cause });
      }
      device = all.find(
        (d) => d.vendorId === c.vendorId && d.productId === c.productId && (c.serialNumber === undefined || d.serialNumber === c.serialNumber),
      );
      if (!device) throw new TransportError(`${this.description}: no such USB device (unplugged?)`, { disconnected: true });
      if (!device.opened) await device.open();
      if (!device.configuration) {
        const first = device.configurations[0];
        if (first) await device.selectConfiguration(first.configurationValue);
      }
      const printer = findPrinterInterface(device.configuration);
      if (!printer) throw new TransportError(`${this.description}: not a USB printer (no class 7 interface with a bulk OUT endpoint)`);
      // usblp holds printer-class interfaces on Linux; elsewhere there is nothing to detach.
      await device.detachKernelDriver?.(printer.interfaceNumber).catch(() => undefined);
      await device.claimInterface(printer.interfaceNumber);
      this.#device = device;
      this.#interfaceNumber = printer.interfaceNumber;
      this.#outEndpoint = printer.out.endpointNumber;
      api.addEventListener('disconnect', this.#onDisconnect);
      this.#state = 'open';
      if (printer.in && this.#options.read !== false) void this.#readLoop(device, printer.in);
    } catch (cause) {
      this.#state = 'closed';
      await device?.close().catch(() => undefined);
      if (cause instanceof TransportError || cause instanceof DeviceUnavailableError) throw cause;
      const message = cause instanceof Error ? cause.message : String(cause);
      const hint = /LIBUSB_ERROR_ACCESS|access/i.test(message) ? ' (on Linux a udev rule must grant access)' : '';
      throw new TransportError(`${this.description}: cannot open: ${message}${hint}`, { cause });
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    const device = this.#device;
    if (this.#state !== 'open' || !device) return Promise.reject(new TransportError(`${this.description} is not open`, { disconnected: true }));
    const data = Uint8Array.from(bytes);
    const run = this.#tail.then(async () => {
      if (this.#device !== device) throw new TransportError(`${this.description} is not open`, { disconnected: this.#state !== 'closed', canceled: this.#state === 'closed' });
      try {
        const result = await device.transferOut(this.#outEndpoint, data);
        if (result.status !== 'ok') throw new Error(`transfer status ${result.status}`);
      } catch (cause) {
        if (this.#device !== device) throw new TransportError(`${this.description} was closed`, { canceled: true, cause });
        const message = cause instanceof Error ? cause.message : String(cause);
        const gone = /NO_DEVICE|disconnected|not found|LIBUSB_ERROR_IO/i.test(message);
        const error = new TransportError(`${this.description}: write failed: ${message}`, { disconnected: gone, cause });
        if (gone) this.#dropped(error);
        throw error;
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const device = this.#device;
    this.#device = undefined;
    this.#state = 'closed';
    this.#api?.removeEventListener('disconnect', this.#onDisconnect);
    if (!device) return;
    await device.releaseInterface(this.#interfaceNumber).catch(() => undefined);
    await device.close().catch(() => undefined);
  }

  async #readLoop(device: UsbDeviceHandle, endpoint: UsbEndpointInfo): Promise<void> {
    while (this.#device === device) {
      try {
        const result = await device.transferIn(endpoint.endpointNumber, Math.max(64, endpoint.packetSize));
        if (this.#device !== device) return;
        if (result.data && result.data.byteLength > 0) {
          this.emit('data', new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength));
        }
      } catch (cause) {
        if (this.#device !== device) return;
        const message = cause instanceof Error ? cause.message : String(cause);
        if (/TIMEOUT/i.test(message)) continue;
        this.#dropped(cause instanceof Error ? cause : new Error(message));
        return;
      }
    }
  }

  #dropped(cause: Error): void {
    const device = this.#device;
    if (!device) return;
    this.#device = undefined;
    this.#state = 'closed';
    this.#api?.removeEventListener('disconnect', this.#onDisconnect);
    void device.close().catch(() => undefined);
    this.emit('disconnect', cause instanceof TransportError ? cause : new TransportError(`${this.description} disconnected: ${cause.message}`, { disconnected: true, cause }));
  }
}
