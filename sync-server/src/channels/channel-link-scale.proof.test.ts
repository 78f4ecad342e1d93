/**
 * Proof (issue 18): the first link of a catalogue of 10,000 products × 3 variants against 30,000
 * remote items, on both engines, with batched writes. Heavy: runs when CASSA_CHANNEL_SCALE=1.
 * Time is not asserted. Measured on this 2-core machine (shared with other work): SQLite 4.9 s,
 * PostgreSQL 5.7 s for the first link, of which some 4 s are the PrestaShop bucket's own waits
 * (30 pages of 1,000 at 5 requests/s after a burst of 10).
 */
import { describe, expect, it } from 'vitest';
import { catalogueProduct, channelWorldPerTest } from '../../test/channel-world';
import { engines } from '../../test/fixtures';
import { linkAccount } from './channel-link';
import { FakeRemote } from './testing/fake-connector';

const PRODUCTS = 10_000;

describe.skipIf(process.env.CASSA_CHANNEL_SCALE !== '1').each(engines)('first link at scale on $name', (engine) => {
  const start = channelWorldPerTest(engine, (kind) => new FakeRemote(kind));

  it('links 30,000 variants', { timeout: 600_000 }, async () => {
    const products = Array.from({ length: PRODUCTS }, (_, p) => catalogueProduct(`p${p}`, [{ sku: `S${p}-A` }, { sku: `S${p}-B` }, { sku: `S${p}-C` }]));
    const world = await start({ products: products.slice(0, 1) });
    for (let i = 1; i < PRODUCTS; i += 1000) await world.admin.upsertProducts(world.organisationId, products.slice(i, i + 1000));
    world.remote.pageSize = 1000;
    world.remote.seed(products.flatMap((p) => p.variants.map((v, n) => ({ remoteProductId: p.id, remoteVariantId: String(n), sku: v.sku, barcode: null, quantity: 0 }))));
    const account = await world.connect();
    const started = performance.now();
    const counts = await linkAccount(world.runtime(), account);
    const firstMs = performance.now() - started;
    const again = performance.now();
    await linkAccount(world.runtime(), account);
    const secondMs = performance.now() - again;
    expect(counts).toEqual({ matched: 30_000, unmatched: 0, conflicting: 0, remoteOnly: 0 });
    console.log(`[channel link scale] ${engine.name}: first link ${Math.round(firstMs)} ms, second ${Math.round(secondMs)} ms (30 listing pages, rate-limited at 5/s after a burst of 10)`);
  });
});
