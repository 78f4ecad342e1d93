/**
 * A real till re-paired with its head office: it presents the token it holds (or held, before
 * unpairing or being revoked) as proof, keeps its register id and op numbering, and the token it
 * had stops working. A till that never held a token for that server cannot take the id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRestartableServer } from '../../test-support/sync-server-harness';
import type { RestartableServer } from '../../test-support/sync-server-harness';
import type { TillCore } from '../src/core';
import { hashPin } from '../src/core';
import { cashier, drain, openTill, orgId, pairingCode, readTill, seedHeadOffice, sellOne, storeId } from './sync/till-kit';

describe('re-pairing a real till', () => {
  let work = '';
  let server: RestartableServer | null = null;
  const tills: TillCore[] = [];
  afterEach(async () => {
    for (const till of tills.splice(0)) await till.close();
    await server?.dispose();
    server = null;
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function setUp(): Promise<{ server: RestartableServer; till: TillCore }> {
    work = mkdtempSync(join(tmpdir(), 'cassa-repair-'));
    server = await startRestartableServer({ engine: 'sqlite' });
    await seedHeadOffice(server.server);
    const till = await openTill(join(work, 'till'));
    tills.push(till);
    await till.services.sync.pair(server.url, await pairingCode(server.server));
    // The demo seed's records go first: a register with unsent records may not pair again.
    await drain(till);
    return { server, till };
  }

  const tokenOf = (till: TillCore) => till.services.sync.pairing.current()?.deviceToken ?? '';

  it('keeps its register id and numbering; the old token is dead', async () => {
    const { server, till } = await setUp();
    sellOne(till, 1);
    await drain(till);
    const oldToken = tokenOf(till);
    await till.services.sync.pair(server.url, await pairingCode(server.server));
    expect(tokenOf(till)).not.toBe(oldToken);
    expect(await server.server.service.authenticate(oldToken)).toBeNull();
    sellOne(till, 2);
    await drain(till);
    const [register] = await server.server.storage.listDevices(orgId);
    expect(register).toMatchObject({ id: till.services.context.deviceId, storeId, highWaterMark: readTill(join(work, 'till')).lastSeq, revokedAt: null });
  });

  it('pairs again after unpairing, and after head office revoked it', async () => {
    const { server, till } = await setUp();
    await till.services.sync.unpair({ userId: cashier.userId, role: 'manager' });
    await till.services.sync.pair(server.url, await pairingCode(server.server));
    await drain(till);
    await server.server.admin.revokeDevice(orgId, till.services.context.deviceId);
    // Sold while revoked: the sale waits in the outbox and goes once the till is paired again.
    const saleId = sellOne(till, 1);
    expect((await till.services.sync.syncNow()).pending).toBeGreaterThan(0);
    await till.services.sync.pair(server.url, await pairingCode(server.server));
    await drain(till);
    expect(await server.server.storage.listDevices(orgId)).toEqual([
      expect.objectContaining({ id: till.services.context.deviceId, revokedAt: null, highWaterMark: readTill(join(work, 'till')).lastSeq }),
    ]);
    expect(await server.query('SELECT id FROM sales WHERE id = ?', [saleId])).toHaveLength(1);
  });

  it("another till cannot pair under this till's id", async () => {
    const { server, till } = await setUp();
    const impostor = await openTill(join(work, 'impostor'));
    tills.push(impostor);
    // The impostor's database claims the real till's id, which anyone on the LAN could read.
    impostor.store.write(() => impostor.store.db.prepare("UPDATE meta SET value = ? WHERE key = 'device.id'").run(till.services.context.deviceId));
    const reopened = await reopen(impostor, join(work, 'impostor'));
    await expect(reopened.services.sync.pair(server.url, await pairingCode(server.server))).rejects.toMatchObject({
      code: 'SYNC_UNPAIRED',
      message: expect.stringMatching(/already paired/),
      details: { reason: 'device-id-taken' },
    });
    expect(await server.server.service.authenticate(tokenOf(till))).not.toBeNull();
  });

  async function reopen(till: TillCore, dataDir: string): Promise<TillCore> {
    tills.splice(tills.indexOf(till), 1);
    await till.close();
    const again = await openTill(dataDir);
    tills.push(again);
    return again;
  }
});

describe('a till user moved to another store', () => {
  let work = '';
  let server: RestartableServer | null = null;
  let till: TillCore | null = null;
  afterEach(async () => {
    await till?.close();
    await server?.dispose();
    till = null;
    server = null;
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('can no longer log in on the register of the store they left, whose copy of the PIN hash is gone', async () => {
    work = mkdtempSync(join(tmpdir(), 'cassa-user-moved-'));
    server = await startRestartableServer({ engine: 'sqlite' });
    await seedHeadOffice(server.server);
    await server.server.admin.upsertStore(orgId, { id: 'store-other', name: 'Altro negozio', addressLines: [], vatNumber: '' });
    till = await openTill(join(work, 'till'));
    await till.services.sync.pair(server.url, await pairingCode(server.server));
    const mara = { id: 'user-mara', name: 'Mara', role: 'cashier' as const, pinHash: hashPin('2468', { N: 1024 }), active: true };
    await server.server.admin.upsertUsers(orgId, [{ ...mara, storeIds: [storeId] }]);
    await drain(till);
    await till.services.sync.syncNow();
    expect(till.services.users.authenticate('user-mara', '2468', 'login')).toMatchObject({ userId: 'user-mara' });

    await server.server.admin.upsertUsers(orgId, [{ ...mara, storeIds: ['store-other'] }]);
    await till.services.sync.syncNow();
    expect(() => till?.services.users.authenticate('user-mara', '2468', 'login')).toThrow(expect.objectContaining({ code: 'INVALID_PIN' }));
    expect(till.store.db.prepare('SELECT pin_hash, active FROM users WHERE id = ?').get('user-mara')).toEqual({ pin_hash: '', active: 0 });
  });
});
