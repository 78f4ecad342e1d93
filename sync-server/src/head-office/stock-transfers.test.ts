import type { TillRecord } from '@cassa/shared';
import type { StockRowView, StockTransferView } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, product, serverPerTest, versions } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

function goodsReceived(id: string, storeId: string, variantId: string, deltaMilli: number): TillRecord {
  return {
    type: 'stock-movement',
    record: { id, storeId, deviceId: 'dev-1', variantId, deltaMilli, reason: 'goods-received', referenceId: null, userId: null, at: '2026-11-26T09:00:00Z' },
  };
}

describe.each(engines)('stock transfers on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  /** Anna (owner) with Milano (10 of variant a on hand, pushed by its till), Roma and Torino. */
  async function shop() {
    const s = await start();
    const anna = await setUp(s);
    const store = async (name: string) => ((await anna.post('/api/ho/stores', { name })).data as { id: string }).id;
    const milano = await store('Milano');
    const roma = await store('Roma');
    const torino = await store('Torino');
    expect((await anna.post('/api/ho/catalogue/products', product('shirt', ['shirt-a', 'shirt-b']))).status).toBe(201);
    const { code } = (await anna.post(`/api/ho/stores/${milano}/pairing-codes`)).data as { code: string };
    const till = await s.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'dev-1' });
    await s.service.push(
      { organisationId: till.organisationId, storeId: milano, deviceId: 'dev-1' },
      { ...versions, deviceId: 'dev-1', ops: [{ seq: 1, opId: 'o1', record: goodsReceived('m1', milano, 'shirt-a', 10_000) }] },
    );
    async function person(name: string, role: 'manager' | 'viewer', storeIds: string[]) {
      const email = `${name}@example.it`;
      const password = 'a long enough password';
      expect((await anna.post('/api/ho/users', { email, name, role, storeIds, password })).status).toBe(201);
      const b = browser(s);
      await b.get('/api/ho/session');
      expect((await b.post('/api/ho/login', { email, password })).status).toBe(200);
      return b;
    }
    return { s, anna, milano, roma, torino, person, organisationId: till.organisationId };
  }

  async function onHand(b: ReturnType<typeof browser>, storeId: string): Promise<Record<string, number>> {
    const rows = (await b.get(`/api/ho/stock?store=${storeId}`)).data as StockRowView[];
    return Object.fromEntries(rows.map((r) => [r.variantId, r.onHandMilli / 1000]));
  }

  it('books the goods out at the source when sent and in at the destination when received', async () => {
    const { anna, milano, roma } = await shop();
    const sent = await anna.post('/api/ho/stock/transfers', {
      fromStoreId: milano,
      toStoreId: roma,
      note: 'Vetrina di Natale',
      lines: [
        { variantId: 'shirt-a', quantityMilli: 3000 },
        { variantId: 'shirt-b', quantityMilli: 2000 },
        { variantId: 'shirt-a', quantityMilli: 1000 },
      ],
    });
    expect(sent.status).toBe(201);
    const transfer = sent.data as StockTransferView;
    expect(transfer).toMatchObject({ status: 'in-transit', createdBy: 'Anna Rossi', note: 'Vetrina di Natale', closedAt: null });
    expect(transfer.lines).toEqual([
      { variantId: 'shirt-a', quantityMilli: 4000, productName: 'Product shirt', sku: expect.any(String) },
      { variantId: 'shirt-b', quantityMilli: 2000, productName: 'Product shirt', sku: expect.any(String) },
    ]);
    // Sent but not received: gone from Milano (b goes negative: the shelf had what the system did not know), not yet in Roma.
    expect(await onHand(anna, milano)).toEqual({ 'shirt-a': 6, 'shirt-b': -2 });
    expect(await onHand(anna, roma)).toEqual({});

    const received = await anna.post(`/api/ho/stock/transfers/${transfer.id}/receive`);
    expect(received.data).toMatchObject({ status: 'received', closedBy: 'Anna Rossi' });
    expect(await onHand(anna, roma)).toEqual({ 'shirt-a': 4, 'shirt-b': 2 });
    expect(await onHand(anna, milano)).toEqual({ 'shirt-a': 6, 'shirt-b': -2 });

    const again = await anna.post(`/api/ho/stock/transfers/${transfer.id}/receive`);
    expect(again.json.error?.code).toBe('CONFLICT');
    expect(again.json.error?.message).toMatch(/already received/);
    expect(await onHand(anna, roma)).toEqual({ 'shirt-a': 4, 'shirt-b': 2 });
    const list = (await anna.get('/api/ho/stock/transfers')).data as StockTransferView[];
    expect(list.map((t) => [t.id, t.status])).toEqual([[transfer.id, 'received']]);
  });

  it('finds stock by product name, SKU or barcode, and keeps only what is at or below a level', async () => {
    const { anna, milano, roma } = await shop();
    await anna.post('/api/ho/stock/transfers', { fromStoreId: milano, toStoreId: roma, lines: [{ variantId: 'shirt-b', quantityMilli: 1000 }] });
    const shirt = product('shirt', ['shirt-a', 'shirt-b']);
    await anna.post('/api/ho/catalogue/products', { ...shirt, variants: shirt.variants.map((v, i) => ({ ...v, barcodes: i === 0 ? ['8001234567897'] : [] })) });
    const find = async (query: string) =>
      ((await anna.get(`/api/ho/stock?${query}`)).data as StockRowView[]).map((r) => `${r.storeId === milano ? 'milano' : 'roma'}:${r.sku}:${r.onHandMilli / 1000}`);
    const skuA = 'SKU-shirt-a';
    expect(await find(`q=${encodeURIComponent(skuA.toLowerCase())}`)).toEqual([`milano:${skuA}:10`]);
    expect(await find('q=PRODUCT%20SHIRT')).toEqual(['milano:SKU-shirt-b:-1', `milano:${skuA}:10`]);
    expect(await find('q=8001234567897')).toEqual([`milano:${skuA}:10`]);
    expect(await find('q=nothing-like-this')).toEqual([]);
    expect(await find('q=%5C')).toEqual([]);
    expect(await find('low=0')).toEqual(['milano:SKU-shirt-b:-1']);
    expect(await find(`low=0&store=${roma}`)).toEqual([]);
  });

  it('a cancelled transfer puts the goods back at the source, once', async () => {
    const { anna, milano, roma } = await shop();
    const transfer = (await anna.post('/api/ho/stock/transfers', { fromStoreId: milano, toStoreId: roma, lines: [{ variantId: 'shirt-a', quantityMilli: 5000 }] }))
      .data as StockTransferView;
    expect(await onHand(anna, milano)).toEqual({ 'shirt-a': 5 });
    expect((await anna.post(`/api/ho/stock/transfers/${transfer.id}/cancel`)).data).toMatchObject({ status: 'cancelled' });
    expect(await onHand(anna, milano)).toEqual({ 'shirt-a': 10 });
    expect((await anna.post(`/api/ho/stock/transfers/${transfer.id}/receive`)).json.error?.message).toMatch(/already cancelled/);
    expect(await onHand(anna, roma)).toEqual({});
  });

  it('two people receiving at once book the goods in once', async () => {
    const { anna, milano, roma, person } = await shop();
    const romaManager = await person('Rita', 'manager', [roma]);
    const transfer = (await anna.post('/api/ho/stock/transfers', { fromStoreId: milano, toStoreId: roma, lines: [{ variantId: 'shirt-a', quantityMilli: 2000 }] }))
      .data as StockTransferView;
    const results = await Promise.all([
      anna.post(`/api/ho/stock/transfers/${transfer.id}/receive`),
      romaManager.post(`/api/ho/stock/transfers/${transfer.id}/receive`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await onHand(anna, roma)).toEqual({ 'shirt-a': 2 });
  });

  it('refuses bad transfers with a clear message and books nothing', async () => {
    const { anna, milano, roma } = await shop();
    const bad = async (body: unknown) => (await anna.post('/api/ho/stock/transfers', body)).json.error;
    expect(await bad({ fromStoreId: milano, toStoreId: milano, lines: [{ variantId: 'shirt-a', quantityMilli: 1000 }] })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/two different stores/),
    });
    expect(await bad({ fromStoreId: milano, toStoreId: roma, lines: [{ variantId: 'nope', quantityMilli: 1000 }, { variantId: 'shirt-a', quantityMilli: 1000 }] })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/Not in the catalogue: nope/),
    });
    expect(await bad({ fromStoreId: milano, toStoreId: 'store-atlantis', lines: [{ variantId: 'shirt-a', quantityMilli: 1000 }] })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await bad({ fromStoreId: milano, toStoreId: roma, lines: [{ variantId: 'shirt-a', quantityMilli: 0 }] })).toMatchObject({ code: 'VALIDATION' });
    expect(await bad({ fromStoreId: milano, toStoreId: roma, lines: [] })).toMatchObject({ code: 'VALIDATION' });
    expect((await anna.post('/api/ho/stock/transfers/tr-none/receive')).json.error?.code).toBe('NOT_FOUND');
    expect(await onHand(anna, milano)).toEqual({ 'shirt-a': 10 });
    expect((await anna.get('/api/ho/stock/transfers')).data).toEqual([]);
  });

  it('sends only from your stores, receives only into them, and shows only transfers that touch them', async () => {
    const { anna, milano, roma, torino, person } = await shop();
    const romaManager = await person('Rita', 'manager', [roma]);
    const torinoManager = await person('Tina', 'manager', [torino]);
    const viewer = await person('Vera', 'viewer', []);
    const lines = [{ variantId: 'shirt-a', quantityMilli: 1000 }];
    expect((await viewer.post('/api/ho/stock/transfers', { fromStoreId: milano, toStoreId: roma, lines })).status).toBe(403);
    expect((await romaManager.post('/api/ho/stock/transfers', { fromStoreId: milano, toStoreId: roma, lines })).status).toBe(403);
    const transfer = (await anna.post('/api/ho/stock/transfers', { fromStoreId: milano, toStoreId: roma, lines })).data as StockTransferView;
    expect((await romaManager.post(`/api/ho/stock/transfers/${transfer.id}/cancel`)).status).toBe(403);
    expect((await torinoManager.post(`/api/ho/stock/transfers/${transfer.id}/receive`)).status).toBe(403);
    expect((await viewer.post(`/api/ho/stock/transfers/${transfer.id}/receive`)).status).toBe(403);
    expect(((await romaManager.get('/api/ho/stock/transfers')).data as StockTransferView[]).map((t) => t.id)).toEqual([transfer.id]);
    expect((await torinoManager.get('/api/ho/stock/transfers')).data).toEqual([]);
    // Names of every store, to pick a destination; figures of other stores stay hidden.
    expect(((await torinoManager.get('/api/ho/stock/stores')).data as { name: string }[]).map((x) => x.name).sort()).toEqual(['Milano', 'Roma', 'Torino']);
    expect((await torinoManager.get(`/api/ho/stock?store=${milano}`)).status).toBe(403);
    expect(((await viewer.get('/api/ho/stock/transfers')).data as StockTransferView[]).length).toBe(1);
    expect((await romaManager.post(`/api/ho/stock/transfers/${transfer.id}/receive`)).data).toMatchObject({ status: 'received', closedBy: 'Rita' });
  });

  it('books each leg once in the movement ledger, and the levels follow it', async () => {
    const { s, anna, milano, roma, organisationId } = await shop();
    const send = async (quantityMilli: number) =>
      (await anna.post('/api/ho/stock/transfers', { fromStoreId: milano, toStoreId: roma, lines: [{ variantId: 'shirt-a', quantityMilli }] })).data as StockTransferView;
    await anna.post(`/api/ho/stock/transfers/${(await send(1500)).id}/receive`);
    await anna.post(`/api/ho/stock/transfers/${(await send(2500)).id}/cancel`);
    await send(500);
    // One movement pushed by the till, then out+in, out+back, out: each leg once in the ledger.
    expect((await s.storage.recordCounts(organisationId)).stockMovements).toBe(6);
    expect(await onHand(anna, milano)).toEqual({ 'shirt-a': 8 });
    expect(await onHand(anna, roma)).toEqual({ 'shirt-a': 1.5 });
  });
});
