/**
 * Core benchmarks on a 1,000,000-product catalogue (about 1.5 million variants and barcodes;
 * CASSA_BENCH_PRODUCTS changes the size). The catalogue is built once and kept in .tmp/bench.
 * Targets: barcode lookup p99 <= 0.1 ms, type-ahead p95 < 10 ms, 10-line sale commit p50 <= 3x
 * the raw fdatasync p50 of an 8 KB write measured in the same run and folder (printed, with the
 * ratio), cold open-to-ready < 1 s whatever the catalogue size, resident memory < 200 MB, and the
 * till's file growth per 100,000 sales with the outbox acknowledged (till-growth.ts).
 *
 * CASSA_BENCH_CORE_PARTS picks parts (comma-separated: lookup, search, commit, growth, open,
 * import; default all); CASSA_BENCH_COMMITS sets how many sales the commit part rings up (300);
 * CASSA_BENCH_GROWTH_SALES sets the growth part's size (till-growth.ts). Figures are noisy on a
 * shared machine: the fdatasync probe runs between the commits so both see the same disk.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fdatasyncSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { csvLine, formatCents } from '@cassa/shared';
import { bundleNodeScript } from '../../test-support/bundle-node-script';
import { createPrinterPort, createTillCore } from '@cassa/desktop/core';
import type { TillCore } from '@cassa/desktop/core';
import { benchBarcodeCount, benchEan, benchProducts } from './bench-catalogue';
import { fileGrowth } from './till-growth';
import type { BenchContext } from './bench-kit';
import { benchDir, percentile, repoRoot } from './bench-kit';
import { seededRandom } from '../../test-support/seeded-random';

export const productCount = Number(process.env.CASSA_BENCH_PRODUCTS ?? 1_000_000);

async function openCore(dataDir: string): Promise<TillCore> {
  return createTillCore({ dataDir, printer: await createPrinterPort('none', 'generic-80mm'), logger: { error: () => undefined } });
}

/** The benchmark catalogue's data folder, built on first use and kept in .tmp/bench. */
export async function ensureBenchCatalogue(ctx: BenchContext): Promise<string> {
  const dataDir = join(benchDir(`core-${productCount}`), 'till');
  await (await buildCatalogue(ctx, dataDir)).close();
  return dataDir;
}

async function buildCatalogue(ctx: BenchContext, dataDir: string): Promise<TillCore> {
  let core = await openCore(dataDir);
  if (core.services.context.settings.get('bench.products') === String(productCount)) {
    ctx.progress(`reusing the ${productCount}-product catalogue in ${dataDir}`);
    return core;
  }
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
  core = await openCore(dataDir);
  ctx.progress(`building a ${productCount}-product catalogue (once; kept in ${dataDir})`);
  const started = performance.now();
  const products = benchProducts(productCount);
  let done = 0;
  let variants = 0;
  while (done < productCount) {
    core.store.write(() => {
      for (let i = 0; i < 20_000 && done < productCount; i++, done++) {
        const product = products.next().value!;
        variants += product.variants.length;
        core.services.catalogue.upsertProduct(product);
      }
    });
    if (done % 200_000 === 0) ctx.progress(`${done} products`);
  }
  core.store.write(() => core.services.context.settings.set('bench.products', String(productCount)));
  core.store.db.pragma('optimize');
  const seconds = (performance.now() - started) / 1000;
  ctx.emit('catalogue bulk load', productCount / seconds, 'products/s');
  ctx.emit('catalogue size', variants, 'variants');
  return core;
}

async function csvImportRate(ctx: BenchContext): Promise<void> {
  const rows = 100_000;
  const lines = [csvLine(['sku', 'prodotto', 'nome', 'prezzo', 'iva', 'taglia', 'barcode'], ';')];
  let variants = 0;
  for (const p of benchProducts(Math.ceil(rows / 1.5), 7)) {
    for (const v of p.variants) {
      if (variants++ >= rows) break;
      lines.push(csvLine([v.sku, p.sku, p.name, formatCents(p.priceCents).replaceAll('.', ''), p.vatCode, v.options.taglia ?? '', v.barcodes[0]!], ';'));
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'cassa-bench-import-'));
  try {
    const core = await openCore(dir);
    const started = performance.now();
    const report = await core.services.transfer.importCsv(lines.join('\n'), { dryRun: false });
    const seconds = (performance.now() - started) / 1000;
    if (report.rejectedCount > 0) throw new Error(`bench CSV had ${report.rejectedCount} rejected rows: ${report.rejected[0]?.message}`);
    ctx.emit('catalogue CSV import', rows / seconds, 'rows/s');
    await core.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(samples: number, work: (i: number) => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    work(i);
    times.push(performance.now() - t);
  }
  return times;
}

async function coldOpen(ctx: BenchContext, dataDir: string): Promise<void> {
  const bundle = (await bundleNodeScript(join(repoRoot, 'scripts/bench/open-core-child.ts'), 'open-core-child')).path;
  const runs: { readyMs: number; rssBytes: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const child = spawnSync(process.execPath, [bundle, dataDir, String(benchBarcodeCount(productCount))], { cwd: repoRoot, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`open-core child failed: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { readyMs: number; rssBytes: number });
  }
  ctx.emit('cold open to ready (median of 5, process start to first scan answered)', percentile(runs.map((r) => r.readyMs), 50), 'ms');
  ctx.emit('resident memory after open, 2,000 scans and searches', Math.max(...runs.map((r) => r.rssBytes)) / (1024 * 1024), 'MB');
}

/** The parts to run: CASSA_BENCH_CORE_PARTS, comma-separated (default all). */
const parts = new Set((process.env.CASSA_BENCH_CORE_PARTS ?? 'lookup,search,commit,growth,open,import').split(',').map((p) => p.trim()));
const commitSamples = Number(process.env.CASSA_BENCH_COMMITS ?? 300);

/**
 * The disk's floor for a durable commit: an 8 KB write and fdatasync in the till's own folder,
 * overwriting the same block as SQLite overwrites its recycled WAL.
 */
function fdatasyncProbe(dir: string): { sample(): number; close(): void } {
  const path = join(dir, 'fdatasync-probe');
  const block = Buffer.alloc(8192, 7);
  const fd = openSync(path, 'w');
  writeSync(fd, block, 0, block.length, 0);
  fdatasyncSync(fd);
  return {
    sample() {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, 0);
      fdatasyncSync(fd);
      return performance.now() - t;
    },
    close() {
      closeSync(fd);
      rmSync(path, { force: true });
    },
  };
}

/** How many pages one ten-line sale commit writes to the WAL (and so syncs): the probe writes two. */
function walPagesOfOneCommit(core: TillCore, someEan: () => string): number {
  core.store.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let line = 0; line < 10; line++) core.services.tickets.scan(benchActor, someEan());
  core.services.tickets.addPayment(benchActor, 'cash', core.services.tickets.current(benchActor)!.remainingCents, undefined);
  const walPath = `${core.store.path}-wal`;
  const before = statSync(walPath).size;
  core.services.completion.complete(benchActor, false);
  const frameBytes = 24 + Number(core.store.db.pragma('page_size', { simple: true }));
  return (statSync(walPath).size - before) / frameBytes;
}

const benchActor = { userId: 'bench', name: 'Bench', role: 'cashier' as const };

/** Rings up one ten-line sale and pays it; returns the time of the scans and of the commit. */
function oneSale(core: TillCore, someEan: () => string, scans: number[]): number {
  for (let line = 0; line < 10; line++) {
    const code = someEan();
    const t = performance.now();
    core.services.tickets.scan(benchActor, code);
    scans.push(performance.now() - t);
  }
  const due = core.services.tickets.current(benchActor)!.remainingCents;
  core.services.tickets.addPayment(benchActor, 'cash', due, undefined);
  const t = performance.now();
  core.services.completion.complete(benchActor, false);
  return performance.now() - t;
}

/**
 * Sale commits with one raw fdatasync probe after each, so both see the same disk and the same
 * load from whatever else the machine runs. A short run with synchronous=OFF then shows how much
 * of a commit is the till's own work rather than waiting for the disk.
 */
async function saleCommits(ctx: BenchContext, core: TillCore, dataDir: string, someEan: () => string): Promise<void> {
  if (!core.services.shifts.openShift()) core.services.shifts.open(benchActor, 0);
  const probe = fdatasyncProbe(dataDir);
  const scans: number[] = [];
  const commits: number[] = [];
  const fsyncs: number[] = [];
  try {
    for (let sale = 0; sale < commitSamples; sale++) {
      commits.push(oneSale(core, someEan, scans));
      fsyncs.push(probe.sample());
    }
  } finally {
    probe.close();
  }
  const walPages = walPagesOfOneCommit(core, someEan);
  const noWait: number[] = [];
  core.store.db.pragma('synchronous = OFF');
  for (let sale = 0; sale < Math.min(100, commitSamples); sale++) noWait.push(oneSale(core, someEan, []));
  core.store.db.pragma('synchronous = FULL');
  const commitP50 = percentile(commits, 50);
  const fsyncP50 = percentile(fsyncs, 50);
  ctx.emit('scan to ticket line (lookup + write) p99', percentile(scans, 99), 'ms');
  ctx.emit('raw fdatasync of an 8 KB write, same folder, p50', fsyncP50, 'ms');
  ctx.emit('raw fdatasync of an 8 KB write, same folder, p99', percentile(fsyncs, 99), 'ms');
  ctx.emit('sale commit, 10 lines, synchronous=FULL, p50', commitP50, 'ms');
  ctx.emit('sale commit, 10 lines, synchronous=FULL, p99', percentile(commits, 99), 'ms');
  ctx.emit('sale commit p50 / raw fdatasync p50', commitP50 / fsyncP50, 'ratio');
  ctx.emit('sale commit, 10 lines, WAL pages written and synced', walPages, 'pages');
  ctx.emit('sale commit, 10 lines, synchronous=OFF (the till\'s own work, no disk wait), p50', percentile(noWait, 50), 'ms');
}

export default async function coreBench(ctx: BenchContext): Promise<void> {
  const dataDir = join(benchDir(`core-${productCount}`), 'till');
  const core = await buildCatalogue(ctx, dataDir);
  const barcodes = benchBarcodeCount(productCount);
  const random = seededRandom(7);
  const someEan = () => benchEan(1 + Math.floor(random() * barcodes));

  if (parts.has('lookup')) {
    ctx.progress('barcode lookups');
    // The first lookups after opening read the file from disk when the OS has not cached it (a
    // till just switched on); the target is the steady state a till reaches after its first
    // scans, measured on fresh random codes after them. Both are printed.
    const first = Array.from({ length: 20_000 }, someEan);
    const cold = measure(first.length, (i) => core.services.tickets.resolveCode(first[i]!));
    ctx.emit('barcode lookup p99, first 20,000 after opening (OS cache as found)', percentile(cold, 99), 'ms');
    const codes = Array.from({ length: 20_000 }, someEan);
    const lookups = measure(codes.length, (i) => core.services.tickets.resolveCode(codes[i]!));
    ctx.emit('barcode lookup p50', percentile(lookups, 50), 'ms');
    ctx.emit('barcode lookup p99', percentile(lookups, 99), 'ms');
  }

  if (parts.has('search')) {
    ctx.progress('type-ahead searches');
    const words = ['caf', 'caffe', 'pasta', 'olio bio', 'bisc', 'magl', 'felpa spor', 'pant', 'scarpe ele', 'te', 'ciocc fond', 'formag stag', 'vino ross', 'perù', 'citta', 'crema nat', 'riso', 'pomod fres', 'B00', 'B1Z'];
    const queries = Array.from({ length: 2_000 }, (_, i) => words[i % words.length]!);
    const searches = measure(queries.length, (i) => core.services.catalogue.searchItems(queries[i]!, 20));
    ctx.emit('type-ahead search p95', percentile(searches, 95), 'ms');
  }

  if (parts.has('commit')) {
    ctx.progress('durable 10-line sale commits');
    await saleCommits(ctx, core, dataDir, someEan);
  }
  await core.close();

  if (parts.has('growth')) {
    ctx.progress('till file growth with the outbox acknowledged as the sync does');
    await fileGrowth(ctx);
  }
  if (parts.has('open')) {
    ctx.progress('cold open and memory (separate processes)');
    await coldOpen(ctx, dataDir);
  }
  if (parts.has('import')) {
    ctx.progress('CSV import of 100,000 rows');
    await csvImportRate(ctx);
  }
  if (!existsSync(dataDir)) throw new Error('bench catalogue vanished');
}
