/**
 * Head-office server benchmarks: the dashboard (every store, and its same-days-last-week
 * comparison) over one business day, 30 days and 365 days of one year of sales of 50 stores,
 * about 10,000,000 sale lines, on SQLite and PostgreSQL. The dashboard reads the aggregate tables
 * that ingest keeps current, so the bench builds the daily ones directly in bulk (what ingesting
 * the lines one push at a time would leave behind, ~5 million rows) and then the day/week/month
 * roll-ups the way an upgraded server does: by running schema 13's fill over them (its time is
 * printed). SQLite's file is kept in .tmp/bench/server; PostgreSQL is a throwaway cluster (or
 * CASSA_BENCH_DATABASE_URL), filled server-side with generate_series. Target (issue 15): p95
 * <= 100 ms for 30 and 365 days on both engines, with the page cache warm. RUNS sets the timed
 * runs per range (default 200); CASSA_BENCH_SERVER_ENGINES=sqlite or postgres runs one engine.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { migrations, openStorage } from '@cassa/sync-server';
import type { SyncStorage } from '@cassa/sync-server';
import { addDays } from '@cassa/shared';
import type { BenchContext } from './bench-kit';
import { benchDir, percentile, withBenchDatabase } from './bench-kit';
import { seededRandom } from '../../test-support/seeded-random';

const STORES = 50;
const DAYS = 365;
const DEVICES = 3;
const CASHIERS = 2;
const HOURS = 12;
const PRODUCTS_PER_DAY = 150;
const LINES_PER_STORE_DAY = 548;
const ORG = 'org-bench';
const LAST_DAY = '2026-11-26';
const FIRST_DAY = addDays(LAST_DAY, -(DAYS - 1));
const RUNS = Number(process.env.RUNS ?? 200);
const VERSION = `v4-${STORES}-${DAYS}-${LAST_DAY}`;

/** Schema 13's tables: dropped, with its row in schema_migrations, so the next open fills them from the daily rows. */
function rollupReset(): string[] {
  const script = migrations.find((m) => m.name === 'dashboard-rollups')?.sqlite ?? '';
  const tables = [...script.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1] ?? '');
  return [...tables.map((t) => `DROP TABLE ${t}`), `DELETE FROM schema_migrations WHERE version = ${migrations.findIndex((m) => m.name === 'dashboard-rollups') + 1}`];
}

/** Opens (and so migrates) the storage once, timing the roll-ups' fill. */
async function fillRollups(ctx: BenchContext, engine: string, options: { sqlitePath: string } | { databaseUrl: string }): Promise<void> {
  const started = performance.now();
  const storage = await openStorage(options);
  await storage.close();
  ctx.emit(`${engine}: roll-ups filled from a year of daily rows`, (performance.now() - started) / 1000, 's');
}

function buildSqlite(ctx: BenchContext, path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const random = seededRandom(42);
  const daily = db.prepare('INSERT INTO agg_sales_daily VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const hourly = db.prepare('INSERT INTO agg_sales_hourly VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const product = db.prepare('INSERT INTO agg_products_daily VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const payment = db.prepare('INSERT INTO agg_payments_daily VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const vat = db.prepare('INSERT INTO agg_vat_daily VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const started = performance.now();
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(FIRST_DAY, d);
    db.transaction(() => {
      for (let s = 1; s <= STORES; s++) {
        const store = `store-${s}`;
        const combos = DEVICES * CASHIERS;
        for (let dv = 1; dv <= DEVICES; dv++) {
          for (let c = 1; c <= CASHIERS; c++) {
            const device = `dev-${s}-${dv}`;
            const cashier = `cashier-${s}-${c}`;
            const tickets = 20 + Math.floor(random() * 20);
            const items = Math.round((LINES_PER_STORE_DAY / combos) * 1000);
            const total = tickets * (1500 + Math.floor(random() * 1000));
            daily.run(ORG, day, store, device, cashier, tickets, Math.floor(random() * 2), 0, items, total);
            for (let h = 0; h < HOURS; h++) hourly.run(ORG, day, 9 + h, store, device, cashier, Math.round(tickets / HOURS), Math.round(total / HOURS));
            for (const method of ['cash', 'card', 'voucher', 'store-credit']) payment.run(ORG, day, store, device, cashier, method, Math.round(tickets / 4), Math.round(total / 4));
            for (const code of ['22', '10', '4']) vat.run(ORG, day, store, device, cashier, code, Math.round(total / 3), Math.round(total / 3.6), Math.round(total / 3 - total / 3.6));
          }
        }
        for (let p = 0; p < PRODUCTS_PER_DAY; p++) {
          const id = `p-${(p * 7 + s * 13 + d) % 5000}`;
          product.run(ORG, day, store, id, `cat-${p % 40}`, `Product ${id}`, 1000 + Math.floor(random() * 5000), 100 + Math.floor(random() * 10_000));
        }
      }
    })();
    if (d % 73 === 72) ctx.progress(`sqlite: ${d + 1} of ${DAYS} days (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  for (const sql of rollupReset()) db.exec(sql);
  db.close();
}

async function buildPostgres(ctx: BenchContext, url: string): Promise<void> {
  const storage = await openStorage({ databaseUrl: url });
  await storage.close();
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const days = `generate_series(0, ${DAYS - 1}) d`;
    const dayText = `to_char(date '${FIRST_DAY}' + d, 'YYYY-MM-DD')`;
    const combos = `generate_series(1, ${STORES}) s, generate_series(1, ${DEVICES}) dv, generate_series(1, ${CASHIERS}) c`;
    const steps: [string, string][] = [
      [
        'daily',
        `INSERT INTO agg_sales_daily SELECT '${ORG}', ${dayText}, 'store-' || s, 'dev-' || s || '-' || dv, 'cashier-' || s || '-' || c,
           20 + (random() * 20)::int, (random() * 2)::int, 0, ${Math.round((LINES_PER_STORE_DAY / (DEVICES * CASHIERS)) * 1000)}, 30000 + (random() * 40000)::int
         FROM ${days}, ${combos}`,
      ],
      [
        'hourly',
        `INSERT INTO agg_sales_hourly SELECT '${ORG}', ${dayText}, 9 + h, 'store-' || s, 'dev-' || s || '-' || dv, 'cashier-' || s || '-' || c, 3, 4000 + (random() * 3000)::int
         FROM ${days}, generate_series(0, ${HOURS - 1}) h, ${combos}`,
      ],
      [
        'payments',
        `INSERT INTO agg_payments_daily SELECT '${ORG}', ${dayText}, 'store-' || s, 'dev-' || s || '-' || dv, 'cashier-' || s || '-' || c, m, 8, 10000 + (random() * 9000)::int
         FROM ${days}, ${combos}, unnest(array['cash', 'card', 'voucher', 'store-credit']) m`,
      ],
      [
        'vat',
        `INSERT INTO agg_vat_daily SELECT '${ORG}', ${dayText}, 'store-' || s, 'dev-' || s || '-' || dv, 'cashier-' || s || '-' || c, v, 12000, 10000, 2000
         FROM ${days}, ${combos}, unnest(array['22', '10', '4']) v`,
      ],
      [
        'products',
        `INSERT INTO agg_products_daily SELECT '${ORG}', ${dayText}, 'store-' || s, 'p-' || ((p * 7 + s * 13 + d) % 5000), 'cat-' || (p % 40), 'Product p-' || ((p * 7 + s * 13 + d) % 5000),
           1000 + (random() * 5000)::int, 100 + (random() * 10000)::int
         FROM ${days}, generate_series(1, ${STORES}) s, generate_series(0, ${PRODUCTS_PER_DAY - 1}) p`,
      ],
    ];
    for (const [name, sql] of steps) {
      const started = performance.now();
      await client.query(sql);
      ctx.progress(`postgres: ${name} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    for (const sql of rollupReset()) await client.query(sql);
  } finally {
    await client.end();
  }
  await fillRollups(ctx, 'postgres', { databaseUrl: url });
  const analyse = new pg.Client({ connectionString: url });
  await analyse.connect();
  try {
    await analyse.query('ANALYZE');
  } finally {
    await analyse.end();
  }
}

async function measure(ctx: BenchContext, engine: string, storage: SyncStorage): Promise<void> {
  const dashboard = async (from: string, to: string) => {
    const filter = { from, to, storeIds: null };
    // As the dashboard route asks: the view and its last-week comparison at once.
    await Promise.all([
      storage.headOffice.dashboard(ORG, filter),
      storage.headOffice.storeTotals(ORG, { ...filter, from: addDays(from, -7), to: addDays(to, -7) }),
    ]);
  };
  const time = async (name: string, from: (i: number) => string, to: (i: number) => string) => {
    // Warm over every range the timed runs visit: a running server has its recent days in the
    // page cache, and a bench started on a cold file would otherwise time the disk.
    for (let i = 0; i < 30; i++) await dashboard(from(i), to(i));
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await dashboard(from(i), to(i));
      samples.push(performance.now() - started);
    }
    ctx.emit(`${engine}: ${name} p95`, percentile(samples, 95), 'ms');
  };
  // The default view is today; walking back over recent days keeps caches honest.
  await time('dashboard, one day, 50 stores', (i) => addDays(LAST_DAY, -(i % 30)), (i) => addDays(LAST_DAY, -(i % 30)));
  await time('dashboard, 30 days, 50 stores', (i) => addDays(LAST_DAY, -29 - (i % 30)), (i) => addDays(LAST_DAY, -(i % 30)));
  await time('dashboard, 365 days, 50 stores', (i) => addDays(LAST_DAY, -364 - (i % 30)), (i) => addDays(LAST_DAY, -(i % 30)));
}

const ENGINES = (process.env.CASSA_BENCH_SERVER_ENGINES ?? 'sqlite,postgres').split(',');

export default async function serverBench(ctx: BenchContext): Promise<void> {
  if (ENGINES.includes('sqlite')) await sqliteBench(ctx);
  if (ENGINES.includes('postgres')) await postgresBench(ctx);
}

async function sqliteBench(ctx: BenchContext): Promise<void> {
  const dir = benchDir('server');
  const path = join(dir, 'head-office.sqlite');
  const version = existsSync(path)
    ? (() => {
        const db = new Database(path, { readonly: true });
        try {
          return (db.prepare("SELECT value FROM server_meta WHERE key = 'bench'").get() as { value?: string } | undefined)?.value ?? null;
        } catch {
          return null;
        } finally {
          db.close();
        }
      })()
    : null;
  if (version !== VERSION) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    ctx.progress(`building a year of aggregates for ${STORES} stores in ${path} (once)`);
    const fresh = await openStorage({ sqlitePath: path });
    await fresh.close();
    buildSqlite(ctx, path);
    await fillRollups(ctx, 'sqlite', { sqlitePath: path });
    const done = new Database(path);
    done.prepare("INSERT INTO server_meta (key, value) VALUES ('bench', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(VERSION);
    done.close();
  } else ctx.progress(`reusing ${path}`);
  ctx.emit('sale lines represented', STORES * DAYS * LINES_PER_STORE_DAY, 'lines');
  const storage = await openStorage({ sqlitePath: path });
  try {
    await measure(ctx, 'sqlite', storage);
  } finally {
    await storage.close();
  }
}

async function postgresBench(ctx: BenchContext): Promise<void> {
  await withBenchDatabase(ctx, async (databaseUrl) => {
    ctx.progress('building a year of aggregates in PostgreSQL');
    await buildPostgres(ctx, databaseUrl);
    const pgStorage = await openStorage({ databaseUrl });
    try {
      await measure(ctx, 'postgres', pgStorage);
    } finally {
      await pgStorage.close();
    }
  });
}
