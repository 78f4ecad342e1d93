/**
 * @module
 * `npm run devices -- <verb>`: check the shop's peripherals from a terminal, without the till.
 *
 *   list                              what is plugged in (each source with its own failure)
 *   status <conn> [--as <kind>]       open the device and ask it how it is
 *   print-test <conn> [--profile id]  print the test receipt (profile: --profile, else CASSA_PRINTER_PROFILE)
 *   drawer <conn> [--pin 2|5] [--profile id]
 *   display <conn> <top> [bottom]
 *   weigh <conn> [--protocol mettler-toledo-8217|adam]
 *   scan <conn> [--timeout seconds] [--layout us|it]   wait for one barcode
 *   fiscal-status <fiscal conn>       an RT's status: paper, journal, files to send, certificate
 *   fiscal-x <fiscal conn>            print an X reading (nothing is closed)
 *   fiscal-z <fiscal conn> --yes      run the daily fiscal closure (Z): irreversible, hence --yes
 *   fiscal-test <fiscal conn>         issues nothing fiscal: reads the status and the last document
 *
 * Exit codes: 0 ok, 2 usage, 3 device absent or unreachable, 4 device error.
 */
import { pathToFileURL } from 'node:url';
import { ConnectionStringError, parseConnection } from '../connection/connection-string';
import type { Connection } from '../connection/connection-string';
import type { DeviceBase } from '../device/device-base';
import { DeviceError } from '../device/device-errors';
import { discoverDevices } from '../discovery/discover-devices';
import { createFiscalDevice } from '../fiscal/create-fiscal-device-node';
import { describeFiscalConnection, parseFiscalConnection } from '../fiscal/fiscal-connection';
import { FiscalDeviceError } from '../fiscal/fiscal-device';
import type { FiscalDevice } from '../fiscal/fiscal-device';
import { createPoleDisplay } from '../display/pole-display';
import { decodeEscPos, decodedText } from '../escpos/escpos-decoder';
import { statusProblems } from '../escpos/printer-status';
import { PrinterProfileError, builtInPrinterProfiles, getPrinterProfile } from '../printer/printer-profile';
import type { DrawerPin, PrinterProfile } from '../printer/printer-profile';
import { encodeTestReceipt } from '../printer/receipt-layout';
import { ReceiptPrinter } from '../printer/receipt-printer';
import { VirtualPrinter } from '../printer/virtual/virtual-printer';
import { createScale, scaleProtocols } from '../scale/scale';
import { createScanner } from '../scanner/scanners';
import { createTransport } from '../transport/create-transport';
import { nativeModuleStatus } from '../transport/native-modules';
import { TransportError } from '../transport/transport';

export const exitCodes = { ok: 0, usage: 2, unreachable: 3, deviceError: 4 } as const;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The environment: `CASSA_PRINTER_PROFILE` is the profile when no `--profile` is given, as for the till. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const usage = `usage: npm run devices -- <verb> [arguments]

  list                                   list serial ports, USB printers, HID devices, /dev/usb/lp*
  status <connection> [--as printer|scale|scanner|display]
  print-test <connection> [--profile <id>]
  drawer <connection> [--pin 2|5] [--profile <id>]
  display <connection> <top line> [bottom line]
  weigh <connection> [--protocol mettler-toledo-8217|adam]
  scan <connection> [--timeout <seconds>] [--layout us|it]
  fiscal-status <fiscal connection>
  fiscal-x <fiscal connection>           X reading
  fiscal-z <fiscal connection> --yes     daily fiscal closure (Z), irreversible
  fiscal-test <fiscal connection>        issues nothing: reads status and last document

connections: serial:/dev/ttyUSB0?baudRate=9600  tcp://192.168.1.50[:9100]  usb://04b8:0202
             hid://05e0:1200  file:/dev/usb/lp0  virtual:printer|scanner|scale|display|drawer
fiscal:      epson-rt://192.168.1.20  epson-rts://…  (?timeoutMs=10000&operator=1&https=1)
exit codes: 0 ok, 2 usage, 3 device absent or unreachable, 4 device error`;

class UsageError extends Error {}

type DeviceKind = 'printer' | 'scale' | 'scanner' | 'display';

interface Parsed {
  readonly positional: string[];
  readonly flags: Map<string, string>;
}

/** Flags that take no value. */
const switches = new Set(['yes']);

function parseArgs(args: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq !== -1) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      else if (switches.has(arg.slice(2))) flags.set(arg.slice(2), 'true');
      else {
        const value = args[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
        flags.set(arg.slice(2), value);
        i++;
      }
    } else positional.push(arg);
  }
  return { positional, flags };
}

/** Runs one command; resolves with the exit code. Never throws. */
export async function runDevicesCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [verb, ...rest] = argv;
    const args = withEnvironmentProfile(parseArgs(rest), io.env);
    switch (verb) {
      case 'list':
        return await list(io);
      case 'status':
        return await status(connectionArg(args), args, io);
      case 'print-test':
        return await printTest(connectionArg(args), args, io);
      case 'drawer':
        return await drawer(connectionArg(args), args, io);
      case 'display':
        return await display(connectionArg(args), args, io);
      case 'weigh':
        return await weigh(connectionArg(args), args, io);
      case 'scan':
        return await scan(connectionArg(args), args, io);
      case 'fiscal-status':
      case 'fiscal-x':
      case 'fiscal-z':
      case 'fiscal-test':
        return await fiscal(verb, args, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(usage);
        return verb === undefined ? exitCodes.usage : exitCodes.ok;
      default:
        throw new UsageError(`unknown verb '${verb}'`);
    }
  } catch (error) {
    return reportFailure(error, io);
  }
}

function connectionArg(args: Parsed): Connection {
  const text = args.positional.shift();
  if (!text) throw new UsageError('missing connection string');
  return parseConnection(text);
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError || error instanceof ConnectionStringError || error instanceof PrinterProfileError) {
    io.err(`error: ${error.message}`);
    io.err('run "npm run devices -- help" for usage');
    return exitCodes.usage;
  }
  io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
  return exitCodeFor(error);
}

/** Absent, unplugged, unreachable or switched off in this process: 3. The device said no: 4. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof DeviceError) {
    if (error.unreachable || error.code === 'UNAVAILABLE' || error.code === 'NOT_FOUND' || error.code === 'DISCONNECTED' || error.code === 'CLAIMED') return exitCodes.unreachable;
    if (error.code === 'TIMEOUT' && error.locus === 'open') return exitCodes.unreachable;
    return exitCodes.deviceError;
  }
  if (error instanceof TransportError && error.disconnected) return exitCodes.unreachable;
  if (error instanceof FiscalDeviceError && error.failure === 'offline') return exitCodes.unreachable;
  return exitCodes.deviceError;
}

async function list(io: CliIo): Promise<number> {
  const [results, natives] = await Promise.all([discoverDevices(), nativeModuleStatus()]);
  for (const state of Object.values(natives)) {
    if (!state.ok) io.out(`! ${state.reason}`);
  }
  for (const result of results) {
    if (!result.ok) {
      io.out(`${result.source}: unavailable: ${result.reason}`);
      continue;
    }
    io.out(`${result.source}: ${result.devices.length === 0 ? 'none found' : `${result.devices.length} found`}`);
    for (const device of result.devices) {
      io.out(`  ${device.connection.padEnd(40)} ${device.label}${device.role ? ` [${device.role}]` : ''}`);
    }
  }
  return exitCodes.ok;
}

function kindOf(connection: Connection, args: Parsed): DeviceKind | undefined {
  const given = args.flags.get('as');
  if (given !== undefined) {
    if (given === 'printer' || given === 'scale' || given === 'scanner' || given === 'display') return given;
    throw new UsageError(`--as '${given}' is not one of printer, scale, scanner, display`);
  }
  switch (connection.kind) {
    case 'virtual':
      return connection.device === 'drawer' ? 'printer' : connection.device;
    case 'tcp':
    case 'usb':
    case 'file':
      return 'printer';
    case 'hid':
      return 'scanner';
    case 'serial':
      return undefined; // anything can sit on a serial port: only the link is checked
  }
}

/** The till reads `CASSA_PRINTER_PROFILE`; so does this tool, or a 58 mm printer gets an 80 mm page. */
function withEnvironmentProfile(args: Parsed, env: CliIo['env']): Parsed {
  const fromEnv = env?.CASSA_PRINTER_PROFILE?.trim();
  if (args.flags.has('profile') || !fromEnv) return args;
  return { positional: args.positional, flags: new Map([...args.flags, ['profile', fromEnv]]) };
}

function profileOf(args: Parsed): PrinterProfile {
  const id = args.flags.get('profile');
  return id === undefined ? getPrinterProfile('epson-tm-t20') : getPrinterProfile(id);
}

/** Opens a printer; `virtual:printer` gets the emulated printer that answers status and decodes. */
function openablePrinter(connection: Connection, args: Parsed): { printer: ReceiptPrinter; virtual?: VirtualPrinter } {
  const profile = profileOf(args);
  if (connection.kind === 'virtual') {
    const virtual = new VirtualPrinter({ profile });
    return { printer: new ReceiptPrinter(virtual.transport, profile, { reconnect: false, pollIntervalMs: 0 }), virtual };
  }
  return { printer: new ReceiptPrinter(createTransport(connection), profile, { reconnect: false, pollIntervalMs: 0 }) };
}

async function withDevice<D extends DeviceBase<unknown, never>, T>(device: D, work: (device: D) => Promise<T>): Promise<T> {
  try {
    await device.open();
    return await work(device);
  } finally {
    await device.close().catch(() => undefined);
  }
}

async function status(connection: Connection, args: Parsed, io: CliIo): Promise<number> {
  const kind = kindOf(connection, args);
  if (kind === 'printer') {
    const { printer } = openablePrinter(connection, args);
    return withDevice(printer, async (p) => {
      const health = await p.checkHealth();
      const problems = p.lastStatus ? statusProblems(p.lastStatus) : [];
      io.out(`${p.transport.description}: ${health.detail}`);
      return health.ok && problems.length === 0 ? exitCodes.ok : exitCodes.deviceError;
    });
  }
  const device: DeviceBase<unknown, never> =
    kind === 'scale'
      ? createScale(connection, { reconnect: false, protocol: protocolOf(args) })
      : kind === 'display'
        ? createPoleDisplay(connection, { reconnect: false })
        : kind === 'scanner'
          ? createScanner(connection, { reconnect: false })
          : createScanner(connection, { reconnect: false, name: 'serial device' });
  return withDevice(device, async (d) => {
    const health = await d.checkHealth();
    io.out(`${d.transport.description}: ${health.ok ? 'ok' : 'not ok'}, ${health.detail}`);
    return health.ok ? exitCodes.ok : exitCodes.deviceError;
  });
}

async function printTest(connection: Connection, args: Parsed, io: CliIo): Promise<number> {
  const { printer, virtual } = openablePrinter(connection, args);
  return withDevice(printer, async (p) => {
    const result = await p.print(`devices-cli-test-${Date.now()}`, encodeTestReceipt(p.profile));
    if (result.outcome !== 'printed') {
      io.err(`error: ${result.outcome}${result.error ? `: ${result.error.message}` : ''}`);
      return result.error ? exitCodeFor(result.error) : exitCodes.deviceError;
    }
    io.out(`printed the test receipt (${result.totalBytes} bytes) on ${p.transport.description}`);
    // A printer with a tear bar never cuts, so the emulator has no finished receipt: decode the bytes.
    const printed = virtual ? (virtual.lastReceipt()?.decoded ?? decodeEscPos(Uint8Array.from(virtual.emulator.received), { codePageTables: p.profile.codePageTables })) : undefined;
    if (printed) io.out(decodedText(printed));
    return exitCodes.ok;
  });
}

async function drawer(connection: Connection, args: Parsed, io: CliIo): Promise<number> {
  const pinText = args.flags.get('pin');
  let pin: DrawerPin | undefined;
  if (pinText !== undefined) {
    if (pinText !== '2' && pinText !== '5') throw new UsageError(`--pin '${pinText}' is not 2 or 5`);
    pin = pinText === '2' ? 2 : 5;
  }
  const { printer } = openablePrinter(connection, args);
  return withDevice(printer, async (p) => {
    await p.openDrawer(pin);
    io.out(`drawer pulse sent on pin ${pin ?? p.profile.drawer.pins[0] ?? '?'} via ${p.transport.description}`);
    return exitCodes.ok;
  });
}

async function display(connection: Connection, args: Parsed, io: CliIo): Promise<number> {
  const [top, bottom] = args.positional;
  if (top === undefined) throw new UsageError('display needs the text to show');
  // The text stays up after the command ends: that is the point of the command.
  const pole = createPoleDisplay(connection, { reconnect: false, clearOnClose: false });
  return withDevice(pole, async (d) => {
    await d.showLines(top, bottom ?? '');
    for (const line of d.lines) io.out(`|${line}|`);
    return exitCodes.ok;
  });
}

function protocolOf(args: Parsed) {
  const name = args.flags.get('protocol') ?? 'mettler-toledo-8217';
  if (name !== 'mettler-toledo-8217' && name !== 'adam') throw new UsageError(`--protocol '${name}' is not one of mettler-toledo-8217, adam`);
  return scaleProtocols[name];
}

async function weigh(connection: Connection, args: Parsed, io: CliIo): Promise<number> {
  const scale = createScale(connection, { reconnect: false, protocol: protocolOf(args) });
  return withDevice(scale, async (s) => {
    const grams = await s.readStableWeight();
    io.out(`${grams} g (${(grams / 1000).toFixed(3)} kg)`);
    return exitCodes.ok;
  });
}

async function scan(connection: Connection, args: Parsed, io: CliIo): Promise<number> {
  const seconds = Number(args.flags.get('timeout') ?? '15');
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout '${args.flags.get('timeout') ?? ''}' is not a number of seconds`);
  const layout = args.flags.get('layout') ?? 'us';
  if (layout !== 'us' && layout !== 'it') throw new UsageError(`--layout '${layout}' is not us or it`);
  const scanner = createScanner(connection, { reconnect: false, layout });
  return withDevice(scanner, async (s) => {
    io.out(`waiting ${seconds} s for a scan on ${s.transport.description}…`);
    const result = await s.nextScan(seconds * 1000);
    io.out(`${result.code}${result.symbology ? ` (${result.symbology})` : result.aim ? ` (${result.aim})` : ''}`);
    return exitCodes.ok;
  });
}

type FiscalVerb = 'fiscal-status' | 'fiscal-x' | 'fiscal-z' | 'fiscal-test';

/** The RT verbs. A Z is the one irreversible act here, so it wants `--yes`. */
async function fiscal(verb: FiscalVerb, args: Parsed, io: CliIo): Promise<number> {
  const text = args.positional.shift();
  if (!text) throw new UsageError('missing fiscal connection string (e.g. epson-rt://192.168.1.20)');
  const connection = parseFiscalConnection(text);
  if (verb === 'fiscal-z' && args.flags.get('yes') !== 'true') {
    throw new UsageError('fiscal-z closes the fiscal day on the device and cannot be undone: add --yes');
  }
  const device = createFiscalDevice(connection);
  io.out(`${describeFiscalConnection(connection)}:`);
  try {
    switch (verb) {
      case 'fiscal-status':
        return await printFiscalStatus(device, io);
      case 'fiscal-x':
      case 'fiscal-z': {
        const closure = verb === 'fiscal-x' ? await device.xReading() : await device.zClosure();
        io.out(`${verb === 'fiscal-x' ? 'X reading' : 'Z closure'} ${closure.zNumber} on ${closure.serial}: day total ${formatCents(closure.dailyAmountCents)} (${closure.date} ${closure.time})`);
        return exitCodes.ok;
      }
      case 'fiscal-test': {
        const code = await printFiscalStatus(device, io);
        const last = await device.lastDocument();
        io.out(last ? `last document: ${last.serial} ${String(last.zNumber).padStart(4, '0')}-${String(last.documentNumber).padStart(4, '0')} of ${last.date} ${last.time}, ${formatCents(last.amountCents)}` : 'last document: none issued yet');
        io.out('nothing fiscal was issued: status and last document were only read');
        return code;
      }
    }
  } catch (error) {
    if (error instanceof FiscalDeviceError) {
      io.err(`error: ${error.message}${error.deviceCode ? ` [${error.deviceCode}]` : ''}`);
      if (error.outcomeUnknown) io.err('the device may have acted: run fiscal-test to read its last document before trying again');
      return exitCodeFor(error);
    }
    throw error;
  }
}

async function printFiscalStatus(device: FiscalDevice, io: CliIo): Promise<number> {
  const s = await device.status();
  io.out(`  printer ${s.printer}, journal ${s.journal}, ${s.inService ? 'in service' : 'NOT IN SERVICE'}${s.training ? ', training mode' : ''}`);
  io.out(`  document open: ${s.documentOpen ? 'yes' : 'no'}, closure (Z) needed: ${s.closureNeeded ? 'yes' : 'no'}`);
  io.out(`  files to send ${s.filesPending ?? '?'}, old ${s.filesOld ?? '?'}, rejected ${s.filesRejected ?? '?'}; certificate expires ${s.certificateExpiry ?? 'unknown'}`);
  const healthy = s.printer !== 'offline' && s.printer !== 'paper-out' && s.printer !== 'cover-open' && s.journal !== 'full' && s.inService && !s.closureNeeded && (s.filesRejected ?? 0) === 0;
  return healthy ? exitCodes.ok : exitCodes.deviceError;
}

function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}€${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** The profiles `--profile` accepts, for messages. */
export function knownProfiles(): string[] {
  return [...builtInPrinterProfiles.keys()];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  void runDevicesCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  }).then((code) => {
    // exit() rather than exitCode: a device's pending timer must not keep the terminal waiting.
    process.exit(code);
  });
}
