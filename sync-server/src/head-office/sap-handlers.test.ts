/**
 * The SAP procedures over HTTP (SQLite: the storage is proved on both engines in services/sap.test.ts):
 * owners only, malformed input is a 400, and no answer ever carries SAP's password.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Emulator } from '../../emulators';
import type { RunningSapB1Emulator } from '../../emulators';
import { serverPerTest, sqliteEngine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

const PASSWORD = 'Http-Sap-Pa55word';
let emulator: RunningSapB1Emulator;
beforeAll(async () => {
  emulator = await startSapB1Emulator({ password: PASSWORD });
  emulator.control.seedItems([{ ItemCode: 'PANE', ItemName: 'Pane', SalesVATGroup: 'C04', prices: { 1: 2.5 } }]);
});
afterAll(() => emulator.close());

describe('SAP Business One over HTTP', () => {
  const start = serverPerTest(sqliteEngine, { headOffice: { webRoot: false } });

  it('lets owners only set up the link, refuses malformed input, and never answers the password', async () => {
    const s = await start({ channels: { keys: `k1:${randomBytes(32).toString('base64')}`, worker: false, allowPrivate: true }, sap: { schedule: false, wait: () => Promise.resolve() } });
    const anna = await setUp(s);
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const bodies: string[] = [];
    const keep = <T extends { json: unknown }>(answer: T): T => (bodies.push(JSON.stringify(answer.json)), answer);
    const settings = {
      name: 'SAP',
      vatGroups: [{ sapVatGroup: 'C04', vatCode: '4' }],
      warehouses: [{ storeId: store.id, warehouseCode: 'MI01' }],
      paymentAccounts: [{ method: 'cash', account: '161000' }],
      customerCode: 'C-BANCO',
      takingsItemCode: 'CORRISP',
      priceList: 1,
      itemsEveryMinutes: 0,
      sendDaysDaily: false,
    };
    await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [], password: 'a long password 1' });
    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    expect(keep(await marco.post('/api/ho/sap/links', { credentials: emulator.credentials, settings })).status).toBe(403);
    expect(keep(await marco.get('/api/ho/sap/links')).status).toBe(403);

    expect(keep(await anna.post('/api/ho/sap/links', { credentials: { ...emulator.credentials, companyDb: 'SBO\u0000' }, settings })).status).toBe(400);
    expect(keep(await anna.post('/api/ho/sap/links', { credentials: { ...emulator.credentials, serviceLayerUrl: 'file:///etc/passwd' }, settings })).status).toBe(400);
    expect(keep(await anna.post('/api/ho/sap/links', { settings: { ...settings, priceList: 1e300 } })).status).toBe(400);
    expect(keep(await anna.post('/api/ho/sap/links', { settings })).status).toBe(400);

    const created = keep(await anna.post('/api/ho/sap/links', { credentials: emulator.credentials, settings }));
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const id = (created.data as { id: string }).id;
    expect(keep(await anna.post('/api/ho/sap/test', { linkId: id })).data).toMatchObject({ ok: true });
    const run = keep(await anna.post(`/api/ho/sap/links/${id}/import-items`, { linkId: id }));
    expect(run.data).toMatchObject({ outcome: 'ok', written: 1 });
    expect(keep(await anna.post('/api/ho/sap/links/nope/import-items', { linkId: 'nope' })).status).toBe(404);
    expect(keep(await anna.get('/api/ho/sap/links')).data).toHaveLength(1);
    expect(bodies.join('\n')).not.toContain(PASSWORD);
  });
});
