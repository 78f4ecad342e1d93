/**
 * ERP imports over HTTP: who may import (owners and managers of every store), and malformed
 * requests answered 4xx, never 5xx. Storage runs on both engines in the service's tests; this is
 * the HTTP edge, on one.
 */
import { describe, expect, it } from 'vitest';
import { serverPerTest, sqliteEngine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const items = b64('Item;Description;TaxCode;CommodityCtg;BaseUoM;BasePrice\r\nA1;Caffè;22;;PZ;1,20\r\n');

describe('ERP imports over HTTP', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: { webRoot: false } });

  it('lets owners and managers of every store import, and answers malformed requests with 400', async () => {
    const s = await start();
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    for (const [email, role, storeIds] of [['vera@example.it', 'viewer', []], ['sara@example.it', 'manager', [store.id]]] as const) {
      await anna.post('/api/ho/users', { email, name: email, role, storeIds, password: 'a long password 1' });
      const someone = browser(s);
      await someone.get('/api/ho/session');
      await someone.post('/api/ho/login', { email, password: 'a long password 1' });
      expect((await someone.post('/api/ho/erp-imports', { format: { preset: 'mago-items' }, file: items, dryRun: true })).status).toBe(403);
      expect((await someone.get('/api/ho/erp-imports/settings')).status).toBe(403);
    }

    const dry = await anna.post('/api/ho/erp-imports', { format: { preset: 'mago-items' }, file: items, fileName: 'items.csv', dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.data).toMatchObject({ kind: 'items', dryRun: true, created: 1, refused: [] });

    const malformed: unknown[] = [
      { format: { preset: 'mago-items' }, file: 'not base64!', dryRun: true },
      { format: { preset: 'sap-items' }, file: items, dryRun: true },
      { format: { kind: 'items', map: { layout: 'xml', record: '<script>', columns: {}, decimal: ',', encoding: 'auto' } }, file: items, dryRun: true },
      { format: { kind: 'items', map: { layout: 'fixed', columns: { code: { start: 0, length: 5 } }, decimal: ',', encoding: 'auto' } }, file: items, dryRun: true },
      { format: { preset: 'mago-items' }, file: items, fileName: 'a\u0000b', dryRun: true },
      { format: { preset: 'mago-items' }, file: items },
      [],
    ];
    for (const body of malformed) expect((await anna.post('/api/ho/erp-imports', body)).status).toBe(400);
    expect((await anna.request('PUT', '/api/ho/erp-imports/vat-codes', { erpCode: 'E10', vatCode: '21' })).status).toBe(400);
    // Another organisation's store, or one that does not exist, is not found.
    expect((await anna.request('PUT', '/api/ho/erp-imports/price-lists', { listCode: 'NEG', storeIds: ['someone-else'] })).status).toBe(404);
    const linked = await anna.request('PUT', '/api/ho/erp-imports/price-lists', { listCode: 'NEG', storeIds: [store.id] });
    expect(linked.data).toMatchObject({ priceLists: [{ listCode: 'NEG', storeIds: [store.id] }] });
  });
});
