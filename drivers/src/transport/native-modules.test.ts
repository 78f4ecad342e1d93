import { describe, expect, it } from 'vitest';
import { DeviceUnavailableError } from '../device/device-errors';
import { loadNativeModule, nativeModuleStatus } from './native-modules';

describe('native modules', () => {
  it('report each module as loaded or disabled with a reason, never throwing', async () => {
    const status = await nativeModuleStatus();
    for (const state of Object.values(status)) {
      if (!state.ok) expect(state.reason).toMatch(/^(Serial devices|HID devices|USB printers) are disabled: /);
    }
    expect(Object.keys(status).sort()).toEqual(['node-hid', 'serialport', 'usb']);
  });

  it('one missing module disables only its kind, with the reason', async () => {
    const status = await nativeModuleStatus((name) =>
      name === 'usb' ? Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file\nRequire stack: …')) : Promise.resolve({}),
    );
    expect(status.serialport).toEqual({ ok: true });
    expect(status['node-hid']).toEqual({ ok: true });
    expect(status.usb).toEqual({ ok: false, reason: 'USB printers are disabled: usb could not load (libusb-1.0-0 missing?): libusb-1.0.so.0: cannot open shared object file' });
    const error = await loadNativeModule('usb', () => Promise.resolve(undefined)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceUnavailableError);
    expect((error as Error).message).toContain('the module loaded but exports nothing usable');
  });
});
