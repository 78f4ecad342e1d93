/**
 * Head-office lag under chaos (issue 15): three real tills (real core, SQLite file, real sync client
 * with its default timings) each complete a sale every 100-300 ms for CASSA_BENCH_CHAOS_SECONDS
 * (default 60) behind a bad network, while the server restarts twice (down 2 s each time). About
 * CASSA_BENCH_CHAOS_RATE (default 5 %) of push, pull and device requests are faulted: a fifth get
 * a 502 from a gateway in front, the rest go through test-support/fault-proxy.ts, which drops the
 * request, drops the answer after the server committed, sends it twice or cuts the answer halfway
 * (and cuts the event stream now and then). Head office changes a price every 5 s, so the tills
 * pull as well as push. Server, tills and proxies share this process.
 *
 * Lag is measured per sale from its completion on the till to its row in the server's `sales`
 * table, polled every 100 ms (so each lag may read up to one poll late). Also: the longest stretch
 * in which a till had no push committed by the server while the server was up, and the longest
 * outbox queue seen. At the end the tills drain with faults off and every sale must be on the
 * server exactly once, or the bench fails. CASSA_BENCH_CHAOS_ENGINES=sqlite,postgres picks engines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrinterPort, createTillCore, demoCatalogue, demoEan, demoShop, seedDemoShop } from '@cassa/desktop/core';
import type { TillCore } from '@cassa/desktop/core';
import { startFaultProxy } from '../../test-support/fault-proxy';
import { startPostgres } from '../../test-support/postgres';
import type { RunningPostgres } from '../../test-support/postgres';
import { seededRandom } from '../../test-support/seeded-random';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { EngineName, RestartableServer } from '../../test-support/sync-server-harness';
import type { BenchContext } from './bench-kit';
import { percentile } from './bench-kit';
import { startBadGateway } from './chaos-gateway';
import { longestStretchUp, slowestRecovery } from './chaos-stretch';

const orgId = 'org-chaos';
const storeId = 'store-chaos';
const cashier = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
const pollMs = 100;
const downMs = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openTill(dir: string, url: string, server: RestartableServer): Promise<TillCore> {
  const core = createTillCore({ dataDir: dir, printer: await createPrinterPort('none', 'generic-80mm'), logger: { error: () => undefined } });
  seedDemoShop(core.services);
  if (!core.services.shifts.openShift()) core.services.shifts.open(cashier, 10_000);
  await core.services.sync.pair(url, (await server.server.admin.createPairingCode(orgId, storeId)).code);
  while ((await core.services.sync.syncNow()).pending > 0);
  return core;
}

/** One sale of 1 to 10 lines through the services the cashier's screen uses; returns its id. */
function sellOne(core: TillCore, n: number): string {
  const { tickets, completion } = core.services;
  for (let i = 0; i < 1 + (n % 10); i++) tickets.scan(cashier, demoEan(1 + ((n + i) % 8)));
  tickets.addPayment(cashier, n % 3 === 0 ? 'card' : 'cash', tickets.current(cashier)!.remainingCents, undefined);
  const { saleId } = completion.complete(cashier, false);
  core.services.sync.nudge();
  return saleId;
}

/** What the run saw: when each sale completed and landed, pushes, downtime, queue lengths. */
interface Observed {
  readonly completed: Map<string, number>;
  readonly landed: Map<string, number>;
  readonly pushes: Map<string, number[]>;
  readonly down: [number, number][];
  maxQueue: number;
}

/** Polls head office's sales table and the tills' queues until `stop` says so. */
async function watch(server: RestartableServer, tills: readonly TillCore[], seen: Observed, stop: () => boolean): Promise<void> {
  while (!stop()) {
    try {
      const rows = await server.query<{ id: string }>('SELECT id FROM sales WHERE organisation_id = ?', [orgId]);
      const now = performance.now();
      for (const { id } of rows) if (!seen.landed.has(id)) seen.landed.set(id, now);
    } catch {
      // A read that fails while the server restarts is retried at the next poll.
    }
    for (const core of tills) seen.maxQueue = Math.max(seen.maxQueue, core.services.sync.state().pending);
    await sleep(pollMs);
  }
}

/** Every sale of every till on the server exactly once, or an error saying what is wrong. */
async function checkExactlyOnce(server: RestartableServer, tillSales: readonly string[]): Promise<void> {
  const rows = await server.query<{ id: string }>('SELECT id FROM sales WHERE organisation_id = ?', [orgId]);
  const held = new Set(rows.map((r) => r.id));
  const missing = tillSales.filter((id) => !held.has(id));
  const repeated = await server.query("SELECT record_id FROM device_ops WHERE organisation_id = ? AND record_type IN ('sale', 'stock-movement') GROUP BY record_id HAVING count(*) > 1", [orgId]);
  if (missing.length > 0 || rows.length !== tillSales.length || held.size !== rows.length || repeated.length > 0) {
    throw new Error(`chaos: the tills made ${tillSales.length} sales; the server holds ${rows.length} (${missing.length} missing), ${repeated.length} records twice`);
  }
}

async function chaosRun(ctx: BenchContext, engine: EngineName, postgresUrl: string | null): Promise<void> {
  const seconds = Number(process.env.CASSA_BENCH_CHAOS_SECONDS ?? 60);
  const rate = Number(process.env.CASSA_BENCH_CHAOS_RATE ?? 0.05);
  const random = seededRandom(20261203);
  const work = mkdtempSync(join(tmpdir(), 'cassa-bench-chaos-'));
  const server = await startRestartableServer({ engine, postgresUrl });
  const proxy = await startFaultProxy({
    upstreamPort: server.port,
    seed: 1503,
    plan: { rate: (rate * 4) / 5, maxFaults: 1_000_000, maxDelayMs: 150, kinds: ['drop', 'drop-response', 'duplicate', 'cut-response', 'cut-events'] },
  });
  const gateway = await startBadGateway({ upstreamPort: proxy.port, rate: rate / 5, random });
  const tills: TillCore[] = [];
  const seen: Observed = { completed: new Map(), landed: new Map(), pushes: new Map(), down: [], maxQueue: 0 };
  try {
    await server.server.admin.createOrganisation({ id: orgId, name: demoShop.name });
    await server.server.admin.upsertStore(orgId, { id: storeId, name: demoShop.name, addressLines: [...demoShop.addressLines], vatNumber: demoShop.vatNumber });
    await server.server.admin.upsertCategories(orgId, demoCatalogue().categories);
    await server.server.admin.upsertProducts(orgId, demoCatalogue().products);
    proxy.faults = false;
    gateway.faults = false;
    for (let i = 0; i < 3; i++) tills.push(await openTill(join(work, `till-${i}`), gateway.url, server));
    proxy.onAnswer = (request, answer) => {
      const deviceId = (request.json as { deviceId?: string } | null)?.deviceId;
      if (request.path === '/v1/push' && answer.status === 200 && deviceId) seen.pushes.get(deviceId)?.push(performance.now());
    };
    const started = performance.now();
    const end = started + seconds * 1_000;
    for (const core of tills) seen.pushes.set(core.services.context.deviceId, [started]);
    proxy.faults = true;
    gateway.faults = true;
    ctx.progress(`chaos ${engine}: 3 tills selling for ${seconds} s, ${(rate * 100).toFixed(1)} % of requests faulted, 2 server restarts`);
    let watching = true;
    const watcher = watch(server, tills, seen, () => !watching);
    const selling = tills.map(async (core, t) => {
      for (let n = 0; performance.now() < end; n++) {
        seen.completed.set(sellOne(core, n + t), performance.now());
        await sleep(100 + random() * 200);
      }
    });
    // Head office is live too: a price change every 5 s, announced to the tills, which then pull.
    const pricing = { price: 449 };
    const headOffice = (async () => {
      while (performance.now() < end) {
        await sleep(5_000);
        try {
          await server.server.admin.upsertStorePrices(orgId, [{ storeId, variantId: 'v-caf250', priceCents: pricing.price + 1 }]);
          pricing.price++;
        } catch {
          // The server is restarting: the change is made at the next turn.
        }
      }
    })();
    for (const at of [1 / 3, 2 / 3]) {
      await sleep(Math.max(0, started + at * seconds * 1_000 - performance.now()));
      const from = performance.now();
      await server.restart(downMs);
      seen.down.push([from, performance.now()]);
    }
    await Promise.all([...selling, headOffice]);
    const sellingEnded = performance.now();
    const sold = [...seen.completed.keys()];
    // Late sales land on their own; wait for them with faults still on, then drain without.
    const deadline = performance.now() + 60_000;
    while (sold.some((id) => !seen.landed.has(id)) && performance.now() < deadline) await sleep(pollMs);
    proxy.faults = false;
    gateway.faults = false;
    for (const core of tills) while ((await core.services.sync.syncNow()).pending > 0);
    watching = false;
    await watcher;
    await checkExactlyOnce(server, sold);
    for (const core of tills) {
      const price = core.services.catalogue.findVariant('v-caf250')?.priceCents;
      if (price !== pricing.price) throw new Error(`chaos: a till shows price ${String(price)} after the drain, head office ${pricing.price}`);
    }
    const lagOf = (id: string) => ((seen.landed.get(id) ?? performance.now()) - seen.completed.get(id)!) / 1000;
    const lags = sold.map(lagOf);
    // Sales made while the server was up and not in the 5 s after it came back: the faults alone.
    const nearRestart = (at: number) => seen.down.some(([from, up]) => at >= from && at <= up + 5_000);
    const steadyLags = sold.filter((id) => !nearRestart(seen.completed.get(id)!)).map(lagOf);
    const stretch = Math.max(...[...seen.pushes.values()].map((times) => longestStretchUp([...times, sellingEnded], seen.down))) / 1000;
    ctx.progress(`chaos ${engine}: ${sold.length} sales, faults ${JSON.stringify({ ...proxy.counts, '502': gateway.count })}, ${server.restarts} restarts`);
    const label = `chaos ${engine}, 3 tills, ${(rate * 100).toFixed(1)} % faulted, ${server.restarts} restarts`;
    ctx.emit(`${label}: head-office lag p50`, percentile(lags, 50), 's');
    ctx.emit(`${label}: head-office lag p95`, percentile(lags, 95), 's');
    ctx.emit(`${label}: head-office lag max`, Math.max(...lags), 's');
    ctx.emit(`${label}: head-office lag p95, sales made away from restarts (not while down nor in the 5 s after)`, percentile(steadyLags, 95), 's');
    ctx.emit(`${label}: longest stretch without a committed push from a till while the server was up`, stretch, 's');
    ctx.emit(`${label}: after a restart, until the slowest till's first committed push`, slowestRecovery([...seen.pushes.values()], seen.down, sellingEnded) / 1000, 's');
    ctx.emit(`${label}: longest outbox queue`, seen.maxQueue, 'ops');
    ctx.emit(`${label}: sales, all on the server exactly once`, sold.length, 'sales');
  } finally {
    proxy.onAnswer = null;
    for (const core of tills) await core.close();
    await gateway.close();
    await proxy.close();
    await server.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

export async function chaosLag(ctx: BenchContext): Promise<void> {
  const engines = (process.env.CASSA_BENCH_CHAOS_ENGINES ?? 'sqlite,postgres').split(',');
  if (engines.includes('sqlite')) await chaosRun(ctx, 'sqlite', null);
  if (engines.includes('postgres')) {
    let pg: RunningPostgres | null = null;
    try {
      pg = process.env.TEST_DATABASE_URL ? null : await startPostgres();
      await chaosRun(ctx, 'postgres', process.env.TEST_DATABASE_URL ?? pg!.url);
    } finally {
      pg?.stop();
    }
  }
}
