/**
 * @module
 * A thin fake of node-hid: there is no /dev/uhid here, so HID cannot be virtualised. The fake device
 * is what node-hid hands back (an EventEmitter with 'data' and 'error', write, close); the test
 * plays the scanner by emitting input reports, and unplugs it by emitting 'error' as node-hid does.
 */
import { EventEmitter } from 'node:events';
import type { HidApi, HidDeviceInfo, HidHandle } from '../hid-transport';

export class FakeHidDevice extends EventEmitter implements HidHandle {
  readonly writes: number[][] = [];
  closed = false;

  write(values: number[] | Buffer): Promise<number> {
    if (this.closed) return Promise.reject(new Error('Cannot write to hid device'));
    this.writes.push(Array.from(values));
    return Promise.resolve(values.length);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** The device sends one input report. */
  report(bytes: readonly number[]): void {
    this.emit('data', Buffer.from(bytes));
  }

  /** What node-hid does when the device is unplugged while being read. */
  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }
}

export class FakeHidApi implements HidApi {
  devices: HidDeviceInfo[];
  /** The device objects handed out, last one last. */
  readonly opened: FakeHidDevice[] = [];
  readonly HIDAsync: HidApi['HIDAsync'];

  constructor(devices: HidDeviceInfo[]) {
    this.devices = devices;
    this.HIDAsync = {
      open: (path: string) => {
        if (!this.devices.some((d) => d.path === path)) return Promise.reject(new Error(`cannot open device with path ${path}`));
        const device = new FakeHidDevice();
        this.opened.push(device);
        return Promise.resolve(device);
      },
    };
  }

  devicesAsync(): Promise<HidDeviceInfo[]> {
    return Promise.resolve([...this.devices]);
  }

  get current(): FakeHidDevice {
    const device = this.opened.at(-1);
    if (!device) throw new Error('no HID device opened yet');
    return device;
  }
}

export function hidInfo(partial: Partial<HidDeviceInfo> & Pick<HidDeviceInfo, 'vendorId' | 'productId'>): HidDeviceInfo {
  return { interface: 0, path: `/dev/hidraw-fake-${partial.vendorId}-${partial.productId}-${partial.usagePage ?? 1}`, ...partial };
}
