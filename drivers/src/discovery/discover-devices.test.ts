import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeHidApi, hidInfo } from '../transport/testing/fake-hid';
import { FakeUsbPrinter, FakeWebUsb } from '../transport/testing/fake-usb';
import { discoverDevices } from './discover-devices';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-discover-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('discoverDevices', () => {
  it('lists each source with connection strings that open the device', async () => {
    const dir = tempDir();
    const lp = join(dir, 'usb');
    mkdirSync(lp);
    writeFileSync(join(lp, 'lp1'), '');
    writeFileSync(join(lp, 'lp0'), '');
    writeFileSync(join(lp, 'hiddev0'), '');
    const byId = join(dir, 'by-id');
    mkdirSync(byId);
    symlinkSync('/dev/ttyUSB0', join(byId, 'usb-Prolific_PL2303-if00-port0'));

    const results = await discoverDevices({
      listSerialPorts: () =>
        Promise.resolve([
          { path: '/dev/ttyUSB0', manufacturer: 'Prolific', vendorId: '067b', productId: '2303' },
          { path: '/dev/ttyS0' },
        ]),
      serialByIdDirectory: byId,
      usbApi: new FakeWebUsb([new FakeUsbPrinter(0x04b8, 0x0202, 'X1'), new FakeUsbPrinter(0x046d, 0xc52b, null, 3)]),
      hidApi: new FakeHidApi([
        hidInfo({ vendorId: 0x0c2e, productId: 0x0b8f, usagePage: 0x8c, usage: 2, manufacturer: 'Honeywell', product: 'Voyager' }),
        hidInfo({ vendorId: 0x0c2e, productId: 0x0b8f, usagePage: 0x01, usage: 6, manufacturer: 'Honeywell', product: 'Voyager' }),
        hidInfo({ vendorId: 0x046d, productId: 0xc077, usagePage: 0x01, usage: 2 }),
      ]),
      lpDirectory: lp,
    });

    expect(results.map((r) => [r.source, r.ok])).toEqual([['serial', true], ['usb', true], ['hid', true], ['lp', true]]);
    const [serial, usb, hid, lpFiles] = results;
    expect(serial?.devices).toEqual([
      {
        source: 'serial',
        connection: `serial:${join(byId, 'usb-Prolific_PL2303-if00-port0')}`,
        label: 'Prolific (/dev/ttyUSB0)',
        vendorId: 0x067b,
        productId: 0x2303,
      },
      { source: 'serial', connection: 'serial:/dev/ttyS0', label: '/dev/ttyS0' },
    ]);
    expect(usb?.devices).toEqual([
      { source: 'usb', connection: 'usb://04b8:0202?serialNumber=X1', label: 'Fake Fake TM-T20', role: 'receipt-printer', vendorId: 0x04b8, productId: 0x0202 },
    ]);
    expect(hid?.devices.map((d) => [d.connection, d.role])).toEqual([
      ['hid://0c2e:0b8f?usagePage=0x8c', 'barcode-scanner'],
      ['hid://0c2e:0b8f?usagePage=0x1', 'keyboard-or-scanner'],
      ['hid://046d:c077?usagePage=0x1', undefined],
    ]);
    expect(lpFiles?.devices.map((d) => d.connection)).toEqual([`file:${join(lp, 'lp0')}`, `file:${join(lp, 'lp1')}`]);
  });

  it('each source fails on its own, with its reason', async () => {
    const results = await discoverDevices({
      listSerialPorts: () => Promise.resolve([{ path: '/dev/ttyACM0' }]),
      usbApi: { getDevices: () => Promise.reject(new Error('/sys/bus/usb/devices/ not found')), addEventListener: () => undefined, removeEventListener: () => undefined },
      hidApi: { devicesAsync: () => new Promise(() => undefined), HIDAsync: { open: () => Promise.reject(new Error('no')) } },
      lpDirectory: join(tempDir(), 'missing'),
      timeoutMs: 100,
    });
    expect(results).toEqual([
      { source: 'serial', ok: true, devices: [{ source: 'serial', connection: 'serial:/dev/ttyACM0', label: '/dev/ttyACM0' }] },
      { source: 'usb', ok: false, reason: '/sys/bus/usb/devices/ not found', devices: [] },
      { source: 'hid', ok: false, reason: 'hid discovery timed out after 100 ms', devices: [] },
      { source: 'lp', ok: true, devices: [] },
    ]);
  });

  it('runs against this machine without throwing, whatever is missing', async () => {
    const results = await discoverDevices({ timeoutMs: 3000 });
    expect(results.map((r) => r.source)).toEqual(['serial', 'usb', 'hid', 'lp']);
    for (const r of results) if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
  });
});
