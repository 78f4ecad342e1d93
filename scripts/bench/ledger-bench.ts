/**
 * Chain ledger benchmarks (issue 17): the round trip of a voucher reservation as a till makes it
 * before taking a payment, through the till's own HTTP client (shared's `createHttpClient` over
 * the sync contract) to a real server on 127.0.0.1, then its release, on SQLite and PostgreSQL.
 * The ledger holds 2,000 vouchers (pushed as a till pushes them, 200 per push) and the timed
 * card already has a history of 200 entries. Target: reservation round trip p95 < 300 ms.
 * RUNS sets the timed round trips per engine (default 500); CASSA_BENCH_LEDGER_ENGINES=sqlite or
 * postgres runs one engine; CASSA_BENCH_DATABASE_URL uses that PostgreSQL instead of a throwaway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSyncServer } from '@cassa/sync-server';
import type { SyncServerOptions } from '@cassa/sync-server';
import { PROTOCOL_VERSION, SCHEMA_VERSION, createHttpClient, syncContract } from '@cassa/shared';
import type { PushOp } from '@cassa/shared';
import type { BenchContext } from './bench-kit';
import { percentile, withBenchDatabase } from './bench-kit';

const RUNS = Number(process.env.RUNS ?? 500);
const VOUCHERS = 2_000;
const ORG = 'org-ledger-bench';
const STORE = 'store-1';
const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

function voucherCode(n: number): string {
  return `V-${String(n).padStart(4, '0')}-BNCH`;
}

async function measure(ctx: BenchContext, engine: string, options: SyncServerOptions): Promise<void> {
  const server = await createSyncServer({ ...options, log: () => undefined, headOffice: false });
  const listening = await server.listen(0, '127.0.0.1');
  try {
    await server.admin.createOrganisation({ id: ORG, name: 'Bench' });
    await server.admin.upsertStore(ORG, { id: STORE, name: 'Bench', addressLines: [], vatNumber: '' });
    const baseUrl = `http://127.0.0.1:${listening.port}`;
    const { code } = await server.admin.createPairingCode(ORG, STORE);
    const pairing = createHttpClient(syncContract, { baseUrl });
    const paired = await pairing.call('device.pair', { ...versions, code, deviceName: 'Cassa bench', deviceId: 'bench-till' });
    const client = createHttpClient(syncContract, { baseUrl, headers: () => ({ authorization: `Bearer ${paired.deviceToken}` }) });

    ctx.progress(`${engine}: pushing ${VOUCHERS} vouchers and a 200-entry history`);
    const at = new Date().toISOString();
    const entry = (seq: number, id: string, account: string, amount: number): PushOp => ({
      seq,
      opId: `op-${seq}`,
      record: {
        type: 'ledger-entry',
        record: { id, kind: 'voucher', account, amount, reason: amount > 0 ? 'issue' : 'spend', authorisation: amount > 0 ? 'credit' : 'offline', reservationId: null, storeId: STORE, deviceId: paired.deviceId, saleId: null, userId: null, customerId: null, at },
      },
    });
    const ops: PushOp[] = [];
    for (let i = 0; i < VOUCHERS; i++) ops.push(entry(ops.length + 1, `issue-${i}`, voucherCode(i), 100_000));
    for (let i = 0; i < 200; i++) ops.push(entry(ops.length + 1, `spend-${i}`, voucherCode(0), -10));
    const pushStarted = performance.now();
    for (let i = 0; i < ops.length; i += 200) await client.call('sync.push', { ...versions, deviceId: paired.deviceId, ops: ops.slice(i, i + 200) });
    ctx.emit(`${engine}: ledger entries pushed and applied (200 per push, one account row per account per push)`, ops.length / ((performance.now() - pushStarted) / 1000), 'entries/s');

    const reserveMs: number[] = [];
    const roundTripMs: number[] = [];
    for (let i = 0; i < RUNS + 20; i++) {
      const reservationId = `res-${i}`;
      const started = performance.now();
      const answer = await client.call('ledger.reserve', { reservationId, kind: 'voucher', account: voucherCode(i % 50), amount: 500 });
      const reserved = performance.now();
      await client.call('ledger.release', { reservationId });
      const released = performance.now();
      if (answer.outcome !== 'granted') throw new Error(`reservation ${i} was ${answer.outcome}`);
      // The first few warm the connection pool and statement caches.
      if (i < 20) continue;
      reserveMs.push(reserved - started);
      roundTripMs.push(released - started);
    }
    for (const p of [50, 95, 99]) ctx.emit(`${engine}: voucher reservation round trip (till HTTP client, 127.0.0.1) p${p}`, percentile(reserveMs, p), 'ms');
    for (const p of [50, 95, 99]) ctx.emit(`${engine}: reserve then release p${p}`, percentile(roundTripMs, p), 'ms');
  } finally {
    await listening.close();
    await server.close();
  }
}

const ENGINES = (process.env.CASSA_BENCH_LEDGER_ENGINES ?? 'sqlite,postgres').split(',');

export default async function ledgerBench(ctx: BenchContext): Promise<void> {
  if (ENGINES.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-ledger-bench-'));
    try {
      await measure(ctx, 'sqlite', { sqlitePath: join(dir, 'ledger.sqlite') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (ENGINES.includes('postgres')) await withBenchDatabase(ctx, (databaseUrl) => measure(ctx, 'postgres', { databaseUrl }));
}
