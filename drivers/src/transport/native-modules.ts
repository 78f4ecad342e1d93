/**
 * @module
 * Lazy loading of the native modules. Each is imported only when a device of its kind is first
 * used, so a missing system library (libusb, libudev) or a binding built for another Node/Electron
 * ABI switches off that one kind of device with a clear message, and the till still starts.
 */
import { DeviceUnavailableError } from '../device/device-errors';
import type * as SerialPortModule from 'serialport';
import type { HidApi } from './hid-transport';
import type { WebUsbApi } from './usb-transport';

export type NativeModuleName = 'serialport' | 'node-hid' | 'usb';

export interface NativeModules {
  serialport: typeof SerialPortModule;
  'node-hid': HidApi;
  usb: WebUsbApi;
}

const descriptions: Record<NativeModuleName, { devices: string; hint: string }> = {
  serialport: { devices: 'Serial devices', hint: 'native binding missing or built for another Node/Electron version?' },
  'node-hid': { devices: 'HID devices', hint: 'libusb-1.0-0 or libudev missing?' },
  usb: { devices: 'USB printers', hint: 'libusb-1.0-0 missing?' },
};

/** How a module is imported; tests pass a failing importer to see the message a shop would see. */
export type ModuleImporter = (name: NativeModuleName) => Promise<unknown>;

const defaultImporter: ModuleImporter = async (name) => {
  // Literal specifiers so bundlers see them and can mark them external.
  switch (name) {
    case 'serialport':
      return import('serialport');
    case 'node-hid':
      return import('node-hid');
    case 'usb': {
      const mod = (await import('usb')) as { usb?: unknown; default?: { usb?: unknown } };
      // usb 3 is CommonJS: the WebUSB object is `usb` (or `default.usb` through some loaders).
      return mod.usb ?? mod.default?.usb;
    }
  }
};

const cache = new Map<NativeModuleName, Promise<unknown>>();

/**
 * Loads a native module once per process.
 * @throws DeviceUnavailableError, e.g. "HID devices are disabled: node-hid could not load
 *   (libusb-1.0-0 or libudev missing?): libusb-1.0.so.0: cannot open shared object file"
 */
export function loadNativeModule<N extends NativeModuleName>(name: N, importer?: ModuleImporter): Promise<NativeModules[N]> {
  if (importer) return load(name, importer) as Promise<NativeModules[N]>;
  let pending = cache.get(name);
  if (!pending) {
    pending = load(name, defaultImporter);
    cache.set(name, pending);
  }
  return pending as Promise<NativeModules[N]>;
}

async function load(name: NativeModuleName, importer: ModuleImporter): Promise<unknown> {
  const { devices, hint } = descriptions[name];
  try {
    const mod = await importer(name);
    if (mod === undefined || mod === null) throw new Error('the module loaded but exports nothing usable');
    return mod;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new DeviceUnavailableError(`${devices} are disabled: ${name} could not load (${hint}): ${reason}`, { cause });
  }
}

/** Which native modules load here, and why not; for `devices list` and the settings page. */
export async function nativeModuleStatus(importer?: ModuleImporter): Promise<Record<NativeModuleName, { ok: true } | { ok: false; reason: string }>> {
  const names: NativeModuleName[] = ['serialport', 'node-hid', 'usb'];
  const entries = await Promise.all(
    names.map(async (name) => {
      try {
        await loadNativeModule(name, importer);
        return [name, { ok: true as const }] as const;
      } catch (error) {
        return [name, { ok: false as const, reason: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  return Object.fromEntries(entries) as Record<NativeModuleName, { ok: true } | { ok: false; reason: string }>;
}
