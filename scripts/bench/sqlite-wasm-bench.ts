/**
 * The till on SQLite in WebAssembly (issue 20, the phone's engine) next to better-sqlite3 in the
 * same run: a ten-line sale's commit on the demo shop, both databases in memory (Node has no
 * file VFS for sqlite-wasm), so the figures compare the engines and their adapters, not a disk.
 * A phone is slower than this machine; its disk (OPFS) adds the sync this run leaves out.
 * CASSA_BENCH_WASM_SALES sets the number of sales (300).
 */
import { performance } from 'node:perf_hooks';
import {
  createPrinterPort,
  createTillCoreOn,
  demoCatalogue,
  openTillDatabase,
  openWasmTillDatabase,
  seedDemoShop,
  sqlite3InitModule,
} from '@cassa/desktop/core';
import type { TillCore } from '@cassa/desktop/core';
import type { BenchContext } from './bench-kit';
import { percentile } from './bench-kit';

const sales = Number(process.env.CASSA_BENCH_WASM_SALES ?? 300);
const actor = { userId: 'bench', name: 'Bench', role: 'cashier' as const };

/** Ten scans, cash for the rest, then the timed commit. */
function oneSale(core: TillCore, codes: readonly string[], sale: number): number {
  for (let line = 0; line < 10; line++) core.services.tickets.scan(actor, codes[(sale * 10 + line) % codes.length]!);
  core.services.tickets.addPayment(actor, 'cash', core.services.tickets.current(actor)!.remainingCents, undefined);
  const started = performance.now();
  core.services.completion.complete(actor, false);
  return performance.now() - started;
}

async function commits(core: TillCore): Promise<number[]> {
  try {
    seedDemoShop(core.services);
    const codes = demoCatalogue().products.flatMap((product) => product.variants.flatMap((variant) => variant.barcodes));
    core.services.shifts.open(actor, 0);
    // A few sales first, so both engines are measured warm (JIT, statement cache).
    for (let sale = 0; sale < 20; sale++) oneSale(core, codes, sale);
    return Array.from({ length: sales }, (_, sale) => oneSale(core, codes, sale));
  } finally {
    await core.close();
  }
}

export default async function sqliteWasmBench(ctx: BenchContext): Promise<void> {
  const options = { printer: await createPrinterPort('none', 'generic-80mm'), logger: { error: () => undefined } };
  const sqlite3 = await sqlite3InitModule();
  ctx.progress(`${sales} ten-line sales on each engine, in memory`);
  const native = await commits(createTillCoreOn(openTillDatabase(':memory:'), options));
  const wasm = await commits(createTillCoreOn(openWasmTillDatabase(sqlite3, ':memory:'), options));
  ctx.emit('sale commit, 10 lines, better-sqlite3 in memory, p50', percentile(native, 50), 'ms');
  ctx.emit('sale commit, 10 lines, better-sqlite3 in memory, p99', percentile(native, 99), 'ms');
  ctx.emit('sale commit, 10 lines, SQLite WebAssembly in memory, p50', percentile(wasm, 50), 'ms');
  ctx.emit('sale commit, 10 lines, SQLite WebAssembly in memory, p99', percentile(wasm, 99), 'ms');
  ctx.emit('sale commit p50, WebAssembly / better-sqlite3', percentile(wasm, 50) / percentile(native, 50), 'x');
}
