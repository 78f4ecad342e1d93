/**
 * How much the till's file grows per sale once the outbox is in its steady state: ten-line sales
 * rung up through the real services, the outbox acknowledged as the sync client does (which also
 * prunes it), on a simulated clock so the 90-day retention window passes in seconds.
 *
 * CASSA_BENCH_GROWTH_SALES (default 2,500) sales fill the retention window, then as many again are
 * measured; the figure is scaled to 100,000 sales and says so. The file is measured after a
 * TRUNCATE checkpoint. synchronous is switched off for this part only: it changes how long a
 * commit waits for the disk, not a single byte of the file, and keeps the run short.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrinterPort, createTillCore } from '@cassa/desktop/core';
import type { TillCore } from '@cassa/desktop/core';
import { benchEan, benchProducts } from './bench-catalogue';
import type { BenchContext } from './bench-kit';
import { seededRandom } from '../../test-support/seeded-random';

const phaseSales = Number(process.env.CASSA_BENCH_GROWTH_SALES ?? 2_500);
const hour = 3_600_000;
/** One sale an hour: 2,160 sales span the 90-day window, more than the 20,000 newest ops kept. */
const saleEvery = hour;
const catalogueProducts = 2_000;
const acknowledgeEvery = 10;

/** Bytes per table and index, to say where the growth goes. */
function bytesByTable(core: TillCore): Map<string, number> {
  const rows = core.store.db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
  return new Map(rows.map((r) => [r.name, r.bytes]));
}

function fileBytes(core: TillCore): number {
  core.store.db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(core.store.path).size;
}

function ringUpSales(core: TillCore, clock: { at: number }, count: number, random: () => number): void {
  const actor = { userId: 'bench', name: 'Bench', role: 'cashier' as const };
  const barcodes = catalogueProducts; // at least one barcode per product, numbered from 1
  for (let sale = 0; sale < count; sale++) {
    clock.at += saleEvery;
    for (let line = 0; line < 10; line++) core.services.tickets.scan(actor, benchEan(1 + Math.floor(random() * barcodes)));
    core.services.tickets.addPayment(actor, 'cash', core.services.tickets.current(actor)!.remainingCents, undefined);
    core.services.completion.complete(actor, false);
    if ((sale + 1) % acknowledgeEvery === 0) {
      // What a successful push does: the server holds every op so far.
      const newest = core.store.db.prepare('SELECT max(seq) AS seq FROM outbox').get() as { seq: number };
      core.services.sync.store.acknowledge(newest.seq);
    }
  }
}

export async function fileGrowth(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-bench-growth-'));
  const clock = { at: Date.parse('2026-01-05T08:00:00Z') };
  try {
    const core = createTillCore({
      dataDir: dir,
      printer: await createPrinterPort('none', 'generic-80mm'),
      logger: { error: () => undefined },
      clock: { now: () => new Date(clock.at) },
    });
    core.store.db.pragma('synchronous = OFF');
    core.store.write(() => {
      for (const product of benchProducts(catalogueProducts, 11)) core.services.catalogue.upsertProduct(product);
    });
    core.services.shifts.open({ userId: 'bench', name: 'Bench', role: 'cashier' }, 0);
    const random = seededRandom(3);
    ringUpSales(core, clock, phaseSales, random);
    const before = fileBytes(core);
    const tablesBefore = bytesByTable(core);
    const outboxBefore = (core.store.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    ringUpSales(core, clock, phaseSales, random);
    const after = fileBytes(core);
    const grew = [...bytesByTable(core)].map(([name, bytes]) => [name, bytes - (tablesBefore.get(name) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
    ctx.progress(`growth per sale by table: ${grew.slice(0, 8).map(([name, bytes]) => `${name} ${Math.round(bytes / phaseSales)} B`).join(', ')}`);
    const outboxAfter = (core.store.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const sales = (core.store.db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
    ctx.emit(`till file growth per 100,000 sales (scaled from ${phaseSales} ten-line sales, outbox acknowledged and pruned)`, ((after - before) / phaseSales) * 100_000 / (1024 * 1024), 'MB');
    ctx.emit(`till outbox rows after ${sales} sales (${outboxBefore} after ${sales - phaseSales}; 90-day window at one sale an hour)`, outboxAfter, 'rows');
    await core.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
