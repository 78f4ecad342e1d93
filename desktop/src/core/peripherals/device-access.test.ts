import { FiscalDeviceError } from '@cassa/drivers/portable';
import { CassaError } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { deviceAccessWithoutPorts } from './device-access';
import { nodeDeviceAccess } from './node-device-access';

describe('device access on a host without ports (a browser worker)', () => {
  it('discovers nothing and says why for each source', async () => {
    const results = await deviceAccessWithoutPorts.discover();
    expect(results.map((r) => r.source)).toEqual(['serial', 'usb', 'hid', 'lp']);
    for (const result of results) expect(result).toMatchObject({ ok: false, devices: [], reason: expect.stringContaining('browser') });
  });

  it('refuses to open a scanner, display or scale instead of pretending', () => {
    for (const open of [
      () => deviceAccessWithoutPorts.openScanner('serial:/dev/ttyACM0'),
      () => deviceAccessWithoutPorts.openPoleDisplay('serial:/dev/ttyUSB1'),
      () => deviceAccessWithoutPorts.openScale('serial:/dev/ttyUSB0', 'adam'),
    ]) {
      expect(open).toThrow(CassaError);
      expect(open).toThrow(/cannot reach serial, USB or HID/);
    }
  });

  it('reaches an RCH printer only over HTTP: the native TCP protocol fails as offline, saying why', async () => {
    const device = deviceAccessWithoutPorts.openFiscalDevice('rch-rt://192.0.2.10:23');
    const failure = await device.status().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FiscalDeviceError);
    expect(failure).toMatchObject({ failure: 'offline', deviceCode: 'NO_TCP' });
    expect(String((failure as Error).message)).toMatch(/rch-rt\+http/);
    expect(deviceAccessWithoutPorts.openFiscalDevice('epson-rt://192.0.2.11').brand).toBe('epson');
    expect(() => deviceAccessWithoutPorts.openFiscalDevice('nonsense://x')).toThrow();
  });

  it('on a PC opens what the drivers open, virtual devices included', async () => {
    const scanner = nodeDeviceAccess.openScanner('virtual:scanner');
    await scanner.open();
    expect(scanner.state).toBe('ready');
    await scanner.close();
  });
});
