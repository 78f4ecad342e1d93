/**
 * The first pull of a large catalogue into a fresh till survives a kill at any moment (issue 15):
 * a real till in a child process pulls 20,000 products (pages of 200) from the real sync server
 * through a proxy and is SIGKILLed after a given page arrived, while it applies a page, and at
 * random moments, each time restarted on the same data folder. Every restart continues from the
 * cursor the folder holds (never from zero, never skipping), and once finished the till's
 * catalogue (categories, products, variants, barcodes, store prices and the full-text index) is
 * identical to that of a till that pulled the same catalogue without interruption.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Category, Product, StorePrice } from '@cassa/shared';
import type { FaultProxy, ProxiedRequest } from '../../test-support/fault-proxy';
import { startFaultProxy } from '../../test-support/fault-proxy';
import type { RestartableServer } from '../../test-support/sync-server-harness';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { TillCore } from '../src/core';
import { bundleChild, runChild } from './sync/child-till';
import type { ChildTill } from './sync/child-till';
import { until } from '../../test-support/until';
import { drain, openTill, orgId, pairingCode, seedHeadOffice, storeId } from './sync/till-kit';

const productCount = 20_000;
const pageSize = 200;

let bundle: { path: string; remove(): void };
beforeAll(async () => {
  bundle = await bundleChild('sync-first-pull-resume-child');
});
afterAll(() => bundle.remove());

let work: string;
let server: RestartableServer;
let proxy: FaultProxy;
const cores: TillCore[] = [];
const children: ChildTill[] = [];

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'cassa-first-pull-'));
  server = await startRestartableServer({ engine: 'sqlite' });
  await seedHeadOffice(server.server);
  await seedLargeCatalogue();
  proxy = await startFaultProxy({ upstreamPort: server.port, seed: 15, plan: { rate: 0, maxFaults: 0, maxDelayMs: 0, kinds: [] } });
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

/** Product `i` of the large catalogue: every fifth with three sizes, each variant with a barcode. */
function largeProduct(i: number): Product {
  const id = `rp-${String(i).padStart(5, '0')}`;
  const sizes = i % 5 === 0 ? ['S', 'M', 'L'] : [null];
  return {
    id,
    sku: id.toUpperCase(),
    name: `Articolo ${i} ${['caffè', 'pasta', 'olio', 'vino', 'sapone'][i % 5]} lotto${i % 113}`,
    categoryId: `rc-${i % 40}`,
    vatCode: i % 3 === 0 ? '10' : '22',
    unit: i % 11 === 0 ? 'kg' : 'piece',
    priceCents: 100 + (i % 900),
    axes: sizes[0] ? [{ name: 'taglia', values: ['S', 'M', 'L'] }] : [],
    variants: sizes.map((size, k) => ({
      id: `${id}-v${k}`,
      sku: `${id}-v${k}`,
      barcodes: [`20${String(i * 3 + k).padStart(10, '0')}`],
      options: size ? { taglia: size } : ({} as Record<string, string>),
      priceCents: size === 'L' ? 200 + i : null,
      active: i % 97 !== 0 || k === 0,
    })),
    active: i % 211 !== 0,
  };
}

/** 20,000 products in 40 categories, a store price on every seventh. */
async function seedLargeCatalogue(): Promise<void> {
  const categories: Category[] = Array.from({ length: 40 }, (_, i) => ({ id: `rc-${i}`, name: `Reparto ${i}`, parentId: null }));
  await server.server.admin.upsertCategories(orgId, categories);
  const products = Array.from({ length: productCount }, (_, i) => largeProduct(i));
  const prices: StorePrice[] = products.filter((_, i) => i % 7 === 0).map((p, k) => ({ storeId, variantId: `${p.id}-v0`, priceCents: 50 + ((k * 7) % 300) }));
  for (let at = 0; at < products.length; at += 2_000) await server.server.admin.upsertProducts(orgId, products.slice(at, at + 2_000));
  await server.server.admin.upsertStorePrices(orgId, prices);
}

/**
 * Head office edits while a till is halfway through its snapshot: products it already holds and
 * products still ahead of its cursor are renamed, change barcodes, have a variant or themselves
 * deactivated, and store prices change. (Not a removed variant: a till that held it keeps it as an
 * inactive row for its sales' history, which a till that never saw it cannot have.)
 */
async function editHeadOffice(): Promise<void> {
  const edited = [100, 5, 10_000, 15_005, 19_999].map((i) => {
    const p = largeProduct(i);
    return { ...p, name: `Rinominato ${i} tè verde`, variants: p.variants.map((v, k) => ({ ...v, barcodes: [`99${v.barcodes[0]!.slice(2)}`], active: k !== 1 })) };
  });
  edited.push({ ...largeProduct(300), active: false }, { ...largeProduct(12_001), active: false });
  await server.server.admin.upsertProducts(orgId, edited);
  await server.server.admin.upsertStorePrices(orgId, [
    { storeId, variantId: 'rp-00007-v0', priceCents: 999 },
    { storeId, variantId: 'rp-18004-v0', priceCents: 1_234 },
  ]);
}

interface PullRequest {
  readonly stream: string;
  readonly cursor: string | null;
}

/** Every pull request goes out with the small page size; catalogue pulls are recorded. */
function recordPulls(): PullRequest[] {
  const pulls: PullRequest[] = [];
  proxy.onRequest = (request: ProxiedRequest) => {
    if (request.path !== '/v1/pull' || !request.json || typeof request.json !== 'object') return;
    const body = request.json as { stream: string; cursor: string | null };
    if (body.stream === 'catalogue') pulls.push({ stream: body.stream, cursor: body.cursor });
    return Buffer.from(JSON.stringify({ ...body, limit: pageSize }));
  };
  return pulls;
}

/** Requests for a snapshot page (the first, or one continuing a snapshot), not for later changes. */
const snapshotPages = (pulls: readonly PullRequest[]) => pulls.filter((p) => p.cursor === null || p.cursor.startsWith('s')).length;

function child(config: Record<string, unknown>): ChildTill {
  const c = runChild(bundle.path, config);
  children.push(c);
  return c;
}

function catalogueCursor(dir: string): string | null {
  const db = new Database(join(dir, 'till.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare("SELECT cursor FROM sync_cursors WHERE stream = 'catalogue'").get() as { cursor: string } | undefined)?.cursor ?? null;
  } finally {
    db.close();
  }
}

/** Pairs (or reopens) an in-process till and pulls until the catalogue stream is caught up. */
async function finishPull(dir: string, pair: boolean): Promise<void> {
  const core = await openTill(dir);
  cores.push(core);
  if (pair) await core.services.sync.pair(proxy.url, await pairingCode(server.server));
  await until(() => core.services.sync.state().paired, (paired) => paired, 10_000, 'the sync client to start');
  await drain(core);
  await core.services.sync.syncNow();
  expect(core.services.sync.state().lastError).toBeNull();
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

/**
 * The catalogue as the till holds it, independent of insertion order: every row of the catalogue
 * tables, and what the full-text index finds (product ids) for every name word and code prefix.
 */
function dumpCatalogue(dir: string): Record<string, unknown> {
  const db = new Database(join(dir, 'till.db'));
  try {
    // The FTS index is consistent with itself (a contentless table checks its own structure).
    db.prepare("INSERT INTO product_search (product_search) VALUES ('integrity-check')").run();
    const all = (sql: string) => db.prepare(sql).all();
    const search = db.prepare(`SELECT p.id FROM product_search s JOIN products p ON p.rowid = s.rowid WHERE product_search MATCH ? ORDER BY p.id`).pluck();
    const queries = ['caffe', 'pasta', 'olio', 'vino', 'sapone', 'articolo', 'lotto7', 'lotto112', 'RP', '1234', '2000', '20000000004*', 'rp 19999', 'rinominato te', '99*', 'lotto100'];
    return {
      categories: all('SELECT id, name, parent_id FROM categories ORDER BY id'),
      products: all('SELECT id, sku, name, category_id, vat_code, unit, price_cents, axes, active FROM products ORDER BY id'),
      variants: all('SELECT id, product_id, sku, options, price_cents, active, position FROM variants ORDER BY id'),
      barcodes: all('SELECT code, variant_id FROM barcodes ORDER BY code'),
      storePrices: all('SELECT variant_id, price_cents FROM store_prices ORDER BY variant_id'),
      searchRows: db.prepare('SELECT count(*) FROM product_search').pluck().get(),
      searchOrphans: db.prepare('SELECT count(*) FROM product_search s LEFT JOIN products p ON p.rowid = s.rowid WHERE p.id IS NULL').pluck().get(),
      search: Object.fromEntries(queries.map((q) => [q, search.all(q)])),
    };
  } finally {
    db.close();
  }
}

describe('the first pull of a large catalogue', () => {
  it('killed after a page arrived, while applying a page and at random moments: every restart continues, and the result is identical', { timeout: 120_000 }, async () => {
    const pulls = recordPulls();

    // The reference: a fresh till that pulls the whole catalogue without interruption.
    const reference = join(work, 'reference');
    await finishPull(reference, true);
    const uninterruptedPages = snapshotPages(pulls);
    expect(uninterruptedPages).toBeGreaterThanOrEqual(productCount / pageSize);
    expect((dumpCatalogue(reference).products as unknown[]).length).toBeGreaterThan(productCount);
    pulls.length = 0;

    const dir = join(work, 'till');
    const kills: { how: string; cursorAtKill: string | null; firstAfterRestart?: string | null }[] = [];
    // 1. Killed the moment the answer to its eighth catalogue page reached the proxy.
    let answered = 0;
    let first: ChildTill | null = null;
    proxy.onAnswer = (request) => {
      if (request.path === '/v1/pull' && (request.json as { stream?: string }).stream === 'catalogue' && ++answered === 8) first?.child.kill('SIGKILL');
    };
    first = child({ dataDir: dir, target: 0, pair: { url: proxy.url, code: await pairingCode(server.server) } });
    expect((await first.exited).signal).toBe('SIGKILL');
    proxy.onAnswer = null;
    kills.push({ how: 'after page 8 arrived', cursorAtKill: catalogueCursor(dir) });
    await editHeadOffice();

    // 2. Killed inside a page's transaction, after 130 of its products were written; then at
    //    random moments (seeded, so a failure replays).
    const restarts: { config: Record<string, unknown>; delayMs?: number }[] = [
      { config: { mode: 'kill-in-pull', killAfterUpserts: 3 * pageSize + 130 } },
      ...[0.31, 0.77, 0.12, 0.55].map((r) => ({ config: {}, delayMs: Math.round(150 + r * 900) })),
    ];
    for (const restart of restarts) {
      const before = pulls.length;
      const c = child({ dataDir: dir, target: 0, ...restart.config });
      if (restart.delayMs !== undefined) {
        await c.waitFor('ready');
        await new Promise((resolve) => setTimeout(resolve, restart.delayMs));
        await c.kill();
      }
      const exit = await c.exited;
      // Killed before it asked for anything (a slow start): that run interrupted no pull.
      if (pulls.length === before && exit.signal === 'SIGKILL') continue;
      kills[kills.length - 1]!.firstAfterRestart = pulls[before]?.cursor ?? null;
      if (exit.signal !== 'SIGKILL') break; // it finished before the kill: nothing left to interrupt
      kills.push({ how: restart.delayMs === undefined ? 'mid-page' : `after ${restart.delayMs} ms`, cursorAtKill: catalogueCursor(dir) });
    }

    // The last run finishes the pull (or, if a child already did, finds nothing more) in this process.
    const beforeLast = pulls.length;
    await finishPull(dir, false);
    const lastKill = kills[kills.length - 1]!;
    lastKill.firstAfterRestart ??= pulls[beforeLast]?.cursor ?? null;

    // Each restart asked for the page after the one its folder had committed: nothing repeated
    // from zero, nothing skipped.
    expect(kills.map((k) => k.how)).toContain('mid-page');
    // At least three kills landed while the snapshot was under way (`s2.` cursors, sync-cursor.ts).
    expect(kills.filter((k) => k.cursorAtKill?.startsWith('s2.')).length, JSON.stringify(kills)).toBeGreaterThanOrEqual(3);
    for (const kill of kills) {
      expect(kill.cursorAtKill, kill.how).not.toBeNull();
      expect(kill.firstAfterRestart, kill.how).toBe(kill.cursorAtKill);
    }
    // All runs together asked for at most two pages more per kill than the uninterrupted pull:
    // the page being applied and the one read ahead (pull-loop.ts), both asked for again.
    expect(snapshotPages(pulls)).toBeLessThanOrEqual(uninterruptedPages + 2 * kills.length);
    expect(pulls.filter((p) => p.cursor === null)).toHaveLength(1);

    // The uninterrupted till hears of the same edits the usual way, after its own pull.
    await finishPull(reference, false);
    const expected = dumpCatalogue(reference);
    expect(expected.search).toMatchObject({ 'rinominato te': ['rp-00005', 'rp-00100', 'rp-10000', 'rp-15005', 'rp-19999'] });
    expect(dumpCatalogue(dir)).toEqual(expected);
  });
});
