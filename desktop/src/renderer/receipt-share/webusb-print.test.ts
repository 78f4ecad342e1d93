/**
 * WebUSB printing against a device shaped like a USB receipt printer's descriptors (a vendor
 * interface first, the printer-class interface second): the bytes go to the printer interface's
 * bulk OUT endpoint, the interface is released and the device closed even when the transfer
 * fails, and a device without a printer interface is refused.
 */
import { describe, expect, it } from 'vitest';
import type { UsbDeviceLike, UsbInterfaceLike, UsbLike } from './webusb-print';
import { NoUsbPrinterError, bytesOfBase64, printOverWebUsb } from './webusb-print';

function fakePrinter(options: { printerClass?: number; shortWrite?: boolean } = {}) {
  const log: string[] = [];
  let configured = false;
  const interfaces: UsbInterfaceLike[] = [
    { interfaceNumber: 0, alternate: { interfaceClass: 255, endpoints: [{ endpointNumber: 1, direction: 'out', type: 'bulk' }] } },
    {
      interfaceNumber: 1,
      alternate: {
        interfaceClass: options.printerClass ?? 7,
        endpoints: [
          { endpointNumber: 2, direction: 'in', type: 'bulk' },
          { endpointNumber: 3, direction: 'out', type: 'bulk' },
        ],
      },
    },
  ];
  const device: UsbDeviceLike = {
    get configuration() {
      return configured ? { interfaces } : null;
    },
    open: async () => void log.push('open'),
    close: async () => void log.push('close'),
    selectConfiguration: async (value) => {
      configured = true;
      log.push(`configuration ${value}`);
    },
    claimInterface: async (n) => void log.push(`claim ${n}`),
    releaseInterface: async (n) => void log.push(`release ${n}`),
    transferOut: async (endpoint, data) => {
      log.push(`out ${endpoint}: ${[...data].join(',')}`);
      return { status: 'ok', bytesWritten: options.shortWrite ? data.length - 1 : data.length };
    },
  };
  const usb = (allowed: boolean): UsbLike => ({
    getDevices: async () => (allowed ? [device] : []),
    requestDevice: async (request) => {
      log.push(`chooser class ${request.filters[0]?.classCode}`);
      return device;
    },
  });
  return { log, usb };
}

describe('printing over WebUSB', () => {
  const bytes = bytesOfBase64(btoa('\x1b@Ciao\n'));

  it('asks for a printer-class device once, then sends the bytes to its bulk OUT endpoint', async () => {
    const printer = fakePrinter();
    await printOverWebUsb(bytes, printer.usb(false));
    expect(printer.log).toEqual(['chooser class 7', 'open', 'configuration 1', 'claim 1', 'out 3: 27,64,67,105,97,111,10', 'release 1', 'close']);
    printer.log.length = 0;
    await printOverWebUsb(bytes, printer.usb(true));
    expect(printer.log[0]).toBe('open');
  });

  it('refuses a device with no printer interface, and closes it', async () => {
    const printer = fakePrinter({ printerClass: 3 });
    await expect(printOverWebUsb(bytes, printer.usb(true))).rejects.toBeInstanceOf(NoUsbPrinterError);
    expect(printer.log.at(-1)).toBe('close');
  });

  it('says so when the printer took fewer bytes than sent, and still releases it', async () => {
    const printer = fakePrinter({ shortWrite: true });
    await expect(printOverWebUsb(bytes, printer.usb(true))).rejects.toThrow(/took 6 of 7 bytes/);
    expect(printer.log.slice(-2)).toEqual(['release 1', 'close']);
  });
});
