/**
 * @module
 * The separate processes of the sync replication benchmark (scripts/bench/sync-bench.ts), so each
 * side's peak resident memory is its own and neither shares an event loop with the other:
 * `cassa-server` serves a Cassa sync database (set up with the demo catalogue when asked, on a
 * given port when asked, so the catch-up can stop it and bring it back), `cassa-till` pairs a fresh real till with it and
 * pulls everything, `pouch-server` serves the same products from express-pouchdb (memory
 * adapter), `pouch-till` replicates them into a local PouchDB. Each prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSyncServer } from '@cassa/sync-server';
import { createPrinterPort, createTillCore, demoCatalogue } from '@cassa/desktop/core';
import { benchProducts } from '../scripts/bench/bench-catalogue';

const require = createRequire(import.meta.url);
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

interface PouchDb {
  bulkDocs(docs: unknown[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  replicate: { from(source: string, options: Record<string, unknown>): Promise<{ docs_written: number }> };
}
type PouchCtor = (new (name: string, options?: Record<string, unknown>) => PouchDb) & {
  plugin(plugin: unknown): PouchCtor;
  defaults(options: Record<string, unknown>): PouchCtor;
};

function pouch(): PouchCtor {
  const PouchDB = require('pouchdb-node') as PouchCtor;
  return PouchDB.plugin(require('pouchdb-adapter-memory'));
}

const [mode, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson ?? '{}') as Record<string, string | number>;

if (mode === 'cassa-server') {
  const server = await createSyncServer({ sqlitePath: String(config.sqlitePath), log: () => undefined });
  const [organisationId, storeId] = [String(config.organisationId), String(config.storeId)];
  // A head office the bench has not set up yet: the organisation, its store and the demo catalogue.
  if (config.seedDemo) {
    await server.admin.createOrganisation({ id: organisationId, name: 'Bench' });
    await server.admin.upsertStore(organisationId, { id: storeId, name: 'Bench', addressLines: [], vatNumber: '' });
    await server.admin.upsertProducts(organisationId, demoCatalogue().products);
  }
  // The same port when it comes back, as a head office does: the till knows it by its address.
  const listening = await server.listen(Number(config.port ?? 0), '127.0.0.1');
  const { code } = await server.admin.createPairingCode(organisationId, storeId);
  say({ port: listening.port, code });
  process.stdin.resume();
  const shutDown = async () => {
    await listening.close();
    await server.close();
  };
  process.stdin.on('end', () => {
    say({ peakRssMb: peakRssMb() });
    // A server that fails to close fails the bench: the parent sees the error and the exit code.
    shutDown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
} else if (mode === 'cassa-till') {
  const dataDir = mkdtempSync(join(tmpdir(), 'cassa-bench-till-'));
  const core = createTillCore({ dataDir, printer: await createPrinterPort('none', 'generic-80mm'), logger: { error: () => undefined } });
  // Where the resident memory goes: the largest V8 heap (live objects and garbage not yet
  // collected) seen while pulling, and the resident size before the pull began.
  const rssBeforeMb = peakRssMb();
  let peakHeapMb = 0;
  const sampler = setInterval(() => (peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapTotal / 2 ** 20)), 50);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await core.services.sync.pair(String(config.url), String(config.code));
  await core.services.sync.syncNow();
  const ms = performance.now() - started;
  // CPU time (user + system) says less about the machine's other work than the wall time does.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clearInterval(sampler);
  const products = core.services.catalogue.productCount();
  say({ ms, cpuMs, products, peakRssMb: peakRssMb(), rssBeforeMb, peakHeapMb, state: core.services.sync.state().lastError });
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
} else if (mode === 'pouch-server') {
  const PouchDB = pouch().defaults({ adapter: 'memory' });
  const express = require('express') as () => { use(path: string, app: unknown): void; listen(port: number, host: string, cb: () => void): { address(): { port: number } } };
  const expressPouch = require('express-pouchdb') as (ctor: unknown, options: Record<string, unknown>) => unknown;
  const db = new PouchDB('products');
  const count = Number(config.products);
  let batch: unknown[] = [];
  for (const product of benchProducts(count)) {
    batch.push({ _id: product.id, ...product });
    if (batch.length === 5_000) {
      await db.bulkDocs(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await db.bulkDocs(batch);
  const app = express();
  app.use('/', expressPouch(PouchDB, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(tmpdir(), `cassa-pouch-log-${process.pid}.txt`) }));
  const server = app.listen(0, '127.0.0.1', () => say({ port: server.address().port, docs: (void 0, count) }));
  process.stdin.resume();
  process.stdin.on('end', () => {
    say({ peakRssMb: peakRssMb() });
    process.exit(0);
  });
} else if (mode === 'pouch-till') {
  const PouchDB = pouch();
  const local = new PouchDB('till', { adapter: 'memory' });
  const started = performance.now();
  const result = await local.replicate.from(String(config.url), { batch_size: Number(config.batchSize ?? 500), batches_limit: 10 });
  const ms = performance.now() - started;
  say({ ms, docs: (await local.info()).doc_count, written: result.docs_written, peakRssMb: peakRssMb() });
  process.exit(0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
