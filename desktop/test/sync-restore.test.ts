/**
 * Head office restored from a backup taken mid-day (issue 12): three real tills on the real core
 * and SQLite files sell before and after the backup point, every sale acknowledged; head office
 * changes a price after the backup; then its database is replaced by the backup (SQLite: the
 * online backup file copied back; PostgreSQL: CREATE DATABASE … TEMPLATE) and head office changes
 * another price, reusing the change number the tills' cursors already passed. Two tills are closed
 * across the restore and come back, one keeps running and reconnects. At the end head office
 * holds every sale exactly once, its dashboard adds up to the tills' totals, and every till shows
 * the prices head office has now. Runs on SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { syncStateViewSchema, userMessage } from '@cassa/shared';
import { describe, expect, inject, it } from 'vitest';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import { until } from '../../test-support/until';
import type { TillCore } from '../src/core';
import { drain, openTill, orgId, pairingCode, readTill, seedHeadOffice, sellOne, storeId } from './sync/till-kit';

function tillTakings(dataDir: string): number {
  const db = new Database(join(dataDir, 'till.db'), { readonly: true });
  try {
    return (db.prepare("SELECT coalesce(sum(total_cents), 0) AS cents FROM sales WHERE kind = 'sale'").get() as { cents: number }).cents;
  } finally {
    db.close();
  }
}

const priceOf = (core: TillCore, variantId: string) => core.services.catalogue.findVariant(variantId)?.priceCents;

describe.each(['sqlite', 'postgres'] as const)('head office restored from a mid-day backup on %s', (engine) => {
  it('gets every acknowledged sale again, exactly once, and the tills pull what head office holds now', { timeout: 180_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'cassa-sync-restore-'));
    const server = await startRestartableServer({ engine, postgresUrl: engine === 'postgres' ? inject('postgresUrl') : null, sseHeartbeatMs: 300 });
    const tills: TillCore[] = [];
    const dirs = [0, 1, 2].map((i) => join(work, `till-${i}`));
    let n = 0;
    const sellAndDrain = async (perTill: number): Promise<void> => {
      for (const core of tills) for (let k = 0; k < perTill; k++) sellOne(core, n++);
      for (const core of tills) await drain(core);
    };
    const pricesReach = (variantId: string, cents: number) =>
      until(() => tills.map((core) => priceOf(core, variantId)), (prices) => prices.every((p) => p === cents), 20_000, `${variantId} at ${cents} on every till`);
    try {
      await seedHeadOffice(server.server);
      await server.server.admin.upsertStorePrices(orgId, [{ storeId, variantId: 'v-caf250', priceCents: 450 }]);
      for (const dir of dirs) {
        const core = await openTill(dir);
        await core.services.sync.pair(server.url, await pairingCode(server.server));
        tills.push(core);
      }
      await sellAndDrain(4);
      await pricesReach('v-caf250', 450);

      const backup = await server.backup();

      // After the backup point: sales and a price change, all acknowledged and pulled.
      await sellAndDrain(5);
      await server.server.admin.upsertStorePrices(orgId, [{ storeId, variantId: 'v-caf250', priceCents: 777 }]);
      await pricesReach('v-caf250', 777);
      for (const dir of dirs) expect(readTill(dir).unacknowledged).toBe(0);

      // Two tills are switched off; head office comes back from the backup.
      for (const core of tills.splice(1)) await core.close();
      await server.restoreFrom(backup);
      const restored = await server.query<{ n: unknown }>('SELECT count(*) AS n FROM sales WHERE organisation_id = ?', [orgId]);
      expect(Number(restored[0]!.n)).toBe(12);
      await server.server.admin.upsertStorePrices(orgId, [{ storeId, variantId: 'v-oli1000', priceCents: 555 }]);

      for (const dir of dirs.slice(1)) tills.push(await openTill(dir));
      await sellAndDrain(2);

      // ── Every sale of every till is at head office exactly once ──
      const figures = dirs.map((dir) => readTill(dir));
      const tillSales = figures.flatMap((f) => f.saleIds);
      expect(tillSales).toHaveLength(3 * (4 + 5 + 2));
      const serverSales = await server.query<{ id: string; device_id: string }>('SELECT id, device_id FROM sales WHERE organisation_id = ?', [orgId]);
      expect(serverSales).toHaveLength(tillSales.length);
      expect(new Set(serverSales.map((s) => s.id))).toEqual(new Set(tillSales));
      const devices = await server.query<{ id: string; high_water_mark: unknown; ops: unknown }>(
        'SELECT d.id, d.high_water_mark, (SELECT count(*) FROM device_ops o WHERE o.organisation_id = d.organisation_id AND o.device_id = d.id) AS ops FROM devices d WHERE d.organisation_id = ?',
        [orgId],
      );
      for (const f of figures) {
        const device = devices.find((d) => d.id === f.deviceId);
        expect(Number(device?.high_water_mark), `high-water mark of ${f.deviceId}`).toBe(f.lastSeq);
        expect(Number(device?.ops), `ops of ${f.deviceId}`).toBe(f.lastSeq);
        expect(f.unacknowledged).toBe(0);
      }

      // ── The dashboard adds up to the tills' own totals ──
      const today = new Date();
      const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
      const dashboard = await server.server.storage.headOffice.dashboard(orgId, { from: day(-1), to: day(1), storeIds: null });
      const takings = dirs.reduce((sum, dir) => sum + tillTakings(dir), 0);
      expect(dashboard.stores).toEqual([expect.objectContaining({ storeId, takingsCents: takings, tickets: tillSales.length })]);
      const daily = await server.server.admin.dailySalesTotals(orgId, { from: day(-1), to: day(1) });
      expect(daily.reduce((sum, d) => sum + d.totalCents, 0)).toBe(takings);
      expect(daily.reduce((sum, d) => sum + d.salesCount, 0)).toBe(tillSales.length);

      // ── Pulls: the lost price is undone and the price set after the restore arrived ──
      await pricesReach('v-oli1000', 555);
      await pricesReach('v-caf250', 450);
      const audit = new Database(join(dirs[0]!, 'till.db'), { readonly: true });
      try {
        expect((audit.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'sync.serverBehind'").get() as { n: number }).n).toBe(1);
      } finally {
        audit.close();
      }
    } finally {
      for (const core of tills) await core.close();
      await server.dispose();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('head office restored from a backup older than what the till keeps', () => {
  it('says so in the cashier\'s language, keeps pulling, and exports every record head office is missing that the till still has', { timeout: 120_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'cassa-sync-old-backup-'));
    const server = await startRestartableServer({ engine: 'sqlite', sseHeartbeatMs: 300 });
    const dir = join(work, 'till');
    let core: TillCore | null = null;
    try {
      await seedHeadOffice(server.server);
      core = await openTill(dir);
      await core.services.sync.pair(server.url, await pairingCode(server.server));
      for (let i = 0; i < 3; i++) sellOne(core, i);
      await drain(core);
      const backup = await server.backup();
      const lost = [3, 4, 5].map((i) => sellOne(core!, i));
      await drain(core);
      const { context } = core.services;
      // Everything acknowledged is past the retention window (ages forced to 0 days, newest 1 kept).
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(context.store.write(() => context.outbox.prune(0, 1))).toBeGreaterThan(0);
      const kept = readTill(dir).lastSeq;

      await server.restoreFrom(backup);
      await server.server.admin.upsertStorePrices(orgId, [{ storeId, variantId: 'v-oli1000', priceCents: 555 }]);
      const state = await until(
        () => core!.services.sync.syncNow(),
        (s) => s.lastErrorCode === 'SYNC_SERVER_MISSING_RECORDS',
        20_000,
        'the till to report the records head office lost',
      );
      expect(state.lastError).toMatch(/lost records \d+–\d+/);
      expect(state.pending).toBeGreaterThan(0);
      // What the till API hands the screen (checked against the contract), with the message in both languages.
      expect(syncStateViewSchema.parse(core.services.sync.state()).lastErrorCode).toBe('SYNC_SERVER_MISSING_RECORDS');
      expect(userMessage('SYNC_SERVER_MISSING_RECORDS', 'it')).toMatch(/esporta i dati non inviati/);
      // Pulls go on although pushes cannot.
      expect(core.services.catalogue.findVariant('v-oli1000')?.priceCents).toBe(555);
      // The export holds every op head office lacks that the till still keeps, the newest included.
      const file = JSON.parse(core.services.sync.exportUnsent({ userId: 'user-admin', role: 'admin' }).content) as { ops: { seq: number; record: { type: string; record: { id: string } } }[] };
      expect(file.ops.map((op) => op.seq)).toContain(kept);
      const exportedSales = file.ops.filter((op) => op.record.type === 'sale').map((op) => op.record.record.id);
      // A sale is the last op its completion writes, so the newest kept op is the last lost sale.
      expect(exportedSales).toEqual([lost[2]]);
      const serverSales = await server.query<{ id: string }>('SELECT id FROM sales WHERE organisation_id = ?', [orgId]);
      expect(serverSales).toHaveLength(3);
    } finally {
      await core?.close();
      await server.dispose();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
