/**
 * @module
 * What is plugged in, for the settings page and `npm run devices -- list`. Each source (serial
 * ports, USB printers, HID devices, kernel printer files) is asked on its own, with its own
 * timeout, and fails on its own with its reason: libusb missing must not hide the serial ports.
 */
import { readdir, readlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatConnection } from '../connection/connection-string';
import { loadNativeModule } from '../transport/native-modules';
import type { HidApi, HidDeviceInfo } from '../transport/hid-transport';
import { findPrinterInterface, usbPrinterClass } from '../transport/usb-transport';
import type { UsbConfigurationInfo, WebUsbApi } from '../transport/usb-transport';
import { hidPosUsagePage } from '../scanner/hid-pos-decoder';

export type DiscoverySource = 'serial' | 'usb' | 'hid' | 'lp';

export interface DiscoveredDevice {
  readonly source: DiscoverySource;
  /** A connection string that opens this device. */
  readonly connection: string;
  /** Human words: manufacturer and product where known. */
  readonly label: string;
  /** What it probably is, when the descriptors say so. */
  readonly role?: 'receipt-printer' | 'barcode-scanner' | 'keyboard-or-scanner';
  readonly vendorId?: number;
  readonly productId?: number;
}

export type DiscoveryResult =
  | { readonly source: DiscoverySource; readonly ok: true; readonly devices: readonly DiscoveredDevice[] }
  | { readonly source: DiscoverySource; readonly ok: false; readonly reason: string; readonly devices: readonly [] };

/** The fields of serialport's PortInfo we use. */
export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
}

export interface DiscoveryOptions {
  readonly sources?: readonly DiscoverySource[];
  /** Per source; a hung enumeration reports a timeout instead of hanging the caller. */
  readonly timeoutMs?: number;
  /** Stand-ins for tests. */
  readonly listSerialPorts?: () => Promise<readonly SerialPortInfo[]>;
  readonly usbApi?: WebUsbApi;
  readonly hidApi?: HidApi;
  /** Where the kernel puts usblp files (default /dev/usb) and stable serial names (/dev/serial/by-id). */
  readonly lpDirectory?: string;
  readonly serialByIdDirectory?: string;
}

const allSources: readonly DiscoverySource[] = ['serial', 'usb', 'hid', 'lp'];

export async function discoverDevices(options: DiscoveryOptions = {}): Promise<DiscoveryResult[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const run: Record<DiscoverySource, () => Promise<DiscoveredDevice[]>> = {
    serial: () => discoverSerial(options),
    usb: () => discoverUsbPrinters(options),
    hid: () => discoverHid(options),
    lp: () => discoverLpFiles(options.lpDirectory ?? '/dev/usb'),
  };
  return Promise.all(
    (options.sources ?? allSources).map(async (source): Promise<DiscoveryResult> => {
      try {
        const devices = await withTimeout(run[source](), timeoutMs, `${source} discovery timed out after ${timeoutMs} ms`);
        return { source, ok: true, devices };
      } catch (error) {
        return { source, ok: false, reason: error instanceof Error ? error.message : String(error), devices: [] };
      }
    }),
  );
}

async function discoverSerial(options: DiscoveryOptions): Promise<DiscoveredDevice[]> {
  const list = options.listSerialPorts ?? (async () => (await loadNativeModule('serialport')).SerialPort.list());
  const ports = await list();
  const stable = await stableSerialNames(options.serialByIdDirectory ?? '/dev/serial/by-id');
  return ports.map((port) => {
    // ttyUSB0 and ttyUSB1 swap on reboot; the by-id name stays with the adapter.
    const path = stable.get(port.path) ?? port.path;
    const vendorId = parseHex(port.vendorId);
    const productId = parseHex(port.productId);
    const label = [port.manufacturer, port.serialNumber ? `s/n ${port.serialNumber}` : undefined].filter(Boolean).join(', ') || port.path;
    return {
      source: 'serial' as const,
      connection: formatConnection({ kind: 'serial', path }),
      label: path === port.path ? label : `${label} (${port.path})`,
      ...(vendorId === undefined ? {} : { vendorId }),
      ...(productId === undefined ? {} : { productId }),
    };
  });
}

async function stableSerialNames(directory: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch {
    return names; // no udev by-id links (not Linux, or none plugged in)
  }
  for (const entry of entries) {
    try {
      const link = join(directory, entry);
      names.set(resolve(directory, await readlink(link)), link);
    } catch {
      // not a link: skip
    }
  }
  return names;
}

async function discoverUsbPrinters(options: DiscoveryOptions): Promise<DiscoveredDevice[]> {
  const api = options.usbApi ?? (await loadNativeModule('usb'));
  const devices = await api.getDevices();
  const found: DiscoveredDevice[] = [];
  for (const device of devices) {
    const configs: readonly (UsbConfigurationInfo | null | undefined)[] = device.configurations.length ? device.configurations : [device.configuration];
    const isPrinter = configs.some((config) => findPrinterInterface(config) !== undefined);
    if (!isPrinter) continue;
    const serialNumber = device.serialNumber ?? undefined;
    found.push({
      source: 'usb',
      connection: formatConnection({ kind: 'usb', vendorId: device.vendorId, productId: device.productId, ...(serialNumber ? { serialNumber } : {}) }),
      label: [device.manufacturerName, device.productName].filter(Boolean).join(' ') || `USB printer (class ${usbPrinterClass})`,
      role: 'receipt-printer',
      vendorId: device.vendorId,
      productId: device.productId,
    });
  }
  return found;
}

async function discoverHid(options: DiscoveryOptions): Promise<DiscoveredDevice[]> {
  const api = options.hidApi ?? (await loadNativeModule('node-hid'));
  const infos = await api.devicesAsync();
  const seen = new Set<string>();
  const found: DiscoveredDevice[] = [];
  for (const info of infos) {
    const connection = formatConnection({
      kind: 'hid',
      vendorId: info.vendorId,
      productId: info.productId,
      ...(info.serialNumber ? { serialNumber: info.serialNumber } : {}),
      ...(info.usagePage === undefined ? {} : { usagePage: info.usagePage }),
    });
    // Some platforms list a collection once per usage: one entry per connection string is enough.
    if (seen.has(connection)) continue;
    seen.add(connection);
    const role = hidRole(info);
    found.push({
      source: 'hid',
      connection,
      label: [info.manufacturer, info.product].filter(Boolean).join(' ') || info.path || connection,
      ...(role ? { role } : {}),
      vendorId: info.vendorId,
      productId: info.productId,
    });
  }
  return found;
}

function hidRole(info: HidDeviceInfo): DiscoveredDevice['role'] {
  if (info.usagePage === hidPosUsagePage) return 'barcode-scanner';
  if (info.usagePage === 0x01 && info.usage === 0x06) return 'keyboard-or-scanner';
  return undefined;
}

async function discoverLpFiles(directory: string): Promise<DiscoveredDevice[]> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    // No /dev/usb at all just means no usblp printer is plugged in.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((name) => /^lp\d+$/.test(name))
    .sort()
    .map((name) => ({
      source: 'lp' as const,
      connection: formatConnection({ kind: 'file', path: join(directory, name) }),
      label: `kernel printer file ${join(directory, name)}`,
      role: 'receipt-printer' as const,
    }));
}

function parseHex(text: string | undefined): number | undefined {
  if (!text || !/^[0-9a-f]{1,4}$/i.test(text)) return undefined;
  return Number.parseInt(text, 16);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
