import type { TillRecord } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { product, serverPerTest, sqliteEngine, versions } from '../../../test/fixtures';
import { refusal, testOrganisation } from '../../../test/head-office-world';
import type { TestOrganisation } from '../../../test/head-office-world';
import type { SyncServer } from '../../index';
import { createStockService } from './stock';
import { createStockTransfersService } from './stock-transfers';

async function withGoods(s: SyncServer, org: TestOrganisation, variantId: string, units: number): Promise<void> {
  await s.admin.upsertProducts(org.id, [product('shirt', ['shirt-a', 'shirt-b'])]);
  const { code } = await s.admin.createPairingCode(org.id, org.stores[0]);
  const deviceId = `${org.id}-till`;
  await s.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId });
  const received: TillRecord = {
    type: 'stock-movement',
    record: { id: `${org.id}-m1`, storeId: org.stores[0], deviceId, variantId, deltaMilli: units * 1000, reason: 'goods-received', referenceId: null, userId: null, at: '2026-11-26T09:00:00Z' },
  };
  await s.service.push({ organisationId: org.id, storeId: org.stores[0], deviceId }, { ...versions, deviceId, ops: [{ seq: 1, opId: 'o1', record: received }] });
}

// Storage itself runs on both engines in the HTTP suites; these check the rules on one.
describe('stock and transfer services', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: false });

  async function world() {
    const s = await start();
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const now = () => new Date((clock += 1000));
    const acme = await testOrganisation(s, 'Acme');
    const other = await testOrganisation(s, 'Other');
    await withGoods(s, acme, 'shirt-a', 10);
    return { s, acme, other, stock: createStockService(s.storage.headOffice), transfers: createStockTransfersService({ storage: s.storage, now }) };
  }

  it('books a transfer out at the source and in once at the destination; a second receive is refused', async () => {
    const { acme, stock, transfers } = await world();
    const [milano, roma] = acme.stores;
    const sent = await transfers.create(acme.storeManager, { fromStoreId: milano, toStoreId: roma, note: '', lines: [{ variantId: 'shirt-a', quantityMilli: 4000 }] });
    expect(sent).toMatchObject({ status: 'in-transit', createdBy: 'store-manager of Acme', closedBy: null });
    const onHand = async (store: string) => (await stock.levels(acme.owner, { store })).map((r) => [r.variantId, r.onHandMilli]);
    expect(await onHand(milano)).toEqual([['shirt-a', 6000]]);
    // The manager of Milano may not book goods in at Roma; the owner may, once.
    expect(await refusal(transfers.close(acme.storeManager, sent.id, 'receive'))).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await transfers.close(acme.owner, sent.id, 'receive')).toMatchObject({ status: 'received', closedBy: 'owner of Acme' });
    expect(await refusal(transfers.close(acme.owner, sent.id, 'receive'))).toMatchObject({ code: 'CONFLICT', details: { status: 'received' } });
    expect(await refusal(transfers.close(acme.owner, sent.id, 'cancel'))).toMatchObject({ code: 'CONFLICT', details: { status: 'received' } });
    expect(await onHand(roma)).toEqual([['shirt-a', 4000]]);
  });

  it('keeps another organisation and other stores out', async () => {
    const { acme, other, stock, transfers } = await world();
    const [milano, roma] = acme.stores;
    const sent = await transfers.create(acme.owner, { fromStoreId: milano, toStoreId: roma, note: 'Vetrina', lines: [{ variantId: 'shirt-a', quantityMilli: 1000 }] });
    // Another organisation's owner: the id is unknown there, whatever they try.
    expect(await refusal(transfers.close(other.owner, sent.id, 'receive'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(transfers.close(other.owner, sent.id, 'cancel'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await transfers.list(other.owner)).toEqual([]);
    expect(await stock.levels(other.owner, {})).toEqual([]);
    expect((await stock.storeNames(other.id)).map((s) => s.id)).toEqual([...other.stores]);
    // A manager of Milano only: may not send from Roma, nor read Roma's stock.
    expect(await refusal(transfers.create(acme.storeManager, { fromStoreId: roma, toStoreId: milano, note: '', lines: [{ variantId: 'shirt-a', quantityMilli: 1 }] }))).toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    expect(await refusal(stock.levels(acme.storeManager, { store: roma }))).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect((await stock.levels(acme.storeManager, {})).every((r) => r.storeId === milano)).toBe(true);
    // Sending to another organisation's store is refused by storage.
    expect(await refusal(transfers.create(acme.owner, { fromStoreId: milano, toStoreId: other.stores[0], note: '', lines: [{ variantId: 'shirt-a', quantityMilli: 1 }] }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('filters stock by what is low and by a search, in the user\'s stores', async () => {
    const { acme, stock } = await world();
    expect(await stock.levels(acme.viewer, { low: 9.5 })).toEqual([]);
    expect((await stock.levels(acme.viewer, { low: 10 })).map((r) => r.variantId)).toEqual(['shirt-a']);
    expect(await stock.levels(acme.viewer, { q: 'nothing like it' })).toEqual([]);
    expect((await stock.levels(acme.viewer, { q: 'SKU-shirt-a' })).map((r) => r.onHandMilli)).toEqual([10_000]);
  });
});
