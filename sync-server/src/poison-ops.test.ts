/**
 * One register cannot poison head office: records no engine can store, amounts out of bounds,
 * sums that do not add up, clocks decades off, an op the database throws on, a rewritten audit
 * chain. Each is flagged or set aside; the ops behind it still apply, on both engines.
 */
import { AUDIT_GENESIS_HASH, MAX_AMOUNT_CENTS } from '@cassa/shared';
import type { AuditRecord, PushOp, PushResponse, TillRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, customer, engines, jsonRequest, op, sale, seedTenant, versions, withServer } from '../test/fixtures';
import type { Engine, Tenant } from '../test/fixtures';
import { auditEntryHash } from './audit-chain';
import { createSyncServer } from './index';
import type { SyncServer } from './index';
import { openDatabase } from './storage/open-storage';
import type { SqlDatabase } from './storage/sql-database';

/** Pushes through the HTTP route, as a till does: the body is whatever JSON the till sent. */
async function pushHttp(server: SyncServer, tenant: Tenant, ops: readonly unknown[]): Promise<{ status: number; data: PushResponse }> {
  const res = await server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: tenant.till.deviceId, ops }, tenant.till.authorization));
  const body = (await res.json()) as { data: PushResponse };
  return { status: res.status, data: body.data };
}

function saleOf(t: Tenant, id: string, change: (record: Extract<TillRecord, { type: 'sale' }>['record']) => void = () => undefined, totalCents?: number): TillRecord {
  const record = sale({ id, storeId: t.till.storeId, deviceId: t.till.deviceId, variantId: 'acme-p1-v1', completedAt: new Date().toISOString(), ...(totalCents ? { totalCents } : {}) });
  if (record.type === 'sale') change(record.record);
  return record;
}

async function flaggedOps(server: SyncServer, t: Tenant): Promise<number> {
  return (await server.storage.recordCounts(t.organisationId)).flagged;
}

function audit(deviceId: string, sequence: number, previousHash: string, action = 'sale.complete'): AuditRecord {
  const entry: AuditRecord = { id: `a-${sequence}-${action}`, deviceId, sequence, at: new Date().toISOString(), userId: 'user-1', role: 'cashier', action, details: { n: sequence }, previousHash, hash: '' };
  return { ...entry, hash: auditEntryHash(deviceId, entry) };
}

const auditOp = (seq: number, record: AuditRecord): PushOp => op(seq, { type: 'audit', record });

describe.each(engines)('poisoned pushes on $name', (engine: Engine) => {
  it('an exported outbox file with a NUL in one record imports the rest and sets that one aside', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const file = {
        ...versions,
        kind: 'cassa-outbox-export',
        deviceId: t.till.deviceId,
        storeId: t.till.storeId,
        exportedAt: new Date().toISOString(),
        ops: [op(1, saleOf(t, 'x1')), op(2, saleOf(t, 'x2', (r) => (r.lines[0]!.description = 'Caff\u0000è'))), op(3, saleOf(t, 'x3'))],
      };
      const imported = await server.app.request(
        `/v1/admin/organisations/${t.organisationId}/outbox-imports`,
        jsonRequest('POST', file, `Bearer ${ADMIN_TOKEN}`),
      );
      expect(imported.status).toBe(200);
      expect(((await imported.json()) as { data: unknown }).data).toEqual({ applied: 2, duplicate: 0, flagged: 1 });
      expect(await server.storage.recordCounts(t.organisationId)).toMatchObject({ ops: 3, sales: 2, flagged: 1 });
    });
  });

  it('sets aside an op with a NUL byte or a lone surrogate, flags it, and applies the ops after it', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const ops = [
        op(1, saleOf(t, 's1')),
        op(2, saleOf(t, 's2', (r) => (r.lines[0]!.description = 'Caff\u0000è'))),
        op(3, saleOf(t, 's3', (r) => (r.lines[0]!.description = 'half \ud83d pair'))),
        op(4, saleOf(t, 's4')),
      ];
      const first = await pushHttp(server, t, ops);
      expect(first.status).toBe(200);
      expect(first.data.results.map((r) => r.status)).toEqual(['applied', 'flagged', 'flagged', 'applied']);
      expect(first.data.results[1]!.problems[0]).toMatch(/^invalid-record:record\.lines\.0\.description: .*NUL/);
      expect(first.data.highWaterMark).toBe(4);
      // Acknowledged: sending the batch again changes nothing, and the next op is taken.
      const again = await pushHttp(server, t, [...ops, op(5, saleOf(t, 's5'))]);
      expect(again.data.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'applied']);
      const counts = await server.storage.recordCounts(t.organisationId);
      expect(counts).toMatchObject({ ops: 5, sales: 3, flagged: 2 });
      const problems = await server.storage.listProblems(t.organisationId, 10);
      expect(problems.filter((p) => p.setAside).map((p) => p.seq)).toEqual([3, 2]);
    });
  });

  it('refuses 2^53 amounts and a 1 MiB description by the schema, sets those ops aside, and keeps the figures sane', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const huge = 2 ** 53;
      const ops = [
        op(1, saleOf(t, 'big', (r) => {
          r.totalCents = huge;
          r.lines[0]!.unitPriceCents = huge;
          r.lines[0]!.totalCents = huge;
        })),
        op(2, saleOf(t, 'long', (r) => (r.lines[0]!.description = 'x'.repeat(1024 * 1024)))),
        op(3, saleOf(t, 'edge', () => undefined, MAX_AMOUNT_CENTS + 1)),
        op(4, saleOf(t, 'fine')),
      ];
      const res = await pushHttp(server, t, ops);
      expect(res.data.results.map((r) => r.status)).toEqual(['flagged', 'flagged', 'flagged', 'applied']);
      expect(res.data.results[0]!.problems[0]).toMatch(/invalid-record:.*Too big/);
      expect(res.data.results[1]!.problems[0]).toMatch(/invalid-record:record\.lines\.0\.description: Too big/);
      const board = await server.storage.headOffice.storeTotals(t.organisationId, { from: '2000-01-01', to: '2100-01-01', storeIds: null });
      expect(board).toEqual([expect.objectContaining({ takingsCents: 250, tickets: 1 })]);
    });
  });

  it('sums many maximal sales exactly, on the dashboard and in the daily totals', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const count = 1000;
      for (let start = 0; start < count; start += 500) {
        const ops = Array.from({ length: 500 }, (_, i) => op(start + i + 1, saleOf(t, `max-${start + i}`, () => undefined, MAX_AMOUNT_CENTS)));
        const res = await pushHttp(server, t, ops);
        expect(res.data.results.every((r) => r.status === 'applied')).toBe(true);
      }
      const expected = count * MAX_AMOUNT_CENTS;
      const board = await server.storage.headOffice.storeTotals(t.organisationId, { from: '2000-01-01', to: '2100-01-01', storeIds: null });
      expect(board[0]?.takingsCents).toBe(expected);
      const dashboard = await server.storage.headOffice.dashboard(t.organisationId, { from: '2000-01-01', to: '2100-01-01', storeIds: null });
      expect(dashboard.daily.reduce((sum, d) => sum + d.takingsCents, 0)).toBe(expected);
      const days = await server.storage.dailySalesTotals(t.organisationId, { from: '2000-01-01', to: '2100-01-01' });
      expect(days.reduce((sum, d) => sum + d.totalCents, 0)).toBe(expected);
    });
  });

  it('stores and flags a sale whose lines, total or payments do not add up', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const res = await pushHttp(server, t, [
        op(1, saleOf(t, 'total-lies', (r) => (r.totalCents = 99_999))),
        op(2, saleOf(t, 'line-lies', (r) => (r.lines[0]!.totalCents = 1))),
        op(3, saleOf(t, 'unpaid', (r) => (r.payments = []))),
        op(4, saleOf(t, 'honest')),
      ]);
      expect(res.data.results.map((r) => r.status)).toEqual(['flagged', 'flagged', 'flagged', 'applied']);
      expect(res.data.results[0]!.problems).toContain('ticket-total-mismatch:250');
      expect(res.data.results[1]!.problems).toEqual(expect.arrayContaining(['line-total-mismatch:line-lies-l1', 'ticket-total-mismatch:1']));
      expect(res.data.results[2]!.problems).toEqual(['payments-mismatch:0']);
      expect((await server.storage.recordCounts(t.organisationId)).sales).toBe(4);
    });
  });

  it('flags a sale dated 2076 or 1970 and files it under the day it arrived, not under that year', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const res = await pushHttp(server, t, [
        op(1, saleOf(t, 'future', (r) => (r.completedAt = '2076-06-01T10:00:00Z'))),
        op(2, saleOf(t, 'past', (r) => (r.completedAt = '1970-01-01T00:00:00Z'))),
      ]);
      expect(res.data.results.map((r) => r.problems)).toEqual([['implausible-date:2076-06-01T10:00:00Z'], ['implausible-date:1970-01-01T00:00:00Z']]);
      const in2076 = await server.storage.headOffice.storeTotals(t.organisationId, { from: '2076-01-01', to: '2076-12-31', storeIds: null });
      expect(in2076).toEqual([]);
      expect(await server.storage.dailySalesTotals(t.organisationId, { from: '2076-01-01', to: '2076-12-31' })).toEqual([]);
      const now = new Date();
      const around = { from: new Date(now.getTime() - 2 * 86400_000).toISOString().slice(0, 10), to: new Date(now.getTime() + 2 * 86400_000).toISOString().slice(0, 10) };
      const days = await server.storage.dailySalesTotals(t.organisationId, around);
      expect(days).toEqual([expect.objectContaining({ salesCount: 2, flaggedCount: 2, totalCents: 500 })]);
    });
  });

  it('sets aside an op the database throws on, and applies the ops before and after it', async () => {
    const database = await engine.database();
    const server = await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN });
    const raw: SqlDatabase = openDatabase(database.options);
    try {
      const t = await seedTenant(server);
      // Something this build did not foresee makes the database refuse one record.
      if (raw.dialect === 'sqlite') {
        await raw.exec(`CREATE TRIGGER poison BEFORE INSERT ON sales WHEN NEW.id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned record'); END`);
      } else {
        await raw.exec(`CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.id = 'poison' THEN RAISE EXCEPTION 'poisoned record' USING ERRCODE = '22000'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
          CREATE TRIGGER poison BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION poison()`);
      }
      const ops = [op(1, saleOf(t, 'before')), op(2, saleOf(t, 'poison')), op(3, customer('c1')), op(4, saleOf(t, 'after'))];
      const res = await pushHttp(server, t, ops);
      expect(res.status).toBe(200);
      expect(res.data.results.map((r) => r.status)).toEqual(['applied', 'flagged', 'applied', 'applied']);
      expect(res.data.results[1]!.problems[0]).toMatch(/^database-refused:.*poisoned record/);
      expect(res.data.highWaterMark).toBe(4);
      // Never retried in front of the others: the next push starts after it.
      const next = await pushHttp(server, t, [op(5, saleOf(t, 'later'))]);
      expect(next.data.results.map((r) => r.status)).toEqual(['applied']);
      expect(await server.storage.recordCounts(t.organisationId)).toMatchObject({ sales: 3, documents: 1, flagged: 1 });
      const board = await server.storage.headOffice.storeTotals(t.organisationId, { from: '2000-01-01', to: '2100-01-01', storeIds: null });
      expect(board[0]?.takingsCents).toBe(750);
      const [problem] = await server.storage.listProblems(t.organisationId, 10);
      expect(problem).toMatchObject({ seq: 2, setAside: true, recordType: 'set-aside' });
      expect(JSON.parse(problem!.payload ?? 'null')).toMatchObject({ type: 'sale', record: { id: 'poison' } });
    } finally {
      await raw.close();
      await server.close();
      await database.cleanup();
    }
  });

  it('flags an audit chain that was rewritten, cut, or altered, once per break', async () => {
    await withServer(engine, async (server) => {
      const t = await seedTenant(server);
      const device = t.till.deviceId;
      const a1 = audit(device, 1, AUDIT_GENESIS_HASH);
      const a2 = audit(device, 2, a1.hash);
      const a3 = audit(device, 3, a2.hash);
      const intact = await pushHttp(server, t, [auditOp(1, a1), auditOp(2, a2), auditOp(3, a3)]);
      expect(intact.data.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

      // The tail (entry 3) was cut at the till, and the chain goes on from entry 2.
      const afterCut = audit(device, 3, a2.hash, 'drawer.open');
      // …then the till's history was rewritten and every hash recomputed from a forged entry.
      const forged = audit(device, 5, 'f'.repeat(64), 'shift.close');
      const followsForged = audit(device, 6, forged.hash);
      // …and an entry whose content no longer matches its hash.
      const altered = { ...audit(device, 7, followsForged.hash), action: 'sale.void' };
      const res = await pushHttp(server, t, [auditOp(4, afterCut), auditOp(5, forged), auditOp(6, followsForged), auditOp(7, altered)]);
      expect(res.data.results.map((r) => r.status)).toEqual(['flagged', 'flagged', 'applied', 'flagged']);
      expect(res.data.results[0]!.problems).toEqual(['audit-chain-break:3:expected-4']);
      expect(res.data.results[1]!.problems).toEqual(['audit-chain-break:5:expected-4']);
      expect(res.data.results[3]!.problems).toEqual(['audit-hash-mismatch:7']);
      const [head] = await server.storage.auditHeads(t.organisationId);
      expect(head).toMatchObject({ deviceId: device, sequence: 7, hash: altered.hash, entries: 7, breaks: 3 });
    });
  });
});
