/**
 * @module
 * Connection strings: one line in the till's settings says where a device is and how to talk to it.
 *
 * @example
 * serial:/dev/ttyUSB0?baudRate=19200&dataBits=7&parity=even&stopBits=1&flowControl=rtscts
 * serial:COM3
 * tcp://192.168.1.50:9100          (port defaults to 9100, the raw printing port)
 * usb://04b8:0202                  (hex vendor:product; ?serialNumber=… picks one of two alike)
 * hid://05e0:1200?usagePage=0x8c   (composite scanners enumerate once per interface)
 * file:/dev/usb/lp0                (?read=true to also read status from the device file)
 * virtual:printer                  (in-memory device for demos and tests)
 *
 * Serial settings left out are `undefined`, not defaulted here: the device's protocol knows its
 * own defaults (a Mettler-Toledo scale is 9600 7E1, a receipt printer 9600 8N1).
 */

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';
export type DataBits = 5 | 6 | 7 | 8;
export type StopBits = 1 | 1.5 | 2;
export type FlowControl = 'none' | 'rtscts' | 'xonxoff';
export type VirtualDeviceKind = 'printer' | 'scanner' | 'scale' | 'display' | 'drawer';

export interface SerialSettings {
  readonly baudRate?: number;
  readonly dataBits?: DataBits;
  readonly parity?: Parity;
  readonly stopBits?: StopBits;
  readonly flowControl?: FlowControl;
}

export interface SerialConnection extends SerialSettings {
  readonly kind: 'serial';
  readonly path: string;
}
export interface TcpConnection {
  readonly kind: 'tcp';
  readonly host: string;
  readonly port: number;
}
export interface UsbConnection {
  readonly kind: 'usb';
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string;
}
export interface HidConnection {
  readonly kind: 'hid';
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string;
  readonly usagePage?: number;
}
export interface FileConnection {
  readonly kind: 'file';
  readonly path: string;
  readonly read?: boolean;
}
export interface VirtualConnection {
  readonly kind: 'virtual';
  readonly device: VirtualDeviceKind;
}

export type Connection =
  | SerialConnection
  | TcpConnection
  | UsbConnection
  | HidConnection
  | FileConnection
  | VirtualConnection;

export type ConnectionKind = Connection['kind'];

export const defaultTcpPort = 9100;
export const virtualDeviceKinds: readonly VirtualDeviceKind[] = ['printer', 'scanner', 'scale', 'display', 'drawer'];
const parities: readonly Parity[] = ['none', 'even', 'odd', 'mark', 'space'];
const dataBitsValues: readonly DataBits[] = [5, 6, 7, 8];
const stopBitsValues: readonly StopBits[] = [1, 1.5, 2];
const flowControls: readonly FlowControl[] = ['none', 'rtscts', 'xonxoff'];

/** A connection string that cannot be understood; `part` names the piece that is wrong. */
export class ConnectionStringError extends Error {
  readonly input: string;
  readonly part: string;
  constructor(input: string, part: string, problem: string) {
    super(`${problem} in '${input}'`);
    this.name = 'ConnectionStringError';
    this.input = input;
    this.part = part;
  }
}

/**
 * Parses a connection string.
 * @throws ConnectionStringError naming the wrong part, e.g.
 *   "baudRate 'fast' is not a number in 'serial:/dev/ttyS0?baudRate=fast'"
 */
export function parseConnection(input: string): Connection {
  const text = input.trim();
  const scheme = /^([a-z]+):/i.exec(text);
  if (!scheme?.[1]) {
    throw new ConnectionStringError(input, 'scheme', 'missing scheme (serial:, tcp://, usb://, hid://, file:, virtual:)');
  }
  const kind = scheme[1].toLowerCase();
  const rest = text.slice(scheme[0].length);
  const queryAt = rest.indexOf('?');
  const body = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = parseQuery(input, queryAt === -1 ? '' : rest.slice(queryAt + 1));

  switch (kind) {
    case 'serial':
      return parseSerial(input, stripSlashes(body, false), query);
    case 'tcp':
      return parseTcp(input, requireSlashes(input, body, 'tcp'), query);
    case 'usb':
    case 'hid':
      return parseUsbLike(input, kind, requireSlashes(input, body, kind), query);
    case 'file': {
      const path = stripSlashes(body, true);
      if (!path) throw new ConnectionStringError(input, 'path', 'missing device file path');
      const options = takeOptions(input, query, ['read']);
      const read = options.read === undefined ? undefined : parseBoolean(input, 'read', options.read);
      return read === undefined ? { kind: 'file', path } : { kind: 'file', path, read };
    }
    case 'virtual': {
      takeOptions(input, query, []);
      const device = body.replace(/^\/\//, '');
      if (!isOneOf(device, virtualDeviceKinds)) {
        throw new ConnectionStringError(input, 'device', `virtual device '${device}' is not one of ${virtualDeviceKinds.join(', ')}`);
      }
      return { kind: 'virtual', device };
    }
    default:
      throw new ConnectionStringError(input, 'scheme', `unknown scheme '${scheme[1]}:' (expected serial, tcp, usb, hid, file or virtual)`);
  }
}

/** The canonical string for a connection; `parseConnection(formatConnection(c))` equals `c`. */
export function formatConnection(connection: Connection): string {
  switch (connection.kind) {
    case 'serial': {
      const params: [string, string | number | undefined][] = [
        ['baudRate', connection.baudRate],
        ['dataBits', connection.dataBits],
        ['parity', connection.parity],
        ['stopBits', connection.stopBits],
        ['flowControl', connection.flowControl],
      ];
      return `serial:${connection.path}${formatQuery(params)}`;
    }
    case 'tcp': {
      const host = connection.host.includes(':') ? `[${connection.host}]` : connection.host;
      return `tcp://${host}:${connection.port}`;
    }
    case 'usb':
      return `usb://${hex4(connection.vendorId)}:${hex4(connection.productId)}${formatQuery([['serialNumber', connection.serialNumber]])}`;
    case 'hid':
      return `hid://${hex4(connection.vendorId)}:${hex4(connection.productId)}${formatQuery([
        ['serialNumber', connection.serialNumber],
        ['usagePage', connection.usagePage === undefined ? undefined : `0x${connection.usagePage.toString(16)}`],
      ])}`;
    case 'file':
      return `file:${connection.path}${formatQuery([['read', connection.read === undefined ? undefined : String(connection.read)]])}`;
    case 'virtual':
      return `virtual:${connection.device}`;
  }
}

/**
 * The key for the exclusive claim: the physical port, without settings. Two strings naming
 * /dev/ttyUSB0 at different speeds are still one port.
 */
export function connectionPortKey(connection: Connection): string {
  switch (connection.kind) {
    case 'serial':
      return `serial:${connection.path}`;
    case 'file':
      return `file:${connection.path}`;
    case 'usb':
      return `usb://${hex4(connection.vendorId)}:${hex4(connection.productId)}${connection.serialNumber ? `/${connection.serialNumber}` : ''}`;
    case 'hid':
      // A composite scanner's HID POS and keyboard interfaces are separate ports.
      return `hid://${hex4(connection.vendorId)}:${hex4(connection.productId)}${connection.serialNumber ? `/${connection.serialNumber}` : ''}${
        connection.usagePage === undefined ? '' : `#${connection.usagePage.toString(16)}`
      }`;
    case 'tcp':
    case 'virtual':
      return formatConnection(connection);
  }
}

// ---- parts ----------------------------------------------------------------------------------------

function parseSerial(input: string, path: string, query: Map<string, string>): SerialConnection {
  if (!path) throw new ConnectionStringError(input, 'path', 'missing serial port path (e.g. serial:/dev/ttyUSB0 or serial:COM3)');
  const o = takeOptions(input, query, ['baudRate', 'dataBits', 'parity', 'stopBits', 'flowControl']);
  const settings: { -readonly [K in keyof SerialSettings]: SerialSettings[K] } = {};
  if (o.baudRate !== undefined) {
    const baud = parseNumber(input, 'baudRate', o.baudRate);
    if (!Number.isInteger(baud) || baud < 50 || baud > 4_000_000) {
      throw new ConnectionStringError(input, 'baudRate', `baudRate ${o.baudRate} is out of range (50-4000000)`);
    }
    settings.baudRate = baud;
  }
  if (o.dataBits !== undefined) settings.dataBits = pickNumber(input, 'dataBits', o.dataBits, dataBitsValues);
  if (o.stopBits !== undefined) settings.stopBits = pickNumber(input, 'stopBits', o.stopBits, stopBitsValues);
  if (o.parity !== undefined) settings.parity = pickWord(input, 'parity', o.parity, parities);
  if (o.flowControl !== undefined) settings.flowControl = pickWord(input, 'flowControl', o.flowControl, flowControls);
  return { kind: 'serial', path, ...settings };
}

function parseTcp(input: string, authority: string, query: Map<string, string>): TcpConnection {
  takeOptions(input, query, []);
  const match = /^(?:\[([^\]]+)\]|([^:/[\]]+))(?::([^/]*))?\/?$/.exec(authority);
  const host = match?.[1] ?? match?.[2];
  if (!match || !host) throw new ConnectionStringError(input, 'host', `host '${authority}' is not a host name or address`);
  if (match[2] !== undefined && !/^[A-Za-z0-9.-]+$/.test(host)) {
    throw new ConnectionStringError(input, 'host', `host '${host}' is not a host name or address`);
  }
  const portText = match[3];
  if (portText === undefined) return { kind: 'tcp', host, port: defaultTcpPort };
  const port = Number(portText);
  if (portText === '' || !/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new ConnectionStringError(input, 'port', `port '${portText}' is not a number from 1 to 65535`);
  }
  return { kind: 'tcp', host, port };
}

function parseUsbLike(input: string, kind: 'usb' | 'hid', ids: string, query: Map<string, string>): UsbConnection | HidConnection {
  const match = /^([^:/]*):([^:/]*)\/?$/.exec(ids);
  if (!match) throw new ConnectionStringError(input, 'ids', `'${ids}' is not vendor:product in hex (e.g. ${kind}://04b8:0202)`);
  const vendorId = parseHexId(input, 'vendorId', match[1] ?? '');
  const productId = parseHexId(input, 'productId', match[2] ?? '');
  const o = takeOptions(input, query, kind === 'usb' ? ['serialNumber'] : ['serialNumber', 'usagePage']);
  const serial = o.serialNumber === undefined ? {} : { serialNumber: o.serialNumber };
  if (kind === 'usb') return { kind, vendorId, productId, ...serial };
  if (o.usagePage === undefined) return { kind, vendorId, productId, ...serial };
  const usagePage = /^(0x)?[0-9a-f]{1,4}$/i.test(o.usagePage) ? Number.parseInt(o.usagePage.replace(/^0x/i, ''), 16) : Number.NaN;
  if (Number.isNaN(usagePage)) {
    throw new ConnectionStringError(input, 'usagePage', `usagePage '${o.usagePage}' is not a hex number (e.g. 0x8c)`);
  }
  return { kind, vendorId, productId, ...serial, usagePage };
}

function parseHexId(input: string, part: string, text: string): number {
  if (!/^[0-9a-f]{4}$/i.test(text)) throw new ConnectionStringError(input, part, `${part} '${text}' is not 4 hex digits`);
  return Number.parseInt(text, 16);
}

function parseQuery(input: string, query: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!query) return out;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConnectionStringError(input, 'options', `option '${pair}' is not name=value`);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(pair.slice(0, eq));
      value = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      throw new ConnectionStringError(input, 'options', `option '${pair}' has a broken %-escape`);
    }
    if (out.has(name)) throw new ConnectionStringError(input, name, `option '${name}' is given twice`);
    out.set(name, value);
  }
  return out;
}

function takeOptions<K extends string>(input: string, query: Map<string, string>, allowed: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [name, value] of query) {
    const known = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
    if (!known) {
      const hint = allowed.length ? `; expected ${allowed.join(', ')}` : '; this scheme takes no options';
      throw new ConnectionStringError(input, name, `unknown option '${name}'${hint}`);
    }
    out[known] = value;
  }
  return out;
}

function parseNumber(input: string, part: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new ConnectionStringError(input, part, `${part} '${text}' is not a number`);
  return n;
}

function pickNumber<T extends number>(input: string, part: string, text: string, allowed: readonly T[]): T {
  const n = parseNumber(input, part, text);
  const found = allowed.find((a) => a === n);
  if (found === undefined) throw new ConnectionStringError(input, part, `${part} ${text} is not one of ${allowed.join(', ')}`);
  return found;
}

function pickWord<T extends string>(input: string, part: string, text: string, allowed: readonly T[]): T {
  const lower = text.toLowerCase();
  if (!isOneOf(lower, allowed)) throw new ConnectionStringError(input, part, `${part} '${text}' is not one of ${allowed.join(', ')}`);
  return lower;
}

function parseBoolean(input: string, part: string, text: string): boolean {
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  throw new ConnectionStringError(input, part, `${part} '${text}' is not true or false`);
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

function requireSlashes(input: string, body: string, scheme: string): string {
  if (!body.startsWith('//')) throw new ConnectionStringError(input, 'scheme', `${scheme} connections start with '${scheme}://'`);
  return body.slice(2);
}

/** `file:///dev/x` and `file:/dev/x` both mean /dev/x; `serial://COM3` is tolerated too. */
function stripSlashes(body: string, keepRoot: boolean): string {
  if (!body.startsWith('//')) return body;
  const stripped = body.slice(2);
  return keepRoot && !stripped.startsWith('/') ? `/${stripped}` : stripped;
}

function formatQuery(params: readonly (readonly [string, string | number | undefined])[]): string {
  const parts = params
    .filter((p): p is readonly [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
