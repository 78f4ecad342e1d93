/**
 * @module
 * `npm run rt-emulator -- [--port 8123] [--serial 99MEY012345] [--brand epson|custom|rch|all] [--print-ms 300] [--rch-port 8124]`:
 * starts the RT emulator (drivers/src/fiscal/emulator) on 127.0.0.1 with the host's clock, for the
 * demo shop and for trying Cassa without a fiscal device. RCH's native framed protocol listens on
 * --rch-port (default: the HTTP port + 1). Ctrl-C stops it.
 */
import type { EmulatedBrand } from '@cassa/drivers/testing';
import { SystemClock, controlUsage, emulatedBrands, startRtEmulator } from '@cassa/drivers/testing';

const usage = 'usage: npm run rt-emulator -- [--port 8123] [--serial 99MEY012345] [--brand epson|custom|rch|all] [--print-ms 300] [--rch-port 8124]';

function flags(args: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i] ?? '';
    const value = args[i + 1];
    if (!name.startsWith('--') || value === undefined) throw new Error(usage);
    found.set(name.slice(2), value);
  }
  return found;
}

function integer(text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new Error(`${text} is not a number from 0 to ${max}\n${usage}`);
  return Number(text);
}

/**
 * A serial each brand's adapter can read when only that brand is emulated: the first two
 * characters are the maker's code, and the RCH adapter reads only `72…` serials (rch-driver-js
 * `Utils.toRtFormat`). `all` keeps the emulator's Epson-style default.
 */
const defaultSerials: Record<string, string> = { epson: '99MEY012345', custom: 'STMTE770207', rch: '72MU1234567' };

async function main(): Promise<void> {
  const given = flags(process.argv.slice(2));
  for (const name of given.keys()) if (!['port', 'serial', 'brand', 'print-ms', 'rch-port'].includes(name)) throw new Error(`unknown --${name}\n${usage}`);
  const brand = given.get('brand') ?? 'all';
  if (brand !== 'all' && !emulatedBrands.includes(brand as EmulatedBrand)) throw new Error(`--brand must be epson, custom, rch or all\n${usage}`);
  const serial = given.get('serial') ?? defaultSerials[brand];
  const port = integer(given.get('port'), 8123, 65535);
  const withRch = brand === 'all' || brand === 'rch';
  const emulator = await startRtEmulator({
    port,
    ...(withRch ? { rchNativePort: integer(given.get('rch-port'), port === 0 ? 0 : port + 1, 65535) } : {}),
    clock: new SystemClock(),
    brands: brand === 'all' ? emulatedBrands : [brand as EmulatedBrand],
    printMs: integer(given.get('print-ms'), 300, 60_000),
    ...(serial ? { serial } : {}),
  });
  const { state } = emulator.device;
  const brands = brand === 'all' ? emulatedBrands : [brand];
  const paths: Record<string, string> = {
    epson: `Epson   POST ${emulator.url}/cgi-bin/fpmate.cgi`,
    custom: `Custom  POST ${emulator.url}/xml/printer.htm   (Basic auth ${state.serial}:${state.serial})`,
    rch: `RCH     POST ${emulator.url}/service.cgi   native frames on tcp://127.0.0.1:${emulator.rchNativePort ?? '-'}`,
  };
  console.log(`RT emulator, serial ${state.serial}, Z ${state.z}, listening on ${emulator.url}`);
  for (const name of brands) console.log(`  ${paths[name] ?? name}`);
  if (brand === 'all' && !state.serial.startsWith('72')) console.log('  (an RCH adapter reads only 72… serials: use --brand rch, or --serial 72MU1234567)');
  console.log(`  control: ${controlUsage}`);
  console.log('  Ctrl-C stops it.');
  process.once('SIGINT', () => {
    void emulator.close().then(() => {
      console.log('RT emulator stopped.');
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
