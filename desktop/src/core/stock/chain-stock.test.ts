/**
 * Stock across stores (issue 17), on real tills paired to a real head office on both engines:
 * a transfer from Milano to Roma reaches the Roma tills only, is received there by scanning, head
 * office closes it with what was counted, and the till's and head office's stock agree; the races
 * (head office's "received" button and a till, a cancelled transfer scanned offline, two tills
 * receiving it) never count the goods twice; `stock.elsewhere` shows only the till's organisation.
 */
import { rmSync } from 'node:fs';
import { demoCatalogue, demoEan } from '../demo/demo-shop';
import { afterEach, describe, expect, it } from 'vitest';
import { serverPerSuite } from '../../../../test-support/engine-server';
import { createTestTill } from '../testing/test-till';
import type { TestTill } from '../testing/test-till';

const catalogue = demoCatalogue();
/** The first two simple demo items: EAN 1 and 2. */
const [first, second] = catalogue.products.filter((p) => p.variants[0]!.barcodes.length > 0);
const v1 = first!.variants[0]!.id;
const v2 = second!.variants[0]!.id;
const ean1 = first!.variants[0]!.barcodes[0]!;
const ean2 = second!.variants[0]!.barcodes[0]!;

/** A till whose network a test can cut. */
interface Till extends TestTill {
  online: boolean;
  token: string;
}

describe.each(['sqlite', 'postgres'] as const)('stock across stores on %s', (engine) => {
  const suite = serverPerSuite(engine);
  let run = 0;
  const tills: Till[] = [];

  afterEach(async () => {
    for (const till of tills.splice(0)) await till.dispose();
  });

  async function organisation(): Promise<string> {
    const org = `org-${engine}-${++run}`;
    await suite.server.admin.createOrganisation({ id: org, name: 'Catena' });
    await suite.server.admin.upsertStore(org, { id: 'milano', name: 'Milano', addressLines: [], vatNumber: '' });
    await suite.server.admin.upsertStore(org, { id: 'roma', name: 'Roma', addressLines: [], vatNumber: '' });
    await suite.server.admin.upsertCategories(org, catalogue.categories);
    await suite.server.admin.upsertProducts(org, catalogue.products);
    return org;
  }

  async function till(org: string, storeId: string): Promise<Till> {
    const state = { online: true };
    const guarded: typeof fetch = (input, init) => (state.online ? fetch(input, init) : Promise.reject(new Error('cable pulled')));
    const test = createTestTill({ fetch: guarded });
    await suite.server.admin.upsertUsers(org, test.core.services.users.exportAll());
    const { code } = await suite.server.admin.createPairingCode(org, storeId);
    await test.core.services.sync.pair(suite.baseUrl, code);
    await test.core.services.sync.syncNow();
    const token = await test.login('user-giulia', '1111');
    const result = Object.assign(test, { token }) as Till;
    Object.defineProperty(result, 'online', { get: () => state.online, set: (v: boolean) => (state.online = v) });
    tills.push(result);
    return result;
  }

  async function send(org: string, id: string, lines: { variantId: string; quantityMilli: number }[]) {
    return suite.server.storage.stockTransfers.create({ organisationId: org, id, fromStoreId: 'milano', toStoreId: 'roma', note: 'Riassortimento', lines, userId: 'owner', now: new Date() });
  }

  /** Head office's on hand per store for a variant. */
  async function headOffice(org: string, variantId: string): Promise<Record<string, number>> {
    const stores = (await suite.server.storage.stockTransfers.onHandByStore(org, variantId)) ?? [];
    return Object.fromEntries(stores.map((s) => [s.storeId, s.onHandMilli]));
  }

  const onHand = (t: Till, variantId: string) => t.core.services.stock.onHand(variantId);
  /** Pushes and pulls; a pulled users stream ends the cashier's session, so she logs in again. */
  const sync = async (t: Till) => {
    await t.core.services.sync.syncNow();
    expect(t.core.services.sync.state().pending).toBe(0);
    t.token = await t.login('user-giulia', '1111');
  };

  it('reaches the Roma till only, is received by scanning with a short count, and both sides agree', async () => {
    const org = await organisation();
    const roma = await till(org, 'roma');
    const milano = await till(org, 'milano');
    const otherOrg = await organisation();
    const stranger = await till(otherOrg, 'roma');
    await send(org, 'tr-1', [{ variantId: v1, quantityMilli: 5_000 }, { variantId: v2, quantityMilli: 2_000 }]);
    for (const t of [roma, milano, stranger]) await sync(t);

    expect((await roma.call('transfers.incoming', {}, roma.token)).map((t) => [t.id, t.status, t.fromStoreName])).toEqual([['tr-1', 'in-transit', 'Milano']]);
    expect(await milano.call('transfers.incoming', {}, milano.token)).toEqual([]);
    expect(await stranger.call('transfers.incoming', {}, stranger.token)).toEqual([]);

    // Scanning: a barcode names its line; an item not sent is refused with the reason the screen words.
    expect(await roma.call('transfers.scan', { transferId: 'tr-1', code: ean1 }, roma.token)).toMatchObject({ variantId: v1 });
    const unexpected = await roma.raw('transfers.scan', { transferId: 'tr-1', code: demoEan(7) }, roma.token);
    expect(unexpected).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await stranger.raw('transfers.scan', { transferId: 'tr-1', code: ean1 }, stranger.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const before = { roma: onHand(roma, v1), milano: onHand(milano, v1), roma2: onHand(roma, v2) };
    const received = await roma.call('transfers.receive', { transferId: 'tr-1', lines: [{ variantId: v1, quantityMilli: 4_000 }, { variantId: v2, quantityMilli: 2_000 }] }, roma.token);
    expect(received.receivedHereAt).not.toBeNull();
    expect(onHand(roma, v1)).toBe(before.roma + 4_000);
    // Twice at one till is refused.
    expect(await roma.raw('transfers.receive', { transferId: 'tr-1', lines: [{ variantId: v1, quantityMilli: 1_000 }] }, roma.token)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await sync(roma);

    const closed = await suite.server.storage.stockTransfers.get(org, 'tr-1');
    expect(closed).toMatchObject({ status: 'received', receivedByRegister: roma.core.services.context.deviceId, problem: null });
    expect(closed!.receivedLines).toEqual(expect.arrayContaining([{ variantId: v1, quantityMilli: 4_000 }, { variantId: v2, quantityMilli: 2_000 }]));
    const levels = await headOffice(org, v1);
    expect(levels.roma).toBe(onHand(roma, v1));
    expect(levels.milano).toBe(before.milano - 5_000);
    expect((await headOffice(org, v2)).roma).toBe(onHand(roma, v2));
    // Head office's button after the till: refused, nothing booked again.
    await expect(suite.server.storage.stockTransfers.close(org, 'tr-1', 'receive', 'owner', new Date())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await headOffice(org, v1)).roma).toBe(onHand(roma, v1));
    // The other organisation's figures for the same variant id are its own.
    expect(await headOffice(otherOrg, v1)).toEqual({ roma: onHand(stranger, v1) });
  }, 60_000);

  it('received at head office and then at an offline till: the till count stands, head office takes its own leg back', async () => {
    const org = await organisation();
    const roma = await till(org, 'roma');
    await send(org, 'tr-2', [{ variantId: v1, quantityMilli: 3_000 }]);
    await sync(roma);
    roma.online = false;
    await suite.server.storage.stockTransfers.close(org, 'tr-2', 'receive', 'owner', new Date());
    await roma.call('transfers.receive', { transferId: 'tr-2', lines: [{ variantId: v1, quantityMilli: 3_000 }] }, roma.token);
    roma.online = true;
    await sync(roma);
    expect(await suite.server.storage.stockTransfers.get(org, 'tr-2')).toMatchObject({ status: 'received', problem: 'received-at-head-office-and-till' });
    expect((await headOffice(org, v1)).roma).toBe(onHand(roma, v1));
    // A repeated push (the same ops again) changes nothing.
    await sync(roma);
    expect((await headOffice(org, v1)).roma).toBe(onHand(roma, v1));
  }, 60_000);

  it('cancelled at head office while a till offline receives it: the goods are where they were counted', async () => {
    const org = await organisation();
    const roma = await till(org, 'roma');
    const milano = await till(org, 'milano');
    await send(org, 'tr-3', [{ variantId: v1, quantityMilli: 2_000 }]);
    await sync(roma);
    roma.online = false;
    await suite.server.storage.stockTransfers.close(org, 'tr-3', 'cancel', 'owner', new Date());
    await roma.call('transfers.receive', { transferId: 'tr-3', lines: [{ variantId: v1, quantityMilli: 2_000 }] }, roma.token);
    roma.online = true;
    await sync(roma);
    expect(await suite.server.storage.stockTransfers.get(org, 'tr-3')).toMatchObject({ status: 'received', problem: 'received-after-cancel' });
    const levels = await headOffice(org, v1);
    expect(levels.roma).toBe(onHand(roma, v1));
    expect(levels.milano).toBe(onHand(milano, v1) - 2_000);
    // Once the till hears of the cancellation, a scan-less receipt of it is refused there.
    const listed = await roma.call('transfers.incoming', {}, roma.token);
    expect(listed.find((t) => t.id === 'tr-3')).toMatchObject({ status: 'received' });
  }, 60_000);

  it('a cancelled transfer the till already knows of is refused at the till', async () => {
    const org = await organisation();
    const roma = await till(org, 'roma');
    await send(org, 'tr-4', [{ variantId: v1, quantityMilli: 1_000 }]);
    await suite.server.storage.stockTransfers.close(org, 'tr-4', 'cancel', 'owner', new Date());
    await sync(roma);
    const refused = await roma.raw('transfers.receive', { transferId: 'tr-4', lines: [{ variantId: v1, quantityMilli: 1_000 }] }, roma.token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  }, 60_000);

  it('two Roma tills receive the same transfer offline: the first to reach head office counts, the second is taken back', async () => {
    const org = await organisation();
    const a = await till(org, 'roma');
    const b = await till(org, 'roma');
    await send(org, 'tr-5', [{ variantId: v1, quantityMilli: 6_000 }]);
    await sync(a);
    await sync(b);
    const seeded = (await headOffice(org, v1)).roma!;
    a.online = false;
    b.online = false;
    await a.call('transfers.receive', { transferId: 'tr-5', lines: [{ variantId: v1, quantityMilli: 6_000 }] }, a.token);
    await b.call('transfers.receive', { transferId: 'tr-5', lines: [{ variantId: v1, quantityMilli: 5_000 }] }, b.token);
    a.online = true;
    b.online = true;
    await sync(a);
    await sync(b);
    const closed = await suite.server.storage.stockTransfers.get(org, 'tr-5');
    expect(closed).toMatchObject({ status: 'received', receivedByRegister: a.core.services.context.deviceId, problem: 'received-twice' });
    expect(closed!.receivedLines).toEqual([{ variantId: v1, quantityMilli: 6_000 }]);
    expect((await headOffice(org, v1)).roma).toBe(seeded + 6_000);
  }, 60_000);

  it('refuses hostile receipts without booking anything, and a receipt survives a restart', async () => {
    const org = await organisation();
    const roma = await till(org, 'roma');
    await send(org, 'tr-7', [{ variantId: v1, quantityMilli: 2_000 }]);
    await sync(roma);
    const before = { stock: onHand(roma, v1), pending: roma.core.services.sync.state().pending };
    const refused = async (input: unknown, code: string) => expect(await roma.raw('transfers.receive', input, roma.token)).toMatchObject({ ok: false, error: { code } });
    await refused({ transferId: 'tr-7', lines: [{ variantId: v2, quantityMilli: 1_000 }] }, 'VALIDATION');
    await refused({ transferId: 'tr-7', lines: [{ variantId: v1, quantityMilli: 2_000_000_000 }] }, 'VALIDATION');
    await refused({ transferId: 'tr-7', lines: [{ variantId: v1, quantityMilli: -1_000 }] }, 'VALIDATION');
    await refused({ transferId: 'tr-7', lines: [{ variantId: v1, quantityMilli: 0 }] }, 'VALIDATION');
    await refused({ transferId: 'tr-7\u0000', lines: [{ variantId: v1, quantityMilli: 1_000 }] }, 'VALIDATION');
    await refused({ transferId: 'tr-of-another-store', lines: [{ variantId: v1, quantityMilli: 1_000 }] }, 'NOT_FOUND');
    expect({ stock: onHand(roma, v1), pending: roma.core.services.sync.state().pending }).toEqual(before);

    // The same variant on two lines is one count; over what was sent is what was counted.
    roma.online = false;
    await roma.call('transfers.receive', { transferId: 'tr-7', lines: [{ variantId: v1, quantityMilli: 2_000 }, { variantId: v1, quantityMilli: 1_000 }] }, roma.token);
    expect(onHand(roma, v1)).toBe(before.stock + 3_000);
    // The till stops (its data folder kept) and starts again.
    await roma.core.close();
    tills.splice(tills.indexOf(roma), 1);
    roma.online = true;
    const again = roma.reopen();
    try {
      const token = await again.login('user-giulia', '1111');
      expect((await again.call('transfers.incoming', {}, token)).find((t) => t.id === 'tr-7')?.receivedHereAt).not.toBeNull();
      expect(await again.raw('transfers.receive', { transferId: 'tr-7', lines: [{ variantId: v1, quantityMilli: 1_000 }] }, token)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      await again.core.services.sync.syncNow();
      expect(again.core.services.sync.state().pending).toBe(0);
      expect(await suite.server.storage.stockTransfers.get(org, 'tr-7')).toMatchObject({ status: 'received', receivedLines: [{ variantId: v1, quantityMilli: 3_000 }] });
      expect((await headOffice(org, v1)).roma).toBe(again.core.services.stock.onHand(v1));
    } finally {
      await again.dispose();
      rmSync(roma.dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stock elsewhere: every store of the organisation, none of another; offline the last answer with its age', async () => {
    const org = await organisation();
    const roma = await till(org, 'roma');
    const milano = await till(org, 'milano');
    const otherOrg = await organisation();
    const stranger = await till(otherOrg, 'milano');
    await send(org, 'tr-6', [{ variantId: v1, quantityMilli: 1_000 }]);
    for (const t of [roma, milano, stranger]) await sync(t);

    const live = await roma.call('stock.elsewhere', { variantId: v1 }, roma.token);
    expect(live.live).toBe(true);
    expect(live.hereMilli).toBe(onHand(roma, v1));
    expect(live.stores?.map((s) => [s.storeName, s.onHandMilli, s.here])).toEqual([
      ['Milano', onHand(milano, v1) - 1_000, false],
      ['Roma', onHand(roma, v1), true],
    ]);
    const theirs = await stranger.call('stock.elsewhere', { variantId: v1 }, stranger.token);
    expect(theirs.stores?.map((s) => s.storeName)).toEqual(['Milano']);
    expect(theirs.stores?.[0]?.onHandMilli).toBe(onHand(stranger, v1));

    // Unknown to the catalogue: head office says NOT_FOUND, the till shows only its own figure.
    expect(await roma.call('stock.elsewhere', { variantId: 'no-such-variant' }, roma.token)).toMatchObject({ stores: null, live: false, hereMilli: 0 });

    roma.online = false;
    const kept = await roma.call('stock.elsewhere', { variantId: v1 }, roma.token);
    expect(kept).toMatchObject({ live: false, asOf: live.asOf, stores: live.stores });
    expect(await roma.call('stock.elsewhere', { variantId: v2 }, roma.token)).toMatchObject({ live: false, stores: null, asOf: null });
  }, 60_000);

  it('the idle lock: a manager sets it, a cashier reads it, head office may set it for the chain', async () => {
    const org = await organisation();
    const roma = await till(org, 'roma');
    expect(await roma.call('idleLock.get', {}, roma.token)).toEqual({ minutes: 0, fromHeadOffice: false });
    expect(await roma.raw('idleLock.set', { minutes: 5 }, roma.token)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORISED' } });
    let manager = await roma.login('user-marco', '2222');
    expect(await roma.call('idleLock.set', { minutes: 5 }, manager)).toEqual({ minutes: 5, fromHeadOffice: false });
    expect(await roma.raw('idleLock.set', { minutes: 121 }, manager)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // Head office's chain settings page writes the same organisation-wide row.
    await suite.server.admin.upsertSettings(org, [{ key: 'till.idleLockMinutes', value: '2' }]);
    await sync(roma);
    expect(await roma.call('idleLock.get', {}, roma.token)).toEqual({ minutes: 2, fromHeadOffice: true });
    manager = await roma.login('user-marco', '2222');
    expect(await roma.raw('idleLock.set', { minutes: 9 }, manager)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await roma.call('idleLock.get', {}, roma.token)).toMatchObject({ minutes: 2 });
  }, 60_000);
});
