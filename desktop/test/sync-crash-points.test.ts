/**
 * Crash points of replication (issue 6), each on a real till (the real core, its SQLite file and
 * its TillSyncStore) against the real sync server, through a proxy that can hold, drop or rewrite
 * requests:
 * - killed before the push: sales committed, nothing reached head office; after restart each
 *   arrives once;
 * - the server committed a push but its answer was lost and the till was killed at that moment:
 *   the retry after restart comes back `duplicate` for every op already held, nothing twice;
 * - killed halfway through applying a pulled catalogue page: after restart neither the page's rows
 *   nor its cursor are there; the next pull applies the page once;
 * - `PRAGMA wal_checkpoint(TRUNCATE)` after every sale racing SIGKILL, many times: the file stays
 *   whole and every reported sale reaches head office once;
 * - a till one protocol version behind the server: a clear SYNC_VERSION_MISMATCH (HTTP 426,
 *   "update the till"), nothing stored, nothing lost; after the upgrade everything goes up once.
 * And clock skew: tills a day ahead and a day behind (and one whose clock jumps back) sell and
 * sync; every sale arrives once and head-office changes reach them, since neither pushes nor pulls
 * order anything by till clocks.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@cassa/shared';
import type { Product } from '@cassa/shared';
import type { FaultProxy } from '../../test-support/fault-proxy';
import { startFaultProxy } from '../../test-support/fault-proxy';
import type { RestartableServer } from '../../test-support/sync-server-harness';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { TillCore } from '../src/core';
import { bundleChild, runChild } from './sync/child-till';
import type { ChildTill } from './sync/child-till';
import { until } from '../../test-support/until';
import { drain, openTill, orgId, pairingCode, readTill, seedHeadOffice, sellOne, storeId } from './sync/till-kit';

let bundle: { path: string; remove(): void };
beforeAll(async () => {
  bundle = await bundleChild('sync-crash-points-child');
});
afterAll(() => bundle.remove());

let work: string;
let server: RestartableServer;
let proxy: FaultProxy;
const cores: TillCore[] = [];
const children: ChildTill[] = [];

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'cassa-sync-crash-'));
  server = await startRestartableServer({ engine: 'sqlite' });
  await seedHeadOffice(server.server);
  proxy = await startFaultProxy({ upstreamPort: server.port, seed: 7, plan: { rate: 0, maxFaults: 0, maxDelayMs: 0, kinds: [] } });
  proxy.faults = false;
});
afterEach(async () => {
  proxy.onRequest = null;
  proxy.onAnswer = null;
  for (const child of children.splice(0)) await child.kill();
  for (const core of cores.splice(0)) await core.close();
  await proxy.close();
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function open(dir: string, options: Parameters<typeof openTill>[1] = {}): Promise<TillCore> {
  const core = await openTill(dir, options);
  cores.push(core);
  return core;
}

async function close(core: TillCore): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

function child(config: Record<string, unknown>): ChildTill {
  const c = runChild(bundle.path, config);
  children.push(c);
  return c;
}

const deviceOf = (request: { json: unknown }) => (request.json as { deviceId?: string } | null)?.deviceId;
const carriesSale = (request: { json: unknown }) => ((request.json as { ops?: { record: { type: string } }[] } | null)?.ops ?? []).some((o) => o.record.type === 'sale');

/** Head office holds exactly the till's sales, each once, and every op of its outbox. */
async function expectExactlyOnce(dir: string): Promise<void> {
  const till = readTill(dir);
  const sales = await server.query<{ id: string }>('SELECT id FROM sales WHERE organisation_id = ? AND device_id = ?', [orgId, till.deviceId]);
  expect(sales.map((s) => s.id).sort()).toEqual([...till.saleIds].sort());
  const ops = await server.query<{ n: unknown; distinct_records: unknown; last: unknown }>(
    'SELECT count(*) AS n, count(DISTINCT record_type || record_id) AS distinct_records, max(seq) AS last FROM device_ops WHERE organisation_id = ? AND device_id = ?',
    [orgId, till.deviceId],
  );
  expect(Number(ops[0]?.n)).toBe(till.lastSeq);
  expect(Number(ops[0]?.distinct_records)).toBe(till.lastSeq);
  expect(till.unacknowledged).toBe(0);
}

function integrity(dir: string): string {
  const db = new Database(join(dir, 'till.db'), { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('a till killed at each point of replication', () => {
  it('killed before its first push reached head office: after restart each sale arrives once', { timeout: 60_000 }, async () => {
    const dir = join(work, 'till');
    let device: string | null = null;
    let held = 0;
    proxy.onRequest = (request) => {
      if (request.path === '/v1/push' && deviceOf(request) === device) {
        held++;
        return 'hold';
      }
    };
    const c = child({ dataDir: dir, target: 40, pair: { url: proxy.url, code: await pairingCode(server.server) } });
    device = (await c.waitFor('device ')).slice(7);
    await until(() => c.reported().length, (n) => n >= 30, 30_000, 'thirty sales');
    await c.kill();
    expect(held).toBeGreaterThan(0);
    expect(await server.query('SELECT id FROM sales WHERE device_id = ?', [device])).toEqual([]);
    proxy.onRequest = null;

    const core = await open(dir);
    await drain(core);
    const sales = readTill(dir).saleIds;
    for (const id of c.reported()) expect(sales).toContain(id);
    await expectExactlyOnce(dir);
  });

  it('killed after head office committed its push but before the answer arrived: the retry is a duplicate', { timeout: 60_000 }, async () => {
    const dir = join(work, 'till');
    let device: string | null = null;
    let committed: { seq: number; status: string }[] = [];
    let c: ChildTill | null = null;
    // The first push that carries a sale (earlier ones carry the demo seeding) is the one cut.
    proxy.dropResponses((request) => request.path === '/v1/push' && deviceOf(request) === device && carriesSale(request), 1);
    proxy.onAnswer = (request, answer) => {
      if (request.path !== '/v1/push' || deviceOf(request) !== device || !carriesSale(request) || committed.length > 0) return;
      committed = (JSON.parse(answer.body.toString()) as { data: { results: { seq: number; status: string }[] } }).data.results;
      // The server has committed; the till dies before it hears so.
      c?.child.kill('SIGKILL');
    };
    c = child({ dataDir: dir, target: 60, pair: { url: proxy.url, code: await pairingCode(server.server) } });
    device = (await c.waitFor('device ')).slice(7);
    const exit = await c.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.every((r) => r.status === 'applied' || r.status === 'flagged')).toBe(true);
    // The till still holds those ops as unacknowledged.
    const before = readTill(dir);
    expect(before.unacknowledged).toBeGreaterThanOrEqual(committed.length);
    const committedSales = await server.query('SELECT id FROM sales WHERE device_id = ?', [device!]);
    expect(committedSales.length).toBeGreaterThan(0);

    const answers: { seq: number; status: string }[][] = [];
    proxy.onAnswer = (request, answer) => {
      if (request.path === '/v1/push') answers.push((JSON.parse(answer.body.toString()) as { data: { results: { seq: number; status: string }[] } }).data.results);
    };
    const core = await open(dir);
    await drain(core);
    const retried = answers.flat().filter((r) => committed.some((k) => k.seq === r.seq));
    expect(retried.map((r) => r.seq)).toEqual(committed.map((r) => r.seq));
    expect(new Set(retried.map((r) => r.status))).toEqual(new Set(['duplicate']));
    for (const id of c.reported()) expect(readTill(dir).saleIds).toContain(id);
    await expectExactlyOnce(dir);
  });

  it('killed halfway through applying a pulled page: neither the rows nor the cursor survive, and the page is applied once after restart', { timeout: 60_000 }, async () => {
    const extra: Product[] = Array.from({ length: 300 }, (_, i) => {
      const id = `pp-${String(i).padStart(3, '0')}`;
      return { id, sku: id, name: `Prodotto ${id}`, categoryId: null, vatCode: '22', unit: 'piece', priceCents: 100 + i, axes: [], variants: [{ id: `${id}-v1`, sku: `${id}-v1`, barcodes: [], options: {}, priceCents: null, active: true }], active: true };
    });
    await server.server.admin.upsertProducts(orgId, extra);
    const dir = join(work, 'till');
    const c = child({ dataDir: dir, target: 0, mode: 'kill-in-pull', killAfterUpserts: 150, pair: { url: proxy.url, code: await pairingCode(server.server) } });
    await c.waitFor('killing myself mid-page');
    expect((await c.exited).signal).toBe('SIGKILL');

    const db = new Database(join(dir, 'till.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT cursor FROM sync_cursors WHERE stream = 'catalogue'").get()).toBeUndefined();
      expect((db.prepare("SELECT count(*) AS n FROM products WHERE id LIKE 'pp-%'").get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }

    const core = await open(dir);
    await drain(core);
    await until(() => core.store.db.prepare("SELECT cursor FROM sync_cursors WHERE stream = 'catalogue'").get(), (row) => row !== undefined, 10_000, 'the catalogue cursor');
    const counts = core.store.db.prepare("SELECT count(*) AS n, count(DISTINCT id) AS d FROM products WHERE id LIKE 'pp-%'").get() as { n: number; d: number };
    expect(counts).toEqual({ n: 300, d: 300 });
    expect(core.services.catalogue.findVariant('pp-299-v1')?.priceCents).toBe(399);
    const variants = core.store.db.prepare("SELECT count(*) AS n FROM variants WHERE product_id LIKE 'pp-%'").get() as { n: number };
    expect(variants.n).toBe(300);
  });

  it('a WAL checkpoint racing SIGKILL never damages the file or loses a reported sale', { timeout: 80_000 }, async () => {
    const dir = join(work, 'till');
    const rounds = Number(process.env.CASSA_SYNC_CHECKPOINT_ROUNDS ?? 12);
    const reported = new Set<string>();
    let target = 40;
    let code: string | null = await pairingCode(server.server);
    for (let round = 0; round < rounds; round++) {
      target += 40;
      const c = child({ dataDir: dir, target, mode: 'checkpoint', burst: 1, ...(code ? { pair: { url: proxy.url, code } } : {}) });
      code = null;
      await c.waitFor('ready');
      await new Promise((r) => setTimeout(r, 20 + ((round * 37) % 250)));
      await c.kill();
      for (const id of c.reported()) reported.add(id);
      expect(integrity(dir), `round ${round}`).toBe('ok');
      const sales = new Set(readTill(dir).saleIds);
      for (const id of reported) expect(sales.has(id), `reported sale ${id} lost in round ${round}`).toBe(true);
    }
    expect(reported.size).toBeGreaterThan(rounds);
    const last = child({ dataDir: dir, target: readTill(dir).saleIds.length, mode: 'checkpoint' });
    await last.waitFor('synced');
    expect((await last.exited).code).toBe(0);
    await expectExactlyOnce(dir);
  });

  it('a till one protocol version behind gets a clear SYNC_VERSION_MISMATCH, loses nothing and catches up once upgraded', { timeout: 60_000 }, async () => {
    const dir = join(work, 'till');
    const core = await open(dir);
    await core.services.sync.pair(proxy.url, await pairingCode(server.server));
    await drain(core);
    // From here the till speaks the previous protocol.
    const refusals: { status: number; body: { ok: boolean; error?: { code: string; message: string; details?: { upgrade?: string } } } }[] = [];
    proxy.onRequest = (request) => {
      if (request.path.startsWith('/v1/events')) return Buffer.from(request.path.replace(`protocolVersion=${PROTOCOL_VERSION}`, `protocolVersion=${PROTOCOL_VERSION - 1}`));
      if (!request.json || typeof request.json !== 'object') return;
      return Buffer.from(JSON.stringify({ ...(request.json as object), protocolVersion: PROTOCOL_VERSION - 1 }));
    };
    proxy.onAnswer = (request, answer) => {
      if (answer.status !== 200) refusals.push({ status: answer.status, body: JSON.parse(answer.body.toString()) as (typeof refusals)[number]['body'] });
    };
    const before = readTill(dir);
    const sold = Array.from({ length: 12 }, (_, i) => sellOne(core, i));
    const state = await core.services.sync.syncNow();
    expect(state.pending).toBeGreaterThan(0);
    expect(state.lastError).toBe('This till is older than the server: update the till');
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) {
      expect(refusal.status).toBe(426);
      expect(refusal.body.error).toMatchObject({ code: 'SYNC_VERSION_MISMATCH', details: { upgrade: 'client' } });
    }
    // Nothing stored, nothing corrupted, nothing dropped from the outbox.
    const ops = await server.query<{ n: unknown }>('SELECT count(*) AS n FROM device_ops WHERE device_id = ?', [before.deviceId]);
    expect(Number(ops[0]?.n)).toBe(before.lastSeq);
    const after = readTill(dir);
    expect(after.unacknowledged).toBe(after.lastSeq - before.lastSeq);
    expect(integrity(dir)).toBe('ok');
    for (const id of sold) expect(after.saleIds).toContain(id);
    // The till keeps selling meanwhile.
    sellOne(core, 12);

    proxy.onRequest = null;
    await drain(core);
    await expectExactlyOnce(dir);
  });
});

describe('tills with skewed clocks', () => {
  it('a day ahead, a day behind and one jumping back: every sale arrives once and head-office changes reach all', { timeout: 60_000 }, async () => {
    const day = 24 * 3_600_000;
    const offsets = [day, -day, 0];
    const tills: { core: TillCore; dir: string; offset: { ms: number } }[] = [];
    for (const [i, ms] of offsets.entries()) {
      const offset = { ms };
      const dir = join(work, `till-${i}`);
      const core = await open(dir, { clock: { now: () => new Date(Date.now() + offset.ms) } });
      await core.services.sync.pair(server.url, await pairingCode(server.server));
      tills.push({ core, dir, offset });
    }
    let price = 500;
    for (let round = 0; round < 6; round++) {
      // The first till's clock jumps back two days halfway through.
      if (round === 3) tills[0]!.offset.ms = -2 * day;
      // Tills sell in the opposite order of their clocks: the one furthest behind last.
      for (const [i, t] of tills.entries()) for (let k = 0; k < 5; k++) sellOne(t.core, round * 10 + i + k);
      for (const t of tills) await drain(t.core);
      price++;
      await server.server.admin.upsertStorePrices(orgId, [{ storeId, variantId: 'v-caf250', priceCents: price }]);
      for (const t of tills) {
        await until(
          async () => (await t.core.services.sync.syncNow(), t.core.services.catalogue.findVariant('v-caf250')?.priceCents),
          (p) => p === price,
          10_000,
          `price ${price} on the till ${t.offset.ms / day} days off`,
        );
      }
    }
    for (const t of tills) await expectExactlyOnce(t.dir);
    // Head office keeps each till's own time on the sale (it is that till's fiscal day), and
    // still counts every sale once whatever day the till thought it was.
    const totals = await server.server.admin.dailySalesTotals(orgId, { from: '2000-01-01', to: '2100-01-01' });
    expect(totals.reduce((a, r) => a + r.salesCount, 0)).toBe(6 * 5 * tills.length);
    const days = await server.query<{ d: string }>('SELECT DISTINCT business_day AS d FROM sales WHERE organisation_id = ? ORDER BY d', [orgId]);
    expect(days.length).toBeGreaterThanOrEqual(3);
  });
});
