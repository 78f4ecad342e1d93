/**
 * @module
 * Cassa's peripheral drivers: connection strings, transports, the shared device lifecycle, and
 * each kind of device (receipt printer, scanner, scale, pole display), plus discovery.
 *
 * Native modules (serialport, node-hid, usb) are never imported here: they load on first use of a
 * device of their kind, so a missing system library disables that kind only.
 *
 * @example
 * const scale = createScale('serial:/dev/ttyUSB0');           // Mettler-Toledo 8217, 9600 7E1
 * await scale.open();
 * const grams = await scale.readStableWeight();               // or a ScaleError: motion, over capacity…
 *
 * const scanner = createScanner('hid://0c2e:0b8f?usagePage=0x8c');
 * scanner.on('scan', ({ code, symbology }) => addByBarcode(code, symbology));
 * await scanner.open();
 */

// Connection strings.
export * from './connection';

// Device lifecycle: states, events, claims, reconnect, errors.
export * from './device';

// Transports.
export { TransportError } from './transport/transport';
export type { Transport, TransportEvents, TransportState } from './transport/transport';
export { createTransport } from './transport/create-transport';
export type { CreateTransportOptions } from './transport/create-transport';
export { SerialTransport, defaultSerialSettings } from './transport/serial-transport';
export type { SerialTransportOptions } from './transport/serial-transport';
export { TcpTransport, tcpConnectError } from './transport/tcp-transport';
export type { TcpTransportOptions } from './transport/tcp-transport';
export { FileTransport } from './transport/file-transport';
export type { FileTransportOptions } from './transport/file-transport';
export { UsbTransport, findPrinterInterface, usbPrinterClass } from './transport/usb-transport';
export type { UsbConfigurationInfo, UsbDeviceHandle, UsbEndpointInfo, UsbInterfaceInfo, UsbTransportOptions, WebUsbApi } from './transport/usb-transport';
export { HidTransport, matchHidDevices } from './transport/hid-transport';
export type { HidApi, HidDeviceInfo, HidHandle, HidTransportOptions } from './transport/hid-transport';
export { loadNativeModule, nativeModuleStatus } from './transport/native-modules';
export type { ModuleImporter, NativeModuleName, NativeModules } from './transport/native-modules';
export { FakeTransport, concatBytes } from './transport/fake-transport';
export type { FakeResponder, FakeTransportOptions } from './transport/fake-transport';
export { createVirtualTransport } from './transport/virtual-transport';

// Receipt printer (ESC/POS, profiles, layout, ReceiptPrinter, virtual printer).
export * from './printer';

// Scanners.
export * from './scanner';

// Scales.
export * from './scale';

// Customer pole display.
export * from './display';

// Discovery.
export * from './discovery';

// Italian fiscal devices (registratore telematico).
export * from './fiscal';
