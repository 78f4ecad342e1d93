/**
 * @module
 * Prints ESC/POS bytes on a USB receipt printer from the browser (WebUSB), where the browser has
 * it. The cashier picks the printer once in the browser's chooser (a permission the browser keeps
 * for this site); the printer-class interface (USB class 7) and its bulk OUT endpoint take the
 * bytes, as the drivers' UsbTransport does on the PC. TypeScript's DOM library has no WebUSB
 * types, so the part used is declared here.
 */
export interface UsbEndpointLike { readonly endpointNumber: number; readonly direction: 'in' | 'out'; readonly type: string }
export interface UsbInterfaceLike {
  readonly interfaceNumber: number;
  readonly alternate: { readonly interfaceClass: number; readonly endpoints: readonly UsbEndpointLike[] };
}
export interface UsbDeviceLike {
  readonly configuration: { readonly interfaces: readonly UsbInterfaceLike[] } | null;
  readonly productName?: string | undefined;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(number: number): Promise<void>;
  releaseInterface(number: number): Promise<void>;
  transferOut(endpoint: number, data: Uint8Array<ArrayBuffer>): Promise<{ status: string; bytesWritten: number }>;
}
export interface UsbLike {
  getDevices(): Promise<UsbDeviceLike[]>;
  requestDevice(options: { filters: { classCode: number }[] }): Promise<UsbDeviceLike>;
}

const printerClass = 7;

function printerEndpoint(device: UsbDeviceLike): { interfaceNumber: number; endpoint: number } | undefined {
  for (const iface of device.configuration?.interfaces ?? []) {
    if (iface.alternate.interfaceClass !== printerClass) continue;
    const out = iface.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
    if (out) return { interfaceNumber: iface.interfaceNumber, endpoint: out.endpointNumber };
  }
  return undefined;
}

export class NoUsbPrinterError extends Error {}

/** Sends the bytes; asks the cashier to choose a printer when none was allowed before. */
export async function printOverWebUsb(bytes: Uint8Array, usb: UsbLike): Promise<void> {
  const allowed = await usb.getDevices();
  const device = allowed[0] ?? (await usb.requestDevice({ filters: [{ classCode: printerClass }] }));
  await device.open();
  try {
    if (!device.configuration) await device.selectConfiguration(1);
    const target = printerEndpoint(device);
    if (!target) throw new NoUsbPrinterError('The USB device has no printer interface');
    await device.claimInterface(target.interfaceNumber);
    try {
      const result = await device.transferOut(target.endpoint, new Uint8Array(bytes));
      if (result.status !== 'ok' || result.bytesWritten !== bytes.length) throw new Error(`The printer took ${result.bytesWritten} of ${bytes.length} bytes (${result.status})`);
    } finally {
      await device.releaseInterface(target.interfaceNumber).catch(() => undefined);
    }
  } finally {
    await device.close().catch(() => undefined);
  }
}

export function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
