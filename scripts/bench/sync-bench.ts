/**
 * Sync benchmarks (issue 6), one JSON line per figure:
 * - server ingest: till-shaped pushes (each 10-line sale followed by its 10 stock movements, as
 *   the till's outbox holds them, UUIDv7 ids as the till makes) through HTTP in batches of the
 *   till's push size, one till and four tills at once,
 *   on SQLite and PostgreSQL (a throwaway cluster, fsync off as in the test cluster);
 * - catch-up: a real till (real core, SQLite file, real sync client) paired with head office (a
 *   SQLite server in its own process, as it runs on its own machine and as the PouchDB peer's
 *   does), then offline 72 hours (its clock set 72 h back, head office stopped) while it completes
 *   CASSA_BENCH_CATCHUP_SALES sales (default 20,000) through the core services; measured from head
 *   office listening again to the outbox fully acknowledged;
 * - first pull of a CASSA_BENCH_SYNC_PRODUCTS-product catalogue (default 1,000,000; server
 *   database built once with admin.upsertProducts in 5,000-row writes and kept in .tmp/bench):
 *   time and peak RSS of the server process and of the till process (real sync client and
 *   TillSyncStore), each in its own process;
 * - the same replication with PouchDB (express-pouchdb, memory adapter, on 127.0.0.1; pouchdb-node
 *   memory adapter on the till side, batch_size 500 like Cassa's page) on CASSA_BENCH_POUCH_PRODUCTS
 *   products (default 100,000: a million in-memory PouchDB documents would take the better part
 *   of an hour to replicate), against Cassa pulling the same products, as a ratio.
 * - the same catch-up with PouchDB (scripts/bench/pouch-catchup-bench.ts), and Cassa's catch-up
 *   rate over PouchDB's as a ratio when both ran;
 * - head-office lag under chaos (scripts/bench/chaos-lag-bench.ts).
 * CASSA_BENCH_SYNC_PARTS=ingest,catchup,pull,pouch,pouch-catchup,chaos picks parts;
 * CASSA_BENCH_SYNC_ENGINES=sqlite,postgres picks the ingest's server engines; CASSA_BENCH_CPU_PROF=<dir>
 * makes every child process write a CPU profile there.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { bundleNodeScript } from '../../test-support/bundle-node-script';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import { pushEnvelopeSchema, tillRecordSchema } from '@cassa/shared';
import type { Product, PushOp } from '@cassa/shared';
import { createSyncServer } from '@cassa/sync-server';
import { startPostgres } from '../../test-support/postgres';
import type { RunningPostgres } from '../../test-support/postgres';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { EngineName, RestartableServer } from '../../test-support/sync-server-harness';
import { DEFAULT_PUSH_BATCH_OPS, createPrinterPort, createTillCore, demoEan, seedDemoShop, uuidv7 } from '@cassa/desktop/core';
import { benchProducts } from './bench-catalogue';
import type { BenchContext } from './bench-kit';
import { benchDir, repoRoot } from './bench-kit';
import { runChild } from './bench-child';
import type { BenchChild } from './bench-child';
import { seededRandom } from '../../test-support/seeded-random';
import { benchSale } from '../../test-support/bench-sale';
import { pouchCatchUp } from './pouch-catchup-bench';
import { chaosLag } from './chaos-lag-bench';

const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;
const parts = new Set((process.env.CASSA_BENCH_SYNC_PARTS ?? 'ingest,catchup,pull,pouch,pouch-catchup,chaos').split(','));
const engines = new Set((process.env.CASSA_BENCH_SYNC_ENGINES ?? 'sqlite,postgres').split(','));
const orgId = 'org-bench';
const storeId = 'store-bench';

async function pair(url: string, code: string, name: string): Promise<{ deviceId: string; token: string }> {
  const response = await fetch(`${url}/v1/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...versions, code, deviceName: name }) });
  const body = (await response.json()) as { data: { deviceId: string; deviceToken: string } };
  return { deviceId: body.data.deviceId, token: body.data.deviceToken };
}

/** A sale and its stock movements as the till's SaleCompletion makes them, ids as the till makes them (UUIDv7). */
function tillOps(products: readonly Product[], deviceId: string, n: number, random: () => number): PushOp[] {
  const at = new Date(Date.UTC(2026, 10, 26, 9) + n * 1_000);
  const newId = () => uuidv7({ now: () => at });
  const picked = Array.from({ length: 10 }, () => products[Math.floor(random() * products.length)]!);
  const { sale, movements } = benchSale(picked, {
    id: newId(),
    at,
    storeId,
    deviceId,
    shiftId: `shift-${deviceId}`,
    cashierId: 'user-bench',
    documentNumber: n + 1,
    movementId: newId,
  });
  return [
    { seq: 0, opId: newId(), record: { type: 'sale', record: sale } },
    ...movements.map((record) => ({ seq: 0, opId: newId(), record: { type: 'stock-movement' as const, record } })),
  ];
}

/** Pushes as a current till does against a current server: DEFAULT_PUSH_BATCH_OPS ops at a time. */
async function pushAll(url: string, till: { deviceId: string; token: string }, ops: PushOp[]): Promise<void> {
  for (let start = 0; start < ops.length; start += DEFAULT_PUSH_BATCH_OPS) {
    const batch = ops.slice(start, start + DEFAULT_PUSH_BATCH_OPS).map((op, i) => ({ ...op, seq: start + i + 1 }));
    const response = await fetch(`${url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${till.token}` },
      body: JSON.stringify({ ...versions, deviceId: till.deviceId, ops: batch }),
    });
    const body = (await response.json()) as { data?: { highWaterMark: number; results: { status: string }[] } };
    if (!response.ok || body.data?.highWaterMark !== start + batch.length) throw new Error(`push failed: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    if (body.data.results.some((r) => r.status !== 'applied')) throw new Error(`push not applied: ${JSON.stringify(body.data.results.find((r) => r.status !== 'applied'))}`);
  }
}

/** The logical size of the server's database: SQLite's pages (WAL frames included), PostgreSQL's relations. */
async function databaseBytes(server: RestartableServer, engine: EngineName): Promise<number> {
  if (engine === 'postgres') return Number((await server.query<{ n: unknown }>('SELECT pg_database_size(current_database()) AS n'))[0]?.n);
  const [count] = await server.query<{ page_count: number }>('PRAGMA page_count');
  const [size] = await server.query<{ page_size: number }>('PRAGMA page_size');
  return (count?.page_count ?? 0) * (size?.page_size ?? 0);
}

/**
 * What the server must do to every push before storing anything: parse the JSON text and check it
 * against the contract (the envelope, then each record on its own, as the push route does). Timed
 * alone, in this process, on the bodies the ingest sends: the most sales a second one core can
 * take in whatever the storage costs.
 */
function validationCeiling(ctx: BenchContext, deviceId: string, ops: PushOp[], sales: number): void {
  const bodies: string[] = [];
  for (let start = 0; start < ops.length; start += DEFAULT_PUSH_BATCH_OPS) {
    const batch = ops.slice(start, start + DEFAULT_PUSH_BATCH_OPS).map((op, i) => ({ ...op, seq: start + i + 1 }));
    bodies.push(JSON.stringify({ ...versions, deviceId, ops: batch }));
  }
  const started = performance.now();
  for (const body of bodies) {
    const envelope = pushEnvelopeSchema.parse(JSON.parse(body));
    for (const op of envelope.ops) if (!tillRecordSchema.safeParse(op.record).success) throw new Error('a bench record fails its schema');
  }
  ctx.emit('server ingest ceiling: JSON parse and schema validation of the same pushes alone, one core', sales / ((performance.now() - started) / 1000), 'sales/s');
}

async function ingest(ctx: BenchContext, engine: EngineName, postgresUrl: string | null): Promise<void> {
  const salesOne = Number(process.env.CASSA_BENCH_INGEST_SALES ?? 4_000);
  const server = await startRestartableServer({ engine, postgresUrl });
  try {
    const products = [...benchProducts(2_000)];
    await server.server.admin.createOrganisation({ id: orgId, name: 'Bench' });
    await server.server.admin.upsertStore(orgId, { id: storeId, name: 'Bench', addressLines: [], vatNumber: '' });
    await server.server.admin.upsertProducts(orgId, products);
    const random = seededRandom(11);
    const emptyBytes = await databaseBytes(server, engine);
    let stored = 0;
    for (const tills of [1, 4]) {
      const perTill = tills === 1 ? salesOne : Math.round(salesOne / 2);
      const devices = [];
      for (let t = 0; t < tills; t++) devices.push(await pair(server.url, (await server.server.admin.createPairingCode(orgId, storeId)).code, `Bench ${tills}-${t}`));
      const streams = devices.map((d) => Array.from({ length: perTill }, (_, n) => tillOps(products, d.deviceId, n, random)).flat());
      ctx.progress(`${engine}: ${tills} till(s) pushing ${perTill} ten-line sales each (${streams[0]!.length} ops per till)`);
      const started = performance.now();
      await Promise.all(devices.map((d, i) => pushAll(server.url, d, streams[i]!)));
      const seconds = (performance.now() - started) / 1000;
      const sales = perTill * tills;
      stored += sales;
      if (tills === 1 && engine === 'sqlite') validationCeiling(ctx, devices[0]!.deviceId, streams[0]!, sales);
      ctx.emit(`server ingest ${engine}, ${tills === 1 ? '1 till' : `${tills} tills at once`}, 10-line sales with their stock movements, ${DEFAULT_PUSH_BATCH_OPS}-op HTTP batches`, sales / seconds, 'sales/s');
      ctx.emit(`server ingest ${engine}, ${tills === 1 ? '1 till' : `${tills} tills at once`}, ops`, (sales * 11) / seconds, 'ops/s');
    }
    // Each sale with its ten stock movements, op log rows, aggregates and indexes.
    ctx.emit(`server storage ${engine}: bytes per synced 10-line sale (with its stock movements, op log, aggregates, indexes)`, ((await databaseBytes(server, engine)) - emptyBytes) / stored, 'bytes');
  } finally {
    await server.dispose();
  }
}

/** Stops a server child: its stdin closes, it says its peak memory and exits. */
async function stopServer(server: BenchChild): Promise<void> {
  server.end();
  await server.next();
  await server.done;
}

async function catchUp(ctx: BenchContext): Promise<void> {
  const sales = Number(process.env.CASSA_BENCH_CATCHUP_SALES ?? 20_000);
  const work = mkdtempSync(join(tmpdir(), 'cassa-bench-catchup-'));
  // Head office in its own process, as it runs on its own machine (and as the PouchDB peer's does).
  const bundle = await children();
  const serverConfig = { sqlitePath: join(work, 'head-office.sqlite'), organisationId: orgId, storeId };
  let server = runChild(bundle, 'cassa-server', { ...serverConfig, seedDemo: true }, true);
  try {
    const { port, code } = (await server.next()) as { port: number; code: string };
    const offset = { ms: 0 };
    const core = createTillCore({
      dataDir: join(work, 'till'),
      printer: await createPrinterPort('none', 'generic-80mm'),
      logger: { error: () => undefined },
      clock: { now: () => new Date(Date.now() - offset.ms) },
    });
    seedDemoShop(core.services);
    await core.services.sync.pair(`http://127.0.0.1:${port}`, code);
    while ((await core.services.sync.syncNow()).pending > 0);
    await stopServer(server);

    // Offline for 72 hours: the clock runs from three days ago while the sales are made.
    offset.ms = 72 * 3_600_000;
    const cashier = { userId: 'user-giulia', name: 'Giulia', role: 'cashier' as const };
    const { tickets, completion, shifts } = core.services;
    if (!shifts.openShift()) shifts.open(cashier, 10_000);
    ctx.progress(`catch-up: making ${sales} sales offline`);
    const making = performance.now();
    for (let n = 0; n < sales; ) {
      // Many sales per durable commit, only to build the backlog quickly; each is a normal sale.
      core.store.write(() => {
        for (let k = 0; k < 250 && n < sales; k++, n++) {
          const lines = 1 + (n % 10);
          for (let i = 0; i < lines; i++) tickets.scan(cashier, demoEan(1 + ((n + i) % 8)));
          tickets.addPayment(cashier, 'card', tickets.current(cashier)!.remainingCents, undefined);
          completion.complete(cashier, false);
        }
      });
      if (n % 5_000 === 0) ctx.progress(`${n} sales`);
    }
    offset.ms = 0;
    const backlog = core.services.sync.state().pending;
    ctx.progress(`catch-up: ${sales} sales (${backlog} outbox ops) made in ${((performance.now() - making) / 1000).toFixed(1)} s; head office back`);
    server = runChild(bundle, 'cassa-server', { ...serverConfig, port }, true);
    await server.next();
    // From head office listening again; what the event channel's hello does on reconnect: sync at once.
    const started = performance.now();
    while ((await core.services.sync.syncNow()).pending > 0);
    const seconds = (performance.now() - started) / 1000;
    await stopServer(server);
    await core.close();
    const db = new Database(serverConfig.sqlitePath, { readonly: true });
    const held = db.prepare('SELECT count(*) AS n FROM sales WHERE organisation_id = ?').get(orgId) as { n: number };
    db.close();
    if (held.n !== sales) throw new Error(`catch-up: server holds ${held.n} sales, expected ${sales}`);
    ctx.emit(`catch-up after 72 h offline, ${sales} sales (${backlog} outbox ops), reconnect to fully acknowledged, SQLite server in its own process`, seconds, 's');
    ctx.emit('catch-up rate', sales / seconds, 'sales/s');
  } finally {
    server.end();
    await server.done.catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

/** A server database holding `count` bench products, built once and kept. */
async function catalogueServer(ctx: BenchContext, count: number): Promise<string> {
  // Versioned: databases built before migration 3 (variants_by_product) carried a bench-only index.
  const dir = benchDir(`sync-catalogue-v2-${count}`);
  const path = join(dir, 'server.sqlite');
  const marker = join(dir, 'complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(count)) {
    ctx.progress(`reusing the ${count}-product server database in ${dir}`);
    return path;
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  ctx.progress(`loading ${count} products into a head-office database (once; kept in ${dir})`);
  const server = await createSyncServer({ sqlitePath: path, log: () => undefined });
  const started = performance.now();
  await server.admin.createOrganisation({ id: orgId, name: 'Bench' });
  await server.admin.upsertStore(orgId, { id: storeId, name: 'Bench', addressLines: [], vatNumber: '' });
  let batch: Product[] = [];
  let done = 0;
  for (const product of benchProducts(count)) {
    batch.push(product);
    if (batch.length === 5_000) {
      await server.admin.upsertProducts(orgId, batch);
      done += batch.length;
      batch = [];
      if (done % 100_000 === 0) ctx.progress(`${done} products`);
    }
  }
  if (batch.length > 0) await server.admin.upsertProducts(orgId, batch);
  ctx.emit(`head-office catalogue bulk write (admin.upsertProducts, 5,000 per write), SQLite, ${count} products`, count / ((performance.now() - started) / 1000), 'products/s');
  await server.close();
  writeFileSync(marker, String(count));
  return path;
}

let childBundle: string | null = null;
async function children(): Promise<string> {
  if (childBundle) return childBundle;
  childBundle = (
    await bundleNodeScript(join(repoRoot, 'test-support', 'sync-bench-children.ts'), 'sync-bench-children', {
      extraExternal: ['pouchdb-node', 'pouchdb-adapter-memory', 'express', 'express-pouchdb', 'leveldown'],
    })
  ).path;
  return childBundle;
}

async function cassaPull(ctx: BenchContext, count: number): Promise<{ ms: number; tillCpuMs: number; tillRss: number; tillRssBefore: number; tillHeap: number; serverRss: number }> {
  const bundle = await children();
  const path = await catalogueServer(ctx, count);
  const server = runChild(bundle, 'cassa-server', { sqlitePath: path, organisationId: orgId, storeId }, true);
  const { port, code } = (await server.next()) as { port: number; code: string };
  ctx.progress(`Cassa: a fresh till pulls ${count} products`);
  const till = runChild(bundle, 'cassa-till', { url: `http://127.0.0.1:${port}`, code });
  const result = (await till.next()) as { ms: number; cpuMs: number; products: number; peakRssMb: number; rssBeforeMb: number; peakHeapMb: number; state: string | null };
  await till.done;
  server.end();
  const serverResult = (await server.next()) as { peakRssMb: number };
  await server.done;
  if (result.products < count) throw new Error(`the till holds ${result.products} products, expected ${count} (${result.state})`);
  return { ms: result.ms, tillCpuMs: result.cpuMs, tillRss: result.peakRssMb, tillRssBefore: result.rssBeforeMb, tillHeap: result.peakHeapMb, serverRss: serverResult.peakRssMb };
}

async function pouchPull(ctx: BenchContext, count: number): Promise<{ ms: number; tillRss: number; serverRss: number }> {
  const bundle = await children();
  ctx.progress(`PouchDB: loading ${count} products into express-pouchdb (not timed)`);
  const server = runChild(bundle, 'pouch-server', { products: count }, true);
  const { port } = (await server.next()) as { port: number };
  ctx.progress(`PouchDB: a fresh PouchDB replicates ${count} products`);
  const till = runChild(bundle, 'pouch-till', { url: `http://127.0.0.1:${port}/products`, batchSize: 500 });
  const result = (await till.next()) as { ms: number; docs: number; peakRssMb: number };
  await till.done;
  server.end();
  const serverResult = (await server.next()) as { peakRssMb: number };
  await server.done;
  if (result.docs !== count) throw new Error(`PouchDB replicated ${result.docs} documents, expected ${count}`);
  return { ms: result.ms, tillRss: result.peakRssMb, serverRss: serverResult.peakRssMb };
}

export default async function syncBench(ctx: BenchContext): Promise<void> {
  if (parts.has('ingest') && engines.has('sqlite')) await ingest(ctx, 'sqlite', null);
  if (parts.has('ingest') && engines.has('postgres')) {
    const pg: RunningPostgres | null = process.env.TEST_DATABASE_URL ? null : await startPostgres();
    try {
      await ingest(ctx, 'postgres', process.env.TEST_DATABASE_URL ?? pg!.url);
    } finally {
      pg?.stop();
    }
  }
  // The catch-up's rate, kept for the ratio to PouchDB's.
  let cassaCatchUpRate: number | null = null;
  const catchUpCtx: BenchContext = {
    progress: (message) => ctx.progress(message),
    emit: (name, value, unit) => {
      if (name === 'catch-up rate') cassaCatchUpRate = value;
      ctx.emit(name, value, unit);
    },
  };
  if (parts.has('catchup')) await catchUp(catchUpCtx);
  if (parts.has('pull')) {
    const count = Number(process.env.CASSA_BENCH_SYNC_PRODUCTS ?? 1_000_000);
    const run = await cassaPull(ctx, count);
    ctx.emit(`first pull of a ${count}-product catalogue into a fresh till (snapshot, real sync client and TillSyncStore)`, run.ms / 1000, 's');
    ctx.emit(`first pull of ${count} products: till CPU time (user + system)`, run.tillCpuMs / 1000, 's');
    ctx.emit(`first pull of ${count} products: till peak RSS`, run.tillRss, 'MB');
    ctx.emit(`first pull of ${count} products: till RSS before the pull (opened core)`, run.tillRssBefore, 'MB');
    ctx.emit(`first pull of ${count} products: till peak V8 heap during the pull`, run.tillHeap, 'MB');
    ctx.emit(`first pull of ${count} products: server peak RSS (SQLite)`, run.serverRss, 'MB');
  }
  if (parts.has('pouch')) {
    const count = Number(process.env.CASSA_BENCH_POUCH_PRODUCTS ?? 100_000);
    const cassa = await cassaPull(ctx, count);
    const pouch = await pouchPull(ctx, count);
    ctx.emit(`first pull of ${count} products, Cassa`, cassa.ms / 1000, 's');
    ctx.emit(`first pull of ${count} products, PouchDB (express-pouchdb memory, pouchdb-node memory, batch_size 500)`, pouch.ms / 1000, 's');
    ctx.emit(`PouchDB replication of ${count} products: till peak RSS`, pouch.tillRss, 'MB');
    ctx.emit(`PouchDB replication of ${count} products: server peak RSS`, pouch.serverRss, 'MB');
    ctx.emit(`first pull of ${count} products, Cassa time / PouchDB time`, cassa.ms / pouch.ms, 'ratio');
  }
  if (parts.has('pouch-catchup')) {
    for (const pouch of await pouchCatchUp(ctx)) {
      const peer = `PouchDB speed (${pouch.adapter}, ${pouch.shape === 'sales' ? 'a document per sale' : 'a document per outbox op'})`;
      if (cassaCatchUpRate !== null) ctx.emit(`catch-up, Cassa speed / ${peer}`, cassaCatchUpRate / (pouch.sales / pouch.seconds), 'ratio');
    }
  }
  if (parts.has('chaos')) await chaosLag(ctx);
}
