/**
 * Customers everywhere (issue 17): the first pull of the chain's customers into a fresh till.
 * `CASSA_BENCH_CUSTOMERS` customers (default 100,000) are pushed once by a register of another
 * store, through the real push path (head office projects each into its customers table and the
 * customers stream), into a SQLite database kept between runs; then a fresh real till in its own
 * process pairs with a server in another process and pulls. Figures: the pull's seconds, the
 * till's peak RSS (and before the pull), the server's peak RSS, and the head-office projection
 * rate of the setup when it runs.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MAX_PUSH_OPS, PROTOCOL_VERSION, SCHEMA_VERSION } from '@cassa/shared';
import type { CustomerRecord } from '@cassa/shared';
import { createSyncServer } from '@cassa/sync-server';
import { bundleNodeScript } from '../../test-support/bundle-node-script';
import { seededRandom } from '../../test-support/seeded-random';
import { runChild } from './bench-child';
import type { BenchContext } from './bench-kit';
import { benchDir, repoRoot } from './bench-kit';

const organisationId = 'bench-chain';
const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;
const first = ['Maria', 'Giuseppe', 'Anna', 'Francesco', 'Giulia', 'Luca', 'Chiara', 'Marco', 'Sara', 'Andrea', 'Elena', 'Niccolò', 'Zoë'];
const last = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'De Luca', "D'Angelo"];

function* benchCustomers(count: number): Generator<CustomerRecord> {
  const random = seededRandom(17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < count; i++) {
    const name = `${pick(first)} ${pick(last)}`;
    yield {
      id: `bc-${i}`,
      name,
      phone: random() < 0.7 ? `+39 3${String(100_000_000 + i).slice(1)}` : null,
      email: random() < 0.5 ? `${name.toLowerCase().replace(/\W/g, '.')}.${i}@example.it` : null,
      taxCode: null,
      vatNumber: null,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    };
  }
}

/** A server database holding `count` customers pushed by a register of store A, built once and kept. */
async function customersServer(ctx: BenchContext, count: number): Promise<string> {
  const dir = benchDir(`customers-v1-${count}`);
  const path = join(dir, 'server.sqlite');
  const marker = join(dir, 'complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(count)) {
    ctx.progress(`reusing the ${count}-customer server database in ${dir}`);
    return path;
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  ctx.progress(`pushing ${count} customers into a head-office database (once; kept in ${dir})`);
  const server = await createSyncServer({ sqlitePath: path, log: () => undefined });
  await server.admin.createOrganisation({ id: organisationId, name: 'Bench chain' });
  for (const store of ['store-a', 'store-b']) await server.admin.upsertStore(organisationId, { id: store, name: store, addressLines: [], vatNumber: '' });
  const { code } = await server.admin.createPairingCode(organisationId, 'store-a');
  const deviceId = 'bench-register-a';
  await server.service.pair({ ...versions, code, deviceName: 'Cassa A', deviceId });
  const principal = { organisationId, storeId: 'store-a', deviceId };
  const started = performance.now();
  let seq = 0;
  let ops: { seq: number; opId: string; record: { type: 'customer'; record: CustomerRecord } }[] = [];
  const flush = async () => {
    if (ops.length > 0) await server.service.push(principal, { ...versions, deviceId, ops });
    ops = [];
  };
  for (const customer of benchCustomers(count)) {
    seq += 1;
    ops.push({ seq, opId: `op-${seq}`, record: { type: 'customer', record: customer } });
    if (ops.length === MAX_PUSH_OPS) {
      await flush();
      if (seq % 20_000 === 0) ctx.progress(`${seq} customers`);
    }
  }
  await flush();
  ctx.emit(`head-office customer projection (pushed customer records, ${MAX_PUSH_OPS} per push), SQLite, ${count} customers`, count / ((performance.now() - started) / 1000), 'customers/s');
  await server.close();
  writeFileSync(marker, String(count));
  return path;
}

export default async function customersBench(ctx: BenchContext): Promise<void> {
  const count = Number(process.env.CASSA_BENCH_CUSTOMERS ?? 100_000);
  const path = await customersServer(ctx, count);
  const bundle = (await bundleNodeScript(join(repoRoot, 'test-support', 'customer-bench-children.ts'), 'customer-bench-children')).path;
  const server = runChild(bundle, 'server', { sqlitePath: path, organisationId, storeId: 'store-b' }, true);
  const { port, code } = (await server.next()) as { port: number; code: string };
  ctx.progress(`a fresh till of store B pulls ${count} customers`);
  const till = runChild(bundle, 'till', { url: `http://127.0.0.1:${port}`, code });
  const result = (await till.next()) as { ms: number; customers: number; peakRssMb: number; rssBeforeMb: number; state: string | null };
  await till.done;
  server.end();
  const serverResult = (await server.next()) as { peakRssMb: number };
  await server.done;
  if (result.customers < count) throw new Error(`the till holds ${result.customers} customers, expected ${count} (${result.state})`);
  ctx.emit(`first pull of ${count} customers into a fresh till (snapshot, real sync client and TillSyncStore)`, result.ms / 1000, 's');
  ctx.emit(`first pull of ${count} customers: till peak RSS`, result.peakRssMb, 'MB');
  ctx.emit(`first pull of ${count} customers: till RSS before the pull (opened core)`, result.rssBeforeMb, 'MB');
  ctx.emit(`first pull of ${count} customers: server peak RSS (SQLite)`, serverResult.peakRssMb, 'MB');
}
