import { describe, expect, it } from 'vitest';
import { parseConnection } from '../connection/connection-string';
import type { UsbConnection } from '../connection/connection-string';
import { FakeUsbPrinter, FakeWebUsb } from './testing/fake-usb';
import type { TransportError } from './transport';
import { UsbTransport } from './usb-transport';

const usb = (s: string) => parseConnection(s) as UsbConnection;

describe('UsbTransport (thin fake of node-usb WebUSB)', () => {
  it('claims the printer-class interface, detaching the kernel driver, and writes to bulk OUT in order', async () => {
    const printer = new FakeUsbPrinter(0x04b8, 0x0202);
    const api = new FakeWebUsb([new FakeUsbPrinter(0x04b8, 0x0e15), printer]);
    const transport = new UsbTransport(usb('usb://04b8:0202'), { api });
    await transport.open();
    expect(printer.claimed).toEqual([0]);
    expect(printer.detached).toEqual([0]);
    await Promise.all([transport.write(Uint8Array.of(0x1b, 0x40)), transport.write(Uint8Array.of(0x41))]);
    expect(printer.out.map((o) => [...o])).toEqual([[0x1b, 0x40], [0x41]]);
    await transport.close();
    expect(printer.claimed).toEqual([]);
    expect(printer.opened).toBe(false);
    expect(api.listenerCount).toBe(0);
  });

  it('delivers bulk IN replies as data', async () => {
    const printer = new FakeUsbPrinter(0x04b8, 0x0202);
    const transport = new UsbTransport(usb('usb://04b8:0202'), { api: new FakeWebUsb([printer]) });
    const got: number[] = [];
    transport.on('data', (c) => got.push(...c));
    await transport.open();
    printer.reply([0x12]);
    await expect.poll(() => got).toEqual([0x12]);
    await transport.close();
  });

  it('picks by serial number and refuses a device without a printer interface', async () => {
    const a = new FakeUsbPrinter(0x04b8, 0x0202, 'A');
    const b = new FakeUsbPrinter(0x04b8, 0x0202, 'B');
    const t = new UsbTransport(usb('usb://04b8:0202?serialNumber=B'), { api: new FakeWebUsb([a, b]) });
    await t.open();
    expect(b.claimed).toEqual([0]);
    expect(a.opened).toBe(false);
    await t.close();
    const notPrinter = new UsbTransport(usb('usb://1234:5678'), { api: new FakeWebUsb([new FakeUsbPrinter(0x1234, 0x5678, null, 3)]) });
    await expect(notPrinter.open()).rejects.toThrow('usb://1234:5678: not a USB printer (no class 7 interface with a bulk OUT endpoint)');
  });

  it('absent → disconnected error; unplug → one disconnect; replug → reopens', async () => {
    const api = new FakeWebUsb([]);
    const transport = new UsbTransport(usb('usb://04b8:0202'), { api });
    await expect(transport.open()).rejects.toMatchObject({ disconnected: true });
    const printer = new FakeUsbPrinter(0x04b8, 0x0202);
    api.devices = [printer];
    await transport.open();
    const drops: TransportError[] = [];
    transport.on('disconnect', (e) => drops.push(e));
    api.unplug(printer);
    await expect.poll(() => drops.length).toBe(1);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ disconnected: true });
    const again = new FakeUsbPrinter(0x04b8, 0x0202);
    api.devices = [again];
    await transport.open();
    await transport.write(Uint8Array.of(7));
    expect(again.out.map((o) => [...o])).toEqual([[7]]);
    expect(drops).toHaveLength(1);
    await transport.close();
  });
});
