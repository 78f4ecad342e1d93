/**
 * @module
 * A thin fake of node-usb's WebUSB objects (USB cannot be virtualised here): a printer-class device
 * with bulk OUT and IN endpoints, a queue of IN replies, and an unplug that behaves like the real one
 * (the `disconnect` event fires and pending transfers fail with LIBUSB_ERROR_NO_DEVICE).
 */
import type { UsbConfigurationInfo, UsbDeviceHandle, WebUsbApi } from '../usb-transport';

type DisconnectListener = (event: { device: UsbDeviceHandle }) => void;

export class FakeUsbPrinter implements UsbDeviceHandle {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string | null;
  readonly productName = 'Fake TM-T20';
  readonly manufacturerName = 'Fake';
  readonly configurations: UsbConfigurationInfo[];
  opened = false;
  configuration: UsbConfigurationInfo | null = null;
  claimed: number[] = [];
  detached: number[] = [];
  readonly out: Uint8Array[] = [];
  unplugged = false;
  #pendingIn: ((result: { status: string; data?: DataView }) => void)[] = [];
  #failPendingIn: ((error: Error) => void)[] = [];
  #queuedIn: Uint8Array[] = [];

  constructor(vendorId: number, productId: number, serialNumber: string | null = null, printerClass = 7) {
    this.vendorId = vendorId;
    this.productId = productId;
    this.serialNumber = serialNumber;
    this.configurations = [
      {
        configurationValue: 1,
        interfaces: [
          {
            interfaceNumber: 0,
            alternate: {
              interfaceClass: printerClass,
              endpoints: [
                { endpointNumber: 1, direction: 'out', type: 'bulk', packetSize: 64 },
                { endpointNumber: 2, direction: 'in', type: 'bulk', packetSize: 64 },
              ],
            },
          },
        ],
      },
    ];
  }

  open(): Promise<void> {
    if (this.unplugged) return Promise.reject(new Error('LIBUSB_ERROR_NO_DEVICE'));
    this.opened = true;
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.opened = false;
    this.#failAll(new Error('LIBUSB_TRANSFER_CANCELLED'));
    return Promise.resolve();
  }
  selectConfiguration(value: number): Promise<void> {
    this.configuration = this.configurations.find((c) => c.configurationValue === value) ?? null;
    return Promise.resolve();
  }
  claimInterface(n: number): Promise<void> {
    this.claimed.push(n);
    return Promise.resolve();
  }
  releaseInterface(n: number): Promise<void> {
    this.claimed = this.claimed.filter((c) => c !== n);
    return Promise.resolve();
  }
  detachKernelDriver(n: number): Promise<void> {
    this.detached.push(n);
    return Promise.resolve();
  }
  transferOut(endpointNumber: number, data: Uint8Array): Promise<{ status: string; bytesWritten: number }> {
    if (this.unplugged) return Promise.reject(new Error('LIBUSB_ERROR_NO_DEVICE'));
    if (endpointNumber !== 1) return Promise.reject(new Error(`no OUT endpoint ${endpointNumber}`));
    this.out.push(Uint8Array.from(data));
    return Promise.resolve({ status: 'ok', bytesWritten: data.length });
  }
  transferIn(endpointNumber: number): Promise<{ status: string; data?: DataView }> {
    if (this.unplugged) return Promise.reject(new Error('LIBUSB_ERROR_NO_DEVICE'));
    if (endpointNumber !== 2) return Promise.reject(new Error(`no IN endpoint ${endpointNumber}`));
    const queued = this.#queuedIn.shift();
    if (queued) return Promise.resolve({ status: 'ok', data: new DataView(queued.buffer) });
    return new Promise((resolve, reject) => {
      this.#pendingIn.push(resolve);
      this.#failPendingIn.push(reject);
    });
  }

  /** The printer sends bytes on bulk IN (a status reply). */
  reply(bytes: readonly number[]): void {
    const data = Uint8Array.from(bytes);
    const waiting = this.#pendingIn.shift();
    this.#failPendingIn.shift();
    if (waiting) waiting({ status: 'ok', data: new DataView(data.buffer) });
    else this.#queuedIn.push(data);
  }

  unplug(): void {
    this.unplugged = true;
    this.#failAll(new Error('LIBUSB_ERROR_NO_DEVICE'));
  }

  #failAll(error: Error): void {
    const fails = this.#failPendingIn.splice(0);
    this.#pendingIn.length = 0;
    for (const fail of fails) fail(error);
  }
}

export class FakeWebUsb implements WebUsbApi {
  devices: FakeUsbPrinter[];
  readonly #listeners = new Set<DisconnectListener>();

  constructor(devices: FakeUsbPrinter[]) {
    this.devices = devices;
  }
  getDevices(): Promise<UsbDeviceHandle[]> {
    return Promise.resolve(this.devices.filter((d) => !d.unplugged));
  }
  addEventListener(_type: 'disconnect', listener: DisconnectListener): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'disconnect', listener: DisconnectListener): void {
    this.#listeners.delete(listener);
  }
  unplug(device: FakeUsbPrinter): void {
    device.unplug();
    for (const listener of [...this.#listeners]) listener({ device });
  }
  get listenerCount(): number {
    return this.#listeners.size;
  }
}
