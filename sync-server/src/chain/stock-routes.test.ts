/**
 * Stock across stores at head office (issue 17), on both engines: `stock.elsewhere` reads only the
 * calling device's organisation; a till's transfer-in closes only a transfer sent to its own store
 * (a till of the source store, or of another organisation naming the same id, books its own stock
 * and closes nothing); a receipt split over two pushes is one count; head office lists the
 * register by name with what it counted; the transfers stream reaches the destination's tills only.
 */
import type { PullResponse, StockMovementRecord, TillRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, jsonRequest, pairTill, product, serverPerTest, versions } from '../../test/fixtures';
import type { Engine, PairedTill } from '../../test/fixtures';
import { testOrganisation } from '../../test/head-office-world';
import { createChainSettingsService } from '../head-office/services/chain-settings';
import { createStockTransfersService } from '../head-office/services/stock-transfers';
import type { SyncServer } from '../index';

function transferIn(id: string, till: PairedTill, storeId: string, variantId: string, quantityMilli: number, referenceId: string): TillRecord {
  const record: StockMovementRecord = { id, storeId, deviceId: till.deviceId, variantId, deltaMilli: quantityMilli, reason: 'transfer-in', referenceId, userId: 'user-giulia', at: '2026-12-01T10:00:00Z' };
  return { type: 'stock-movement', record };
}

async function push(s: SyncServer, till: PairedTill, ops: { seq: number; record: TillRecord }[]): Promise<void> {
  const res = await s.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: till.deviceId, ops: ops.map((o) => ({ ...o, opId: `op-${o.seq}-${o.record.record.id}` })) }, till.authorization));
  expect(res.status).toBe(200);
}

async function pullTransfers(s: SyncServer, till: PairedTill): Promise<string[]> {
  const res = await s.app.request('/v1/pull', jsonRequest('POST', { ...versions, stream: 'transfers', cursor: null }, till.authorization));
  expect(res.status).toBe(200);
  const page = ((await res.json()) as { data: PullResponse }).data;
  if (page.kind !== 'changes') throw new Error(page.kind);
  return page.changes.map((c) => c.key);
}

describe.each(engines)('stock across stores at head office on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: false });

  async function world() {
    const s = await start();
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const now = () => new Date((clock += 1000));
    const acme = await testOrganisation(s, 'Acme');
    const other = await testOrganisation(s, 'Other');
    for (const org of [acme, other]) await s.admin.upsertProducts(org.id, [product('shirt', ['shirt-a', 'shirt-b'])]);
    const [milano, roma] = acme.stores;
    const tills = {
      milano: await pairTill(s, acme.id, milano, 'Cassa Milano'),
      roma: await pairTill(s, acme.id, roma, 'Cassa Roma'),
      stranger: await pairTill(s, other.id, other.stores[1], 'Cassa altrui'),
    };
    const transfers = createStockTransfersService({ storage: s.storage, now });
    return { s, acme, other, milano, roma, tills, transfers };
  }

  it('stock.elsewhere answers for the device organisation only', async () => {
    const { s, acme, milano, tills, transfers } = await world();
    await transfers.create(acme.owner, { fromStoreId: milano, toStoreId: acme.stores[1], note: '', lines: [{ variantId: 'shirt-a', quantityMilli: 2_000 }] });
    const ask = async (till: PairedTill | null, variantId: string) => {
      const res = await s.app.request(`/v1/stock/variants/${encodeURIComponent(variantId)}`, till ? { headers: { authorization: till.authorization } } : {});
      return { status: res.status, body: (await res.json()) as { data?: { stores: { storeId: string; onHandMilli: number }[] } } };
    };
    const mine = await ask(tills.roma, 'shirt-a');
    expect(mine.status).toBe(200);
    expect(mine.body.data?.stores).toEqual([{ storeId: milano, storeName: milano, onHandMilli: -2_000 }]);
    // The same variant id in another organisation: its own (empty) figures, never Acme's.
    expect((await ask(tills.stranger, 'shirt-a')).body.data?.stores).toEqual([]);
    expect((await ask(tills.roma, 'no-such-variant')).status).toBe(404);
    expect((await ask(null, 'shirt-a')).status).toBe(401);
    // Text PostgreSQL cannot hold is refused at the door on both engines (the sync API's path
    // segments are storable text), not a server error; the ledger and customer routes alike.
    expect((await ask(tills.roma, 'shirt-a\u0000')).status).toBe(400);
    for (const path of ['/v1/ledger/accounts/voucher/V-AAAA%00', '/v1/customers/anna%00/sales', '/v1/ledger/reservations/r%00']) {
      const res = await s.app.request(path, { method: path.includes('reservations') ? 'DELETE' : 'GET', headers: { authorization: tills.roma.authorization } });
      expect(res.status, path).toBe(400);
    }
  });

  it('closes only a transfer sent to the pushing till store, whatever id another till names', async () => {
    const { s, acme, milano, roma, tills, transfers } = await world();
    const sent = await transfers.create(acme.owner, { fromStoreId: milano, toStoreId: roma, note: '', lines: [{ variantId: 'shirt-a', quantityMilli: 3_000 }, { variantId: 'shirt-b', quantityMilli: 1_000 }] });
    expect(await pullTransfers(s, tills.roma)).toEqual([sent.id]);
    expect(await pullTransfers(s, tills.milano)).toEqual([]);
    expect(await pullTransfers(s, tills.stranger)).toEqual([]);

    // The source store's till and another organisation's till name the transfer: nothing closes.
    await push(s, tills.milano, [{ seq: 1, record: transferIn('m-1', tills.milano, milano, 'shirt-a', 3_000, sent.id) }]);
    await push(s, tills.stranger, [{ seq: 1, record: transferIn('x-1', tills.stranger, 'x', 'shirt-a', 3_000, sent.id) }]);
    expect(await s.storage.stockTransfers.get(acme.id, sent.id)).toMatchObject({ status: 'in-transit', receivedLines: null });

    // Roma's till counts one line in one push and the other in the next: one receipt, short by one shirt.
    await push(s, tills.roma, [{ seq: 1, record: transferIn('r-1', tills.roma, roma, 'shirt-a', 2_000, sent.id) }]);
    await push(s, tills.roma, [
      { seq: 2, record: transferIn('r-2', tills.roma, roma, 'shirt-b', 1_000, sent.id) },
      // The same op again after a lost answer is a duplicate: counted once.
    ]);
    await push(s, tills.roma, [{ seq: 2, record: transferIn('r-2', tills.roma, roma, 'shirt-b', 1_000, sent.id) }]);
    const [listed] = await transfers.list(acme.owner);
    expect(listed).toMatchObject({ status: 'received', closedBy: 'Cassa Roma', receivedByRegister: 'Cassa Roma', problem: null });
    expect(listed?.receivedLines).toEqual([{ variantId: 'shirt-a', quantityMilli: 2_000 }, { variantId: 'shirt-b', quantityMilli: 1_000 }]);
    const levels = await s.storage.stockTransfers.onHandByStore(acme.id, 'shirt-a');
    expect(levels).toEqual(
      expect.arrayContaining([
        { storeId: roma, storeName: roma, onHandMilli: 2_000 },
        // Milano: the transfer-out, plus its own till's movement (its stock, not a receipt).
        { storeId: milano, storeName: milano, onHandMilli: 0 },
      ]),
    );
    // The closed transfer reaches Roma's tills as received, and still nobody else's.
    expect(await pullTransfers(s, tills.milano)).toEqual([]);
  });

  it("head office's chain settings carry the idle lock to every till, and leave it alone until set", async () => {
    const { s, acme, tills } = await world();
    const settings = createChainSettingsService({ storage: s.storage.headOffice, admin: s.admin });
    const before = await settings.read(acme.id);
    expect(before.idleLockMinutes).toBeUndefined();
    const { scaleLayoutsAreDefault: _default, ...input } = before;
    expect((await settings.save(acme.id, input)).idleLockMinutes).toBeUndefined();
    expect((await settings.save(acme.id, { ...input, idleLockMinutes: 3 })).idleLockMinutes).toBe(3);
    const res = await s.app.request('/v1/pull', jsonRequest('POST', { ...versions, stream: 'settings', cursor: null }, tills.roma.authorization));
    const page = ((await res.json()) as { data: PullResponse }).data;
    if (page.kind !== 'changes') throw new Error(page.kind);
    expect(page.changes).toContainEqual(expect.objectContaining({ entity: 'setting', key: 'till.idleLockMinutes', data: { key: 'till.idleLockMinutes', value: '3' } }));
  });
});
