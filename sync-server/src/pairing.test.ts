/**
 * Pairing cannot take over a register: a known register id is accepted only from that register
 * (it presents a token issued to it), never across organisations, and re-pairing revokes the
 * register's earlier tokens. Register ids are public, so these tests use them as an outsider would.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, engines, jsonRequest, op, pairTill, sale, seedTenant, serverPerTest, versions } from '../test/fixtures';
import type { Engine, PairedTill } from '../test/fixtures';
import { browser, setUp } from '../test/head-office-browser';
import type { SyncServer } from './index';
import { until } from '../../test-support/until';

async function pairRequest(server: SyncServer, body: Record<string, unknown>): Promise<Response> {
  return server.app.request('/v1/pair', jsonRequest('POST', { ...versions, deviceName: 'Intruder', ...body }));
}

async function errorCodeOf(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error?: { code: string } }).error?.code;
}

/** The register's row as head office has it. */
async function registerRow(server: SyncServer, organisationId: string, deviceId: string) {
  return (await server.storage.listDevices(organisationId)).find((d) => d.id === deviceId);
}

async function pushSale(server: SyncServer, till: PairedTill, seq: number): Promise<Response> {
  const record = sale({ id: `${till.deviceId}-s${seq}`, storeId: till.storeId, deviceId: till.deviceId, variantId: 'acme-p1-v1' });
  return server.app.request('/v1/push', jsonRequest('POST', { ...versions, deviceId: till.deviceId, ops: [op(seq, record)] }, till.authorization));
}

describe.each(engines)('pairing on $name', (engine: Engine) => {
  const start = serverPerTest(engine);

  it("refuses a code for store A redeemed with the id of store B's register; B's register and token are untouched", async () => {
    const s = await start();
    const t = await seedTenant(s);
    const registerB = await pairTill(s, t.organisationId, t.otherStoreId, 'Cassa B');
    expect((await pushSale(s, registerB, 1)).status).toBe(200);
    const before = await registerRow(s, t.organisationId, registerB.deviceId);

    const { code } = await s.admin.createPairingCode(t.organisationId, t.storeId);
    const attack = await pairRequest(s, { code, deviceId: registerB.deviceId });
    expect(attack.status).toBe(403);
    expect(await errorCodeOf(attack)).toBe('NOT_AUTHORISED');

    expect(await registerRow(s, t.organisationId, registerB.deviceId)).toEqual(before);
    expect(before).toMatchObject({ storeId: t.otherStoreId, name: 'Cassa B', highWaterMark: 1, revokedAt: null });
    // The real till goes on: its token works and its next op is accepted, not a conflict.
    const next = await pushSale(s, registerB, 2);
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ ok: true, data: { highWaterMark: 2, results: [{ seq: 2, status: 'applied' }] } });
    // The refusal did not burn the code: a new register can still use it.
    expect((await pairRequest(s, { code, deviceId: 'dev-brand-new' })).status).toBe(200);
  });

  it('a token of another register is no proof', async () => {
    const s = await start();
    const t = await seedTenant(s);
    const registerB = await pairTill(s, t.organisationId, t.otherStoreId, 'Cassa B');
    const { code } = await s.admin.createPairingCode(t.organisationId, t.storeId);
    const attack = await pairRequest(s, { code, deviceId: registerB.deviceId, currentDeviceToken: t.till.deviceToken });
    expect(attack.status).toBe(403);
    expect(await registerRow(s, t.organisationId, registerB.deviceId)).toMatchObject({ storeId: t.otherStoreId, name: 'Cassa B' });
    expect(await s.service.authenticate(registerB.deviceToken)).not.toBeNull();
  });

  it('a revoked register cannot be revived by a stranger, but the till itself can pair again with its last token', async () => {
    const s = await start();
    const t = await seedTenant(s);
    expect((await pushSale(s, t.till, 1)).status).toBe(200);
    await s.admin.revokeDevice(t.organisationId, t.till.deviceId);

    const { code } = await s.admin.createPairingCode(t.organisationId, t.otherStoreId);
    expect((await pairRequest(s, { code, deviceId: t.till.deviceId })).status).toBe(403);
    expect((await pairRequest(s, { code, deviceId: t.till.deviceId, currentDeviceToken: `cdt_${'x'.repeat(43)}` })).status).toBe(403);
    expect(await registerRow(s, t.organisationId, t.till.deviceId)).toMatchObject({ storeId: t.storeId, name: 'Cassa 1', revokedAt: expect.any(String) });
    expect(await s.service.authenticate(t.till.deviceToken)).toBeNull();

    const back = await pairRequest(s, { code, deviceId: t.till.deviceId, deviceName: 'Cassa 1', currentDeviceToken: t.till.deviceToken });
    expect(back.status).toBe(200);
    const { data } = (await back.json()) as { data: { deviceToken: string; storeId: string } };
    expect(await registerRow(s, t.organisationId, t.till.deviceId)).toMatchObject({ storeId: t.otherStoreId, revokedAt: null, highWaterMark: 1 });
    expect(await s.service.authenticate(t.till.deviceToken)).toBeNull();
    expect(await s.service.authenticate(data.deviceToken)).toMatchObject({ deviceId: t.till.deviceId, storeId: t.otherStoreId });
  });

  it('re-pairing with the current token keeps the register id and numbering and revokes the old token', async () => {
    const s = await start();
    const t = await seedTenant(s);
    expect((await pushSale(s, t.till, 1)).status).toBe(200);
    const { code } = await s.admin.createPairingCode(t.organisationId, t.storeId);
    const again = await pairRequest(s, { code, deviceId: t.till.deviceId, deviceName: 'Cassa 1', currentDeviceToken: t.till.deviceToken });
    expect(again.status).toBe(200);
    const { data } = (await again.json()) as { data: { deviceId: string; deviceToken: string; storeId: string } };
    expect(data).toMatchObject({ deviceId: t.till.deviceId, storeId: t.storeId });
    expect(await s.service.authenticate(t.till.deviceToken)).toBeNull();
    const fresh: PairedTill = { ...t.till, deviceToken: data.deviceToken, authorization: `Bearer ${data.deviceToken}` };
    const next = await pushSale(s, fresh, 2);
    expect(await next.json()).toMatchObject({ ok: true, data: { highWaterMark: 2 } });
    expect((await pushSale(s, t.till, 3)).status).toBe(401);
  });

  it("ends the event stream opened with the register's earlier token when it pairs again", async () => {
    const s = await start();
    const t = await seedTenant(s);
    const query = `protocolVersion=${versions.protocolVersion}&schemaVersion=${versions.schemaVersion}`;
    const events = await s.app.request(`/v1/events?${query}`, { headers: { authorization: t.till.authorization } });
    const reader = events.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: hello');
    expect(s.notifier.listeners).toBe(1);
    const { code } = await s.admin.createPairingCode(t.organisationId, t.otherStoreId);
    expect((await pairRequest(s, { code, deviceId: t.till.deviceId, currentDeviceToken: t.till.deviceToken })).status).toBe(200);
    await until(() => s.notifier.listeners, (n) => n === 0);
    for (;;) if ((await reader.read()).done) break;
  });

  it("refuses another organisation's register id, with or without that register's token", async () => {
    const s = await start();
    const acme = await seedTenant(s, 'acme');
    const beta = await seedTenant(s, 'beta');
    const { code } = await s.admin.createPairingCode(beta.organisationId, beta.storeId);
    expect((await pairRequest(s, { code, deviceId: acme.till.deviceId })).status).toBe(403);
    expect((await pairRequest(s, { code, deviceId: acme.till.deviceId, currentDeviceToken: acme.till.deviceToken })).status).toBe(403);
    expect(await registerRow(s, beta.organisationId, acme.till.deviceId)).toBeUndefined();
    expect(await s.service.authenticate(acme.till.deviceToken)).toMatchObject({ organisationId: acme.organisationId, storeId: acme.storeId });
  });

  it("refuses head office's own register id", async () => {
    const s = await start();
    const t = await seedTenant(s);
    const { code } = await s.admin.createPairingCode(t.organisationId, t.storeId);
    expect((await pairRequest(s, { code, deviceId: 'head-office' })).status).toBe(403);
  });

  it("a store-scoped manager's code cannot capture another store's register", async () => {
    const s = await start();
    const anna = await setUp(s);
    const milano = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const roma = (await anna.post('/api/ho/stores', { name: 'Roma' })).data as { id: string };
    expect((await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [milano.id], password: 'a long password 1' })).status).toBe(201);
    const romaCode = (await anna.post(`/api/ho/stores/${roma.id}/pairing-codes`)).data as { code: string };
    const romaTill = await s.service.pair({ ...versions, code: romaCode.code, deviceName: 'Cassa Roma', deviceId: 'dev-roma' });

    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    const milanoCode = (await marco.post(`/api/ho/stores/${milano.id}/pairing-codes`)).data as { code: string };
    expect((await pairRequest(s, { code: milanoCode.code, deviceId: 'dev-roma', deviceName: 'Cassa Milano' })).status).toBe(403);

    const registers = (await anna.get('/api/ho/registers')).data as { id: string; storeId: string; name: string }[];
    expect(registers).toEqual([expect.objectContaining({ id: 'dev-roma', storeId: roma.id, name: 'Cassa Roma' })]);
    expect(await s.service.authenticate(romaTill.deviceToken)).toMatchObject({ storeId: roma.id });
  });

  it('a code head office makes for one register pairs that register again without its token, and no other id', async () => {
    const s = await start();
    const t = await seedTenant(s);
    const registerB = await pairTill(s, t.organisationId, t.otherStoreId, 'Cassa B');
    expect((await pushSale(s, t.till, 1)).status).toBe(200);
    await s.admin.revokeDevice(t.organisationId, t.till.deviceId);
    const res = await s.app.request(
      `/v1/admin/organisations/${t.organisationId}/devices/${t.till.deviceId}/pairing-codes`,
      jsonRequest('POST', {}, `Bearer ${ADMIN_TOKEN}`),
    );
    expect(res.status).toBe(201);
    const { data: code } = (await res.json()) as { data: { code: string; storeId: string } };
    expect(code.storeId).toBe(t.storeId);
    // Not for another register, nor for a new one.
    expect((await pairRequest(s, { code: code.code, deviceId: registerB.deviceId })).status).toBe(403);
    expect((await pairRequest(s, { code: code.code, deviceId: 'dev-brand-new' })).status).toBe(403);
    expect((await pairRequest(s, { code: code.code })).status).toBe(403);
    expect(await registerRow(s, t.organisationId, registerB.deviceId)).toMatchObject({ storeId: t.otherStoreId, revokedAt: null });

    const back = await pairRequest(s, { code: code.code, deviceId: t.till.deviceId, deviceName: 'Cassa 1' });
    expect(back.status).toBe(200);
    const { data } = (await back.json()) as { data: { deviceToken: string } };
    expect(await registerRow(s, t.organisationId, t.till.deviceId)).toMatchObject({ storeId: t.storeId, revokedAt: null, highWaterMark: 1 });
    expect(await s.service.authenticate(data.deviceToken)).toMatchObject({ deviceId: t.till.deviceId });
    expect(await s.service.authenticate(t.till.deviceToken)).toBeNull();
  });

  it("a store-scoped manager makes such a code only for their own store's registers", async () => {
    const s = await start();
    const anna = await setUp(s);
    const milano = (await anna.post('/api/ho/stores', { name: 'Milano' })).data as { id: string };
    const roma = (await anna.post('/api/ho/stores', { name: 'Roma' })).data as { id: string };
    await anna.post('/api/ho/users', { email: 'marco@example.it', name: 'Marco', role: 'manager', storeIds: [milano.id], password: 'a long password 1' });
    for (const [store, id] of [[milano.id, 'dev-milano'], [roma.id, 'dev-roma']] as const) {
      const code = (await anna.post(`/api/ho/stores/${store}/pairing-codes`)).data as { code: string };
      await s.service.pair({ ...versions, code: code.code, deviceName: id, deviceId: id });
    }
    const marco = browser(s);
    await marco.get('/api/ho/session');
    await marco.post('/api/ho/login', { email: 'marco@example.it', password: 'a long password 1' });
    expect((await marco.post('/api/ho/registers/dev-roma/pairing-codes')).status).toBe(403);
    const own = await marco.post('/api/ho/registers/dev-milano/pairing-codes');
    expect(own.status).toBe(201);
    expect(own.data).toMatchObject({ storeId: milano.id, qrSvg: expect.stringMatching(/^<svg/) });
  });
});
