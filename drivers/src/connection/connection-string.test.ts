import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionStringError, connectionPortKey, formatConnection, parseConnection, virtualDeviceKinds } from './connection-string';
import type { Connection } from './connection-string';

describe('parseConnection: examples', () => {
  it.each<[string, Connection]>([
    [
      'serial:/dev/ttyUSB0?baudRate=19200&dataBits=7&parity=even&stopBits=1&flowControl=rtscts',
      { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 19200, dataBits: 7, parity: 'even', stopBits: 1, flowControl: 'rtscts' },
    ],
    ['serial:/dev/ttyS0', { kind: 'serial', path: '/dev/ttyS0' }],
    ['serial:COM3?baudRate=9600', { kind: 'serial', path: 'COM3', baudRate: 9600 }],
    ['serial:/dev/ttyS0?parity=EVEN&stopBits=1.5', { kind: 'serial', path: '/dev/ttyS0', parity: 'even', stopBits: 1.5 }],
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://192.168.1.50', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://printer.local:9101', { kind: 'tcp', host: 'printer.local', port: 9101 }],
    ['tcp://[fe80::1]:9100', { kind: 'tcp', host: 'fe80::1', port: 9100 }],
    ['usb://04b8:0202', { kind: 'usb', vendorId: 0x04b8, productId: 0x0202 }],
    ['usb://04B8:0E15?serialNumber=X3B7', { kind: 'usb', vendorId: 0x04b8, productId: 0x0e15, serialNumber: 'X3B7' }],
    ['hid://05e0:1200', { kind: 'hid', vendorId: 0x05e0, productId: 0x1200 }],
    ['hid://05e0:1200?usagePage=0x8c', { kind: 'hid', vendorId: 0x05e0, productId: 0x1200, usagePage: 0x8c }],
    ['file:/dev/usb/lp0', { kind: 'file', path: '/dev/usb/lp0' }],
    ['file:///dev/usb/lp0?read=true', { kind: 'file', path: '/dev/usb/lp0', read: true }],
    ['virtual:printer', { kind: 'virtual', device: 'printer' }],
    ['  virtual:scale ', { kind: 'virtual', device: 'scale' }],
  ])('%s', (input, expected) => {
    expect(parseConnection(input)).toEqual(expected);
  });
});

describe('parseConnection: malformed strings name the wrong part', () => {
  it.each<[string, string, string]>([
    ['serial:/dev/ttyS0?baudRate=fast', 'baudRate', "baudRate 'fast' is not a number in 'serial:/dev/ttyS0?baudRate=fast'"],
    ['serial:/dev/ttyS0?baudRate=12', 'baudRate', "baudRate 12 is out of range (50-4000000) in 'serial:/dev/ttyS0?baudRate=12'"],
    ['serial:/dev/ttyS0?dataBits=9', 'dataBits', "dataBits 9 is not one of 5, 6, 7, 8 in 'serial:/dev/ttyS0?dataBits=9'"],
    ['serial:/dev/ttyS0?parity=maybe', 'parity', "parity 'maybe' is not one of none, even, odd, mark, space in 'serial:/dev/ttyS0?parity=maybe'"],
    ['serial:/dev/ttyS0?stopBits=3', 'stopBits', "stopBits 3 is not one of 1, 1.5, 2 in 'serial:/dev/ttyS0?stopBits=3'"],
    ['serial:/dev/ttyS0?flowControl=xon', 'flowControl', "flowControl 'xon' is not one of none, rtscts, xonxoff in 'serial:/dev/ttyS0?flowControl=xon'"],
    ['serial:/dev/ttyS0?baud=9600', 'baud', "unknown option 'baud'; expected baudRate, dataBits, parity, stopBits, flowControl in 'serial:/dev/ttyS0?baud=9600'"],
    ['serial:/dev/ttyS0?baudRate', 'options', "option 'baudRate' is not name=value in 'serial:/dev/ttyS0?baudRate'"],
    ['serial:/dev/ttyS0?baudRate=1200&baudRate=9600', 'baudRate', "option 'baudRate' is given twice in 'serial:/dev/ttyS0?baudRate=1200&baudRate=9600'"],
    ['serial:', 'path', "missing serial port path (e.g. serial:/dev/ttyUSB0 or serial:COM3) in 'serial:'"],
    ['tcp://192.168.1.50:99999', 'port', "port '99999' is not a number from 1 to 65535 in 'tcp://192.168.1.50:99999'"],
    ['tcp://192.168.1.50:', 'port', "port '' is not a number from 1 to 65535 in 'tcp://192.168.1.50:'"],
    ['tcp://printer_1:9100', 'host', "host 'printer_1' is not a host name or address in 'tcp://printer_1:9100'"],
    ['tcp:192.168.1.50', 'scheme', "tcp connections start with 'tcp://' in 'tcp:192.168.1.50'"],
    ['usb://4b8:202', 'vendorId', "vendorId '4b8' is not 4 hex digits in 'usb://4b8:202'"],
    ['usb://04b8:zzzz', 'productId', "productId 'zzzz' is not 4 hex digits in 'usb://04b8:zzzz'"],
    ['usb://04b8', 'ids', "'04b8' is not vendor:product in hex (e.g. usb://04b8:0202) in 'usb://04b8'"],
    ['hid://05e0:1200?usagePage=pos', 'usagePage', "usagePage 'pos' is not a hex number (e.g. 0x8c) in 'hid://05e0:1200?usagePage=pos'"],
    ['file:', 'path', "missing device file path in 'file:'"],
    ['file:/dev/usb/lp0?read=perhaps', 'read', "read 'perhaps' is not true or false in 'file:/dev/usb/lp0?read=perhaps'"],
    ['virtual:toaster', 'device', "virtual device 'toaster' is not one of printer, scanner, scale, display, drawer in 'virtual:toaster'"],
    ['/dev/ttyUSB0', 'scheme', "missing scheme (serial:, tcp://, usb://, hid://, file:, virtual:) in '/dev/ttyUSB0'"],
    ['bluetooth://00:11', 'scheme', "unknown scheme 'bluetooth:' (expected serial, tcp, usb, hid, file or virtual) in 'bluetooth://00:11'"],
  ])('%s', (input, part, message) => {
    let caught: unknown;
    try {
      parseConnection(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectionStringError);
    expect((caught as ConnectionStringError).part).toBe(part);
    expect((caught as ConnectionStringError).message).toBe(message);
  });
});

const pathChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./'.split(''));
const id16 = fc.integer({ min: 0, max: 0xffff });
const serialNumber = fc.string({ minLength: 1, maxLength: 12 });
const hostLabel = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);

const connectionArb: fc.Arbitrary<Connection> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('serial' as const),
      path: fc.oneof(fc.string({ unit: pathChars, minLength: 1, maxLength: 20 }).map((s) => `/dev/${s}`), fc.integer({ min: 1, max: 256 }).map((n) => `COM${n}`)),
      baudRate: fc.constantFrom(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
      dataBits: fc.constantFrom(5 as const, 6 as const, 7 as const, 8 as const),
      parity: fc.constantFrom('none' as const, 'even' as const, 'odd' as const, 'mark' as const, 'space' as const),
      stopBits: fc.constantFrom(1 as const, 1.5 as const, 2 as const),
      flowControl: fc.constantFrom('none' as const, 'rtscts' as const, 'xonxoff' as const),
    },
    { requiredKeys: ['kind', 'path'] },
  ),
  fc.record({
    kind: fc.constant('tcp' as const),
    host: fc.oneof(fc.ipV4(), fc.array(hostLabel, { minLength: 1, maxLength: 3 }).map((l) => l.join('.')), fc.ipV6()),
    port: fc.integer({ min: 1, max: 65535 }),
  }),
  fc.record({ kind: fc.constant('usb' as const), vendorId: id16, productId: id16, serialNumber }, { requiredKeys: ['kind', 'vendorId', 'productId'] }),
  fc.record(
    { kind: fc.constant('hid' as const), vendorId: id16, productId: id16, serialNumber, usagePage: id16 },
    { requiredKeys: ['kind', 'vendorId', 'productId'] },
  ),
  fc.record(
    { kind: fc.constant('file' as const), path: fc.string({ unit: pathChars, minLength: 1, maxLength: 20 }).map((s) => `/dev/${s}`), read: fc.boolean() },
    { requiredKeys: ['kind', 'path'] },
  ),
  fc.record({ kind: fc.constant('virtual' as const), device: fc.constantFrom(...virtualDeviceKinds) }),
);

describe('connection strings: properties', () => {
  it('parse(format(c)) equals c for every connection', () => {
    fc.assert(
      fc.property(connectionArb, (connection) => {
        expect(parseConnection(formatConnection(connection))).toEqual(connection);
      }),
      { numRuns: 500 },
    );
  });

  it('format is canonical: formatting a parsed canonical string gives it back', () => {
    fc.assert(
      fc.property(connectionArb, (connection) => {
        const text = formatConnection(connection);
        expect(formatConnection(parseConnection(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but ConnectionStringError on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('serial:', 'tcp://', 'usb://', 'hid://', 'file:', 'virtual:').chain((s) => fc.string().map((t) => s + t))),
        (input) => {
          try {
            parseConnection(input);
          } catch (error) {
            expect(error).toBeInstanceOf(ConnectionStringError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the port key ignores serial settings, so one port cannot be claimed twice at two speeds', () => {
    const a = parseConnection('serial:/dev/ttyUSB0?baudRate=9600');
    const b = parseConnection('serial:/dev/ttyUSB0?baudRate=19200&parity=even');
    expect(connectionPortKey(a)).toBe('serial:/dev/ttyUSB0');
    expect(connectionPortKey(b)).toBe(connectionPortKey(a));
    expect(connectionPortKey(parseConnection('tcp://10.0.0.5'))).toBe('tcp://10.0.0.5:9100');
    expect(connectionPortKey(parseConnection('hid://05e0:1200?usagePage=0x8c'))).not.toBe(connectionPortKey(parseConnection('hid://05e0:1200?usagePage=0x1')));
  });
});
