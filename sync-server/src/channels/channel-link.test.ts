import { describe, expect, it } from 'vitest';
import { decodeLinkNote, encodeLinkNote } from '@cassa/shared';
import { catalogueProduct, channelWorldPerTest } from '../../test/channel-world';
import { engines } from '../../test/fixtures';
import { FakeRemote } from './testing/fake-connector';
import { linkAccount } from './channel-link';
import { reconcileAccount } from './channel-reconcile';

/** A valid EAN-13 from 12 digits. */
function ean13(twelve: string): string {
  const sum = [...twelve].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

describe.each(engines)('first link and reconciliation on $name', (engine) => {
  const start = channelWorldPerTest(engine, (kind) => new FakeRemote(kind));

  it('links 300 variants by SKU, then barcode; finds conflicts, unmatched and remote-only items; a manual link survives the next link', async () => {
    const products = Array.from({ length: 100 }, (_, p) =>
      catalogueProduct(
        `p${p}`,
        [0, 1, 2].map((v) => ({ sku: `SKU-${p}-${v}`, barcodes: p >= 80 && p < 96 ? [ean13(`80${String(p).padStart(3, '0')}${String(v).padStart(7, '0')}`)] : [] })),
      ),
    );
    const world = await start({ products });
    const remote = world.remote;
    remote.pageSize = 37;
    for (let p = 0; p < 80; p++) {
      // Case and spaces differ on the remote: the seller typed them by hand.
      remote.seed([0, 1, 2].map((v) => ({ remoteProductId: `r${p}`, remoteVariantId: String(v), sku: p % 7 === 0 ? ` sku-${p}-${v} ` : `SKU-${p}-${v}`, barcode: null, quantity: 4 })));
    }
    for (let p = 80; p < 90; p++) {
      // No SKU on the remote, the barcode in its UPC/GTIN-14 spelling.
      remote.seed([0, 1, 2].map((v) => ({ remoteProductId: `b${p}`, remoteVariantId: String(v), sku: null, barcode: `0${products[p]!.variants[v]!.barcodes[0]!}`, quantity: 1 })));
    }
    for (let p = 90; p < 95; p++) {
      for (const copy of ['a', 'b']) remote.seed([0, 1, 2].map((v) => ({ remoteProductId: `d${p}${copy}`, remoteVariantId: String(v), sku: `SKU-${p}-${v}`, barcode: null, quantity: 1 })));
    }
    // p95: variant 0 by SKU and variant 1 by barcode both land on one remote item; variant 2 has none.
    remote.seed([{ remoteProductId: 'x95', remoteVariantId: '0', sku: 'SKU-95-0', barcode: products[95]!.variants[1]!.barcodes[0]!, quantity: 1 }]);
    for (let r = 0; r < 20; r++) remote.seed([{ remoteProductId: `only${r}`, remoteVariantId: '0', sku: `WEB-ONLY-${r}`, barcode: null, quantity: 9 }]);
    // A remote answer with a NUL in its title and an absurd quantity is stored cleaned.
    remote.seed([{ remoteProductId: 'weird', remoteVariantId: '0', sku: 'WEIRD', barcode: null, quantity: 1e300 }]);
    remote.items.get('weird\u00000')!.title = 'Bad\u0000title';

    const account = await world.connect();
    const counts = await linkAccount(world.runtime(), account);
    expect(counts).toEqual({ matched: 270, unmatched: 13, conflicting: 17, remoteOnly: 20 + 1 + 30 + 1 });
    const storedCounts = (await world.storage.channels.mappingCounts(world.organisationId)).get(account.id);
    expect(storedCounts).toEqual(counts);

    const mappings = await world.storage.channels.mappings(world.organisationId, account.id);
    expect(mappings.get('p7-v1')).toMatchObject({ state: 'matched', remoteProductId: 'r7', remoteVariantId: '0', detail: encodeLinkNote({ reason: 'sku', values: ['SKU-7-0'] }) });
    expect(mappings.get('p85-v3')).toMatchObject({ state: 'matched', remoteProductId: 'b85', remoteVariantId: '2' });
    expect(decodeLinkNote(mappings.get('p85-v3')!.detail)?.reason).toBe('barcode');
    expect(mappings.get('p92-v1')).toMatchObject({ state: 'conflict', remoteProductId: null });
    expect(decodeLinkNote(mappings.get('p92-v1')!.detail)).toMatchObject({ reason: 'several' });
    expect(decodeLinkNote(mappings.get('p92-v1')!.detail)?.values).toHaveLength(2);
    expect(decodeLinkNote(mappings.get('p95-v1')!.detail)?.reason).toBe('claimed-twice');
    expect(mappings.get('p95-v2')).toMatchObject({ state: 'conflict' });
    expect(mappings.get('p97-v2')).toMatchObject({ state: 'unmatched', detail: encodeLinkNote({ reason: 'no-match', values: ['SKU-97-1'] }) });
    const weird = (await world.storage.channels.remoteItems(world.organisationId, account.id)).find((i) => i.remoteProductId === 'weird')!;
    expect(weird).toMatchObject({ title: 'Badtitle', quantity: null });

    // Every matched variant got a stock job (the first link sends the quantities of the moment).
    const jobs = (await world.storage.channels.jobs.list(world.organisationId, account.id)).filter((j) => j.kind === 'stock');
    expect(jobs).toHaveLength(270);

    // The owner links p96's first variant by hand to a web-only item: the next link keeps it.
    const manual = mappings.get('p96-v1')!;
    await world.storage.channels.putMappings(
      world.organisationId,
      account.id,
      [{ ...manual, state: 'matched', remoteProductId: 'only3', remoteVariantId: '0', remoteSku: 'WEB-ONLY-3', detail: encodeLinkNote({ reason: 'by-hand', values: [] }), manual: true }],
      world.now(),
    );
    const again = await linkAccount(world.runtime(), account);
    expect(again).toEqual({ matched: 271, unmatched: 12, conflicting: 17, remoteOnly: 51 });
    expect((await world.storage.channels.mappings(world.organisationId, account.id, ['p96-v1'])).get('p96-v1')).toMatchObject({ manual: true, remoteProductId: 'only3' });
  });

  it('the nightly reconciliation queues a stock job for every drifted item and re-resolves a vanished id', async () => {
    const world = await start();
    world.remote.seed([
      { remoteProductId: '7', remoteVariantId: '71', sku: 'SH-S', barcode: null, quantity: 0 },
      { remoteProductId: '7', remoteVariantId: '72', sku: 'SH-M', barcode: null, quantity: 0 },
      { remoteProductId: '7', remoteVariantId: '73', sku: 'SH-L', barcode: null, quantity: 0 },
    ]);
    const account = await world.connect();
    await linkAccount(world.runtime(), account);
    await world.push([
      { variantId: 'shirt-v1', units: 4 },
      { variantId: 'shirt-v2', units: 4 },
      { variantId: 'shirt-v3', units: 4 },
    ]);
    world.clock = new Date(world.clock.getTime() + 1000);
    const worker = world.worker();
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-M')).toBe(4);
    // Someone edits a quantity on the shop, and a combination is saved again under a new id.
    world.remote.items.get('7\u000072')!.quantity = 40;
    const fresh = world.remote.recreate('73');
    world.remote.items.get(`7\u0000${fresh}`)!.quantity = 0;
    const outcome = await reconcileAccount(world.runtime(), account, world.runtime().connector(account));
    expect(outcome).toEqual({ checked: 3, fixed: 2, unmatched: 0 });
    await worker.runOnce();
    expect(world.remote.quantityOfSku('SH-M')).toBe(4);
    expect(world.remote.quantityOfSku('SH-L')).toBe(4);
    expect((await world.storage.channels.getAccount(world.organisationId, account.id))!.lastReconcileAt).toBe(world.clock.toISOString());
  });
});
