import { describe, expect, it } from 'vitest';
import { ConnectionStringError } from '../connection/connection-string';
import { createTransport } from './create-transport';
import { FakeTransport } from './fake-transport';
import { FileTransport } from './file-transport';
import { HidTransport } from './hid-transport';
import { SerialTransport } from './serial-transport';
import { TcpTransport } from './tcp-transport';
import { UsbTransport } from './usb-transport';

describe('createTransport', () => {
  it('builds the transport each connection kind names, without opening it', () => {
    expect(createTransport('serial:/dev/ttyUSB0')).toBeInstanceOf(SerialTransport);
    expect(createTransport('file:/dev/usb/lp0')).toBeInstanceOf(FileTransport);
    expect(createTransport('hid://05e0:1200')).toBeInstanceOf(HidTransport);
    expect(createTransport('usb://04b8:0202')).toBeInstanceOf(UsbTransport);
    const virtual = createTransport('virtual:printer');
    expect(virtual).toBeInstanceOf(FakeTransport);
    expect(virtual.state).toBe('closed');
    expect(virtual.description).toBe('virtual:printer');
  });

  it('passes protocol defaults to serial ports and keeps the canonical description', () => {
    const t = createTransport('serial:/dev/ttyS1?baudRate=9600', { serialDefaults: { dataBits: 7, parity: 'even' } });
    expect(t).toBeInstanceOf(SerialTransport);
    expect((t as SerialTransport).settings).toMatchObject({ baudRate: 9600, dataBits: 7, parity: 'even' });
  });

  it('malformed strings throw ConnectionStringError; tcp gets the raw 9100 transport unless overridden', () => {
    expect(() => createTransport('serial:/dev/ttyS0?baudRate=fast')).toThrow(ConnectionStringError);
    const tcp = createTransport('tcp://10.0.0.9');
    expect(tcp).toBeInstanceOf(TcpTransport);
    expect(tcp.description).toBe('tcp://10.0.0.9:9100');
    const custom = new FakeTransport({ description: 'tcp://10.0.0.9:9100' });
    expect(createTransport('tcp://10.0.0.9', { createTcp: () => custom })).toBe(custom);
  });

  it('virtual devices answer like the real ones', async () => {
    const printer = createTransport('virtual:printer');
    const got: number[] = [];
    printer.on('data', (c) => got.push(...c));
    await printer.open();
    await printer.write(Uint8Array.of(0x10, 0x04, 0x01));
    await expect.poll(() => got).toEqual([0x12]);
  });
});
