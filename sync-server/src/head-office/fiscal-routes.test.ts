/**
 * The head-office routes of issue 16 through HTTP, answers checked against the contract
 * (CASSA_CHECK_RESPONSES): the sales list and one sale with their documento commerciale, the
 * devices' closures, and the register list with its fiscal device.
 */
import { localDayAndHour } from '@cassa/shared';
import type { PushResponse, RegisterView, SaleDetailView, SalesListView, FiscalClosureView } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { FiscalDay, SERIAL, statusRecord } from '../../test/fiscal-fixtures';
import { jsonRequest, op, pairTill, serverPerTest, sqliteEngine, versions } from '../../test/fixtures';
import { setUp } from '../../test/head-office-browser';

const start = serverPerTest(sqliteEngine);

describe('head office fiscal routes', () => {
  it('list the sales with their documents, open one, list the Z and show the device on the register list', async () => {
    const s = await start();
    const anna = await setUp(s);
    const org = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const till = await pairTill(s, org, store.id);
    const identity = { storeId: store.id, deviceId: till.deviceId, variantId: 'v-unknown' };
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    const day = new FiscalDay(identity, 21, '2026-12-03', at);
    day.sell('h-1', [{ vatCode: '22', quantityMilli: 1000, unitPriceCents: 1250, discountCents: 0 }]);
    day.sell('h-2', [{ vatCode: '10', quantityMilli: 2000, unitPriceCents: 300, discountCents: 0 }]);
    const records = day.records();
    // Everything but the second sale's document (still at the till) and the Z.
    const pushed = [records[0]!, records[1]!, records[2]!, { type: 'fiscal-status' as const, record: statusRecord(identity, 'st-1', at, { journal: 'near-full' }) }];
    const res = await s.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: till.deviceId, ops: pushed.map((r, i) => op(i + 1, r)) }, till.authorization));
    expect(((await res.json()) as { data: PushResponse }).data.results.map((r) => r.seq)).toEqual([1, 2, 3, 4]);

    const list = await anna.get(`/api/ho/sales?day=${localDayAndHour(at, 'Europe/Rome').day}`);
    expect(list.status).toBe(200);
    const sales = (list.data as SalesListView).sales;
    expect(sales.map((x) => [x.id, x.fiscalState, x.document?.number ?? null])).toEqual([
      ['h-1', 'issued', '0021-0001'],
      ['h-2', 'awaiting', null],
    ]);
    const one = await anna.get('/api/ho/sales/h-1');
    expect(one.status).toBe(200);
    expect(one.data as SaleDetailView).toMatchObject({ id: 'h-1', document: { serial: SERIAL, number: '0021-0001', amountCents: 1250 }, record: { totalCents: 1250 } });
    expect((await anna.get('/api/ho/sales/no-such-sale')).status).toBe(404);

    const registers = (await anna.get('/api/ho/registers')).data as RegisterView[];
    expect(registers[0]!.fiscal).toMatchObject({ serial: SERIAL, warnings: [{ code: 'journal-near-full', level: 'warning' }] });
    expect((await anna.get('/api/ho/fiscal-closures')).data).toEqual([]);

    // The rest of the day, and the Z.
    const rest = [records[3]!, records[4]!];
    await s.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: till.deviceId, ops: rest.map((r, i) => op(i + 5, r)) }, till.authorization));
    const closures = (await anna.get(`/api/ho/fiscal-closures?register=${till.deviceId}`)).data as FiscalClosureView[];
    expect(closures).toMatchObject([{ serial: SERIAL, zNumber: 21, documents: 2, dailyAmountCents: 1850, totalsMatch: true }]);
    expect((await anna.get('/api/ho/fiscal-closures?register=another-org-register')).status).toBe(404);
  });

  it('are in the OpenAPI document with the fiscal fields', async () => {
    const s = await start();
    const document = (await (await s.app.request('/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/ho/sales', '/api/ho/sales/{id}', '/api/ho/fiscal-closures']));
    const text = JSON.stringify(document);
    for (const field of ['fiscalState', 'documentNumber', 'headOfficeTotals', 'lastClosureDate', 'closure-overdue']) expect(text).toContain(field);
  });
});
