import { describe, expect, it } from 'vitest';
import { parseConnection } from '../connection/connection-string';
import type { HidConnection } from '../connection/connection-string';
import { DeviceUnavailableError } from '../device/device-errors';
import { HidTransport, matchHidDevices } from './hid-transport';
import { FakeHidApi, hidInfo } from './testing/fake-hid';
import type { TransportError } from './transport';

const hid = (s: string) => parseConnection(s) as HidConnection;

describe('HidTransport (thin fake of node-hid)', () => {
  it('picks the interface by ids, serial number and usage page: composite scanners list several', () => {
    const keyboard = hidInfo({ vendorId: 0x05e0, productId: 0x1200, usagePage: 0x01, serialNumber: 'A' });
    const pos = hidInfo({ vendorId: 0x05e0, productId: 0x1200, usagePage: 0x8c, serialNumber: 'A' });
    const other = hidInfo({ vendorId: 0x05e0, productId: 0x1200, usagePage: 0x8c, serialNumber: 'B' });
    const all = [keyboard, pos, other, hidInfo({ vendorId: 1, productId: 2 })];
    expect(matchHidDevices(hid('hid://05e0:1200?usagePage=0x8c'), all)).toEqual([pos, other]);
    expect(matchHidDevices(hid('hid://05e0:1200?serialNumber=B'), all)).toEqual([other]);
    expect(matchHidDevices(hid('hid://05e0:1200'), all)).toHaveLength(3);
  });

  it('emits one data chunk per input report and writes output reports', async () => {
    const api = new FakeHidApi([hidInfo({ vendorId: 0x05e0, productId: 0x1200 })]);
    const transport = new HidTransport(hid('hid://05e0:1200'), { api });
    const chunks: number[][] = [];
    transport.on('data', (c) => chunks.push([...c]));
    await transport.open();
    api.current.report([2, 3, 0x5d, 0x45, 0x30]);
    api.current.report([0, 0, 0x1e]);
    expect(chunks).toEqual([[2, 3, 0x5d, 0x45, 0x30], [0, 0, 0x1e]]);
    await transport.write(Uint8Array.of(0, 1, 2));
    expect(api.current.writes).toEqual([[0, 1, 2]]);
    await transport.close();
    expect(api.current.closed).toBe(true);
  });

  it('an absent device rejects as disconnected; an unplug becomes one disconnect; replug reopens', async () => {
    const api = new FakeHidApi([]);
    const transport = new HidTransport(hid('hid://05e0:1200'), { api });
    await expect(transport.open()).rejects.toMatchObject({ disconnected: true, message: 'hid://05e0:1200: no such HID device (unplugged, or needs a udev rule?)' });
    api.devices = [hidInfo({ vendorId: 0x05e0, productId: 0x1200 })];
    await transport.open();
    const drops: TransportError[] = [];
    transport.on('disconnect', (e) => drops.push(e));
    const first = api.current;
    first.unplug();
    first.unplug();
    expect(drops).toHaveLength(1);
    expect(drops[0]?.disconnected).toBe(true);
    expect(transport.state).toBe('closed');
    await transport.open();
    expect(api.opened).toHaveLength(2);
    first.report([1]); // a stale handle must not leak data into the new session
    const seen: number[][] = [];
    transport.on('data', (c) => seen.push([...c]));
    api.current.report([9]);
    expect(seen).toEqual([[9]]);
  });

  it('node-hid failing to load disables HID devices with the reason', async () => {
    const transport = new HidTransport(hid('hid://05e0:1200'), {
      importer: () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory')),
    });
    const error = await transport.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceUnavailableError);
    expect((error as DeviceUnavailableError).unavailable).toBe(true);
    expect((error as Error).message).toBe(
      'HID devices are disabled: node-hid could not load (libusb-1.0-0 or libudev missing?): libusb-1.0.so.0: cannot open shared object file: No such file or directory',
    );
  });
});
