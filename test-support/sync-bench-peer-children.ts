/**
 * @module
 * The PouchDB side of the catch-up benchmark (scripts/bench/pouch-catchup-bench.ts), each in its
 * own process like the pull comparison's children (test-support/sync-bench-children.ts):
 * `pouch-sales-server` serves an empty `sales` database from express-pouchdb, `pouch-sales-till`
 * fills a till-side PouchDB with the backlog the Cassa catch-up builds (not timed) and then
 * replicates it to the server, timed from replication start to complete. Both use the same
 * adapter: `leveldb` (on disk, as the till's SQLite outbox and the head-office database are) or
 * `memory`. Each prints JSON lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Product } from '@cassa/shared';
import { benchSale } from './bench-sale';
import { demoCatalogue } from '@cassa/desktop/core';

const require = createRequire(import.meta.url);
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

interface PouchDb {
  bulkDocs(docs: unknown[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  replicate: { to(target: PouchDb, options: Record<string, unknown>): Promise<{ docs_written: number; doc_write_failures: number }> };
  close(): Promise<void>;
}
type PouchCtor = (new (name: string, options?: Record<string, unknown>) => PouchDb) & {
  plugin(plugin: unknown): PouchCtor;
  defaults(options: Record<string, unknown>): PouchCtor;
};

const basePouch = (): PouchCtor => (require('pouchdb-node') as PouchCtor).plugin(require('pouchdb-adapter-memory'));

/** PouchDB on `adapter`; leveldb databases live under `dir`. */
function pouch(adapter: string, dir: string): PouchCtor {
  return adapter === 'memory' ? basePouch().defaults({ adapter: 'memory' }) : basePouch().defaults({ adapter: 'leveldb', prefix: `${dir}/` });
}

/**
 * Sale `n` as the catch-up bench's till completes it: 1 + n % 10 lines of the demo catalogue, paid
 * by card, then one stock movement per line, as the till's outbox holds them (one op each).
 */
function saleDocs(products: readonly Product[], n: number): unknown[] {
  const id = `sale-${String(n).padStart(6, '0')}`;
  const at = new Date(Date.UTC(2026, 10, 26, 9) + n * 1_000);
  const picked = Array.from({ length: 1 + (n % 10) }, (_, i) => products[(n + i) % products.length]!);
  const { sale, movements } = benchSale(picked, {
    id,
    at,
    storeId: 'store-bench',
    deviceId: 'device-bench',
    shiftId: 'shift-bench',
    cashierId: 'user-giulia',
    documentNumber: n + 1,
    movementId: (i) => `${id}-m${i}`,
  });
  return [{ _id: sale.id, type: 'sale', record: sale }, ...movements.map((m) => ({ _id: m.id, type: 'stock-movement', record: m }))];
}

const [mode, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson ?? '{}') as Record<string, string | number | boolean>;
const adapter = String(config.adapter ?? 'leveldb');
const dir = mkdtempSync(join(tmpdir(), `cassa-bench-${mode}-`));

if (mode === 'pouch-sales-server') {
  const PouchDB = pouch(adapter, dir);
  const express = require('express') as () => { use(path: string, app: unknown): void; listen(port: number, host: string, cb: () => void): { address(): { port: number } } };
  const expressPouch = require('express-pouchdb') as (ctor: unknown, options: Record<string, unknown>) => unknown;
  // Created before the clock starts, as the Cassa server's tables are.
  await new PouchDB('sales').info();
  const app = express();
  app.use('/', expressPouch(PouchDB, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(dir, 'log.txt') }));
  const server = app.listen(0, '127.0.0.1', () => say({ port: server.address().port }));
  process.stdin.resume();
  process.stdin.on('end', () => {
    say({ peakRssMb: peakRssMb() });
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
} else if (mode === 'pouch-sales-till') {
  const PouchDB = pouch(adapter, dir);
  const local = new PouchDB('outbox');
  const products = demoCatalogue().products;
  const sales = Number(config.sales);
  let batch: unknown[] = [];
  for (let n = 0; n < sales; n++) {
    const docs = saleDocs(products, n);
    batch.push(...(config.movements === false ? docs.slice(0, 1) : docs));
    if (batch.length >= 5_000) {
      await local.bulkDocs(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await local.bulkDocs(batch);
  const docs = (await local.info()).doc_count;
  say({ built: docs });
  const started = performance.now();
  // The target over HTTP: a PouchDB with no default adapter, which a plain URL would not get here.
  const remote = new (basePouch())(String(config.url));
  const result = await local.replicate.to(remote, { batch_size: Number(config.batchSize ?? 500), batches_limit: 10 });
  const ms = performance.now() - started;
  say({ ms, docs, written: result.docs_written, failures: result.doc_write_failures, remoteDocs: (await remote.info()).doc_count, peakRssMb: peakRssMb() });
  await local.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
