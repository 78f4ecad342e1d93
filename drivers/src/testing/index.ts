/**
 * @module
 * `@cassa/drivers/testing`: the fakes and emulators other packages' tests drive devices with
 * (serial line pairs through socat, HID and USB fakes, a TCP printer, a pole display). Product
 * code never imports this entry; the layer check enforces it.
 */
export { FakeHidApi, FakeHidDevice, hidInfo } from '../transport/testing/fake-hid';
export { FakeUsbPrinter, FakeWebUsb } from '../transport/testing/fake-usb';
export { isSocatAvailable, openPtyPair } from '../transport/testing/pty-pair';
export type { PtyPair } from '../transport/testing/pty-pair';
export { openSerialPeer } from '../transport/testing/serial-peer';
export type { SerialPeer } from '../transport/testing/serial-peer';
export { startFakeScale } from '../scale/testing/fake-scale';
export type { FakeScale } from '../scale/testing/fake-scale';
export { VfdEmulator } from '../display/testing/vfd-emulator';
export { FakeTcpPrinter } from '../printer/testing/fake-tcp-printer';
export type { FakeTcpPrinterOptions, MidJobFault } from '../printer/testing/fake-tcp-printer';
export { ManualClock, SystemClock, controlUsage, defaultDepartments, emulatedBrands, faultNames, startRtEmulator, typeOrderDepartments } from '../fiscal/emulator';
export type { DepartmentTable, EmulatedBrand, FaultName, RtEmulator, RtEmulatorOptions } from '../fiscal/emulator';
