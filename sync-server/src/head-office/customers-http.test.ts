/**
 * The customers area over HTTP (issue 17), on both engines: everyone signed in reads, a viewer may
 * neither edit nor merge, an owner merges and every register's customers stream shows it.
 */
import type { CustomerRecord } from '@cassa/shared';
import { createHttpClient, syncContract } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { engines, serverPerTest, versions } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { browser, setUp } from '../../test/head-office-browser';

const customer = (id: string, phone: string): CustomerRecord => ({ id, name: `Maria ${id}`, phone, email: null, taxCode: null, vatNumber: null, createdAt: `2026-11-0${id.length}T09:00:00.000Z` });

describe.each(engines)('customers at head office over HTTP on $name', (engine: Engine) => {
  const start = serverPerTest(engine, { headOffice: { webRoot: false } });

  it('viewers read, owners merge; the merge reaches the registers', async () => {
    const s = await start();
    const anna = await setUp(s);
    const organisationId = ((await anna.get('/api/ho/session')).data as { user: { organisationId: string } }).user.organisationId;
    const store = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const { code } = await s.admin.createPairingCode(organisationId, store.id);
    await s.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'till-1' });
    const principal = { organisationId, storeId: store.id, deviceId: 'till-1' };
    await s.service.push(principal, {
      ...versions,
      deviceId: 'till-1',
      ops: [
        { seq: 1, opId: 'o1', record: { type: 'customer', record: customer('a', '+39 333 111 2222') } },
        { seq: 2, opId: 'o2', record: { type: 'customer', record: customer('bb', '333-111-2222') } },
      ],
    });
    await anna.post('/api/ho/users', { email: 'vera@example.it', name: 'Vera', role: 'viewer', storeIds: [], password: 'a long password 1' });
    const vera = browser(s);
    await vera.get('/api/ho/session');
    await vera.post('/api/ho/login', { email: 'vera@example.it', password: 'a long password 1' });

    expect(((await vera.get('/api/ho/customers?query=maria')).data as { id: string }[]).map((c) => c.id)).toEqual(['a', 'bb']);
    expect(((await vera.get('/api/ho/customers/duplicates')).data as { key: string }[]).map((g) => g.key)).toEqual(['3331112222']);
    expect((await vera.post('/api/ho/customers/merges', { survivorId: 'a', otherIds: ['bb'] })).status).toBe(403);
    expect((await vera.request('PUT', '/api/ho/customers/a', { id: 'a', name: 'X', phone: null, email: null, taxCode: null, vatNumber: null })).status).toBe(403);

    const merged = await anna.post('/api/ho/customers/merges', { survivorId: 'a', otherIds: ['bb'] });
    expect(merged.status).toBe(200);
    expect(merged.data).toMatchObject({ merged: ['bb'], survivor: { id: 'a' } });
    const edited = await anna.request('PUT', '/api/ho/customers/a', { id: 'a', name: 'Maria Rossi', phone: '333 111 2222', email: null, taxCode: null, vatNumber: null });
    expect(edited.data).toMatchObject({ name: 'Maria Rossi' });
    const rows = await s.storage.readChanges(principal, 'customers', 0, 100);
    expect(Object.fromEntries(rows.map((r) => [r.key, (r.data as { mergedInto: string | null; name: string }).mergedInto ?? (r.data as { name: string }).name]))).toEqual({ a: 'Maria Rossi', bb: 'a' });
    // Another organisation's id is unknown here.
    expect((await anna.post('/api/ho/customers/merges', { survivorId: 'a', otherIds: ['nobody'] })).status).toBe(404);

    // A register asks for the merged customer's purchases: the survivor's. A register of another
    // organisation asking for the same id learns nothing; without a token, nothing at all.
    const deviceClient = (token: string | null) =>
      createHttpClient(syncContract, {
        baseUrl: 'http://cassa.test',
        fetch: (url, init) => Promise.resolve(s.app.request(url, init as RequestInit)),
        headers: (): Record<string, string> => (token === null ? {} : { authorization: `Bearer ${token}` }),
      });
    const paired = await s.service.pair({ ...versions, code: (await s.admin.createPairingCode(organisationId, store.id)).code, deviceName: 'Cassa 2', deviceId: 'till-2' });
    expect(await deviceClient(paired.deviceToken).call('customers.history', { customerId: 'bb' })).toEqual({ customerId: 'a', sales: [] });
    await s.admin.createOrganisation({ id: 'other', name: 'Other' });
    await s.admin.upsertStore('other', { id: 'napoli', name: 'Napoli', addressLines: [], vatNumber: '' });
    const stranger = await s.service.pair({ ...versions, code: (await s.admin.createPairingCode('other', 'napoli')).code, deviceName: 'Cassa X', deviceId: 'till-x' });
    expect(await deviceClient(stranger.deviceToken).call('customers.history', { customerId: 'bb' })).toEqual({ customerId: 'bb', sales: [] });
    await expect(deviceClient(null).call('customers.history', { customerId: 'bb' })).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });
});
