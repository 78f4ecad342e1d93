import { AUDIT_GENESIS_HASH } from '@cassa/shared';
import type { AuditRecord, ProblemRecordView, AuditHeadView } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, jsonRequest, op, pairTill, product, sale, serverPerTest, versions } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';
import { auditEntryHash } from '../audit-chain';

describe.each(engines)('head office against poisoned input on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  it('refuses a product or category whose text holds U+0000, and an import row holding one', async () => {
    const s = await start();
    const anna = await setUp(s);
    const bad = await anna.post('/api/ho/catalogue/products', { ...product('p1'), name: 'Caff\u0000è' });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('VALIDATION');
    expect((await anna.post('/api/ho/catalogue/products', { ...product('p2'), name: 'Mezza \ud83d coppia' })).status).toBe(400);
    expect((await anna.post('/api/ho/catalogue/categories', { id: 'c1', name: 'Bar\u0000', parentId: null })).status).toBe(400);
    // Every other head-office form too: a store, a register, a till user.
    const store = await anna.post('/api/ho/stores', { name: 'Mila\u0000no' });
    expect(store.status).toBe(400);
    expect(store.json.error?.message).toMatch(/name.*NUL/);
    expect((await anna.post('/api/ho/till-users', { name: 'Gi\udc00ulia', role: 'cashier', pin: '1234', active: true })).status).toBe(400);
    expect(((await anna.get('/api/ho/stores')).data as unknown[]).length).toBe(0);
    const imported = await anna.post('/api/ho/catalogue/import', { csv: 'sku;nome;prezzo;iva\nA1;Buono;1,00;22\nA2;Cat\u0000tivo;1,00;22\n' });
    expect(imported.data).toMatchObject({ products: 1, rejected: [expect.objectContaining({ line: 3 })] });
    const catalogue = (await anna.get('/api/ho/catalogue')).data as { products: { id: string }[] };
    expect(catalogue.products.map((p) => p.id).sort()).toEqual(['p-a1']);
  });

  it('shows the records a register pushed that were flagged or set aside, and its audit chain head', async () => {
    const s = await start();
    const anna = await setUp(s);
    const org = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const till = await pairTill(s, org, store.id);
    const base = sale({ id: 's1', storeId: store.id, deviceId: till.deviceId, variantId: 'nope', completedAt: new Date().toISOString() });
    const poisoned = { type: 'sale', record: { ...base.record, id: 's2', totalCents: 2 ** 53 } };
    const entry: AuditRecord = { id: 'a1', deviceId: till.deviceId, sequence: 1, at: new Date().toISOString(), userId: null, role: null, action: 'login', details: {}, previousHash: AUDIT_GENESIS_HASH, hash: '' };
    const audit = { ...entry, hash: auditEntryHash(till.deviceId, entry) };
    const pushed = await s.app.request(
      '/v1/push',
      jsonRequest('POST', { ...versions, deviceId: till.deviceId, ops: [op(1, base), { seq: 2, opId: 'o2', record: poisoned }, op(3, { type: 'audit', record: audit })] }, till.authorization),
    );
    expect(pushed.status).toBe(200);
    const problems = (await anna.get('/api/ho/problems')).data as ProblemRecordView[];
    expect(problems.map((p) => [p.seq, p.setAside])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(problems[1]?.problems).toEqual(['unknown-variant:nope']);
    expect(problems[0]?.problems[0]).toMatch(/^invalid-record:record\.totalCents/);
    const heads = (await anna.get('/api/ho/audit-heads')).data as AuditHeadView[];
    expect(heads).toEqual([expect.objectContaining({ deviceId: till.deviceId, sequence: 1, hash: audit.hash, entries: 1, breaks: 0 })]);
  });
});
