/**
 * The worker started with the server (issue 18): a push that moved stock wakes it at once (its
 * timer is set to a minute here, so only the wake-up can explain a quick send), and on PostgreSQL
 * a push taken by one server process wakes the worker of another over the event bus.
 */
import { describe, expect, it } from 'vitest';
import { until } from '../../../test-support/until';
import { catalogueProduct, fakeCredentials, newKey } from '../../test/channel-world';
import { ADMIN_TOKEN, engines, postgresEngine, versions } from '../../test/fixtures';
import type { Engine } from '../../test/fixtures';
import { createSyncServer } from '../index';
import type { SyncServer, SyncServerOptions } from '../index';
import { FakeRemote } from './testing/fake-connector';

async function shop(remote: FakeRemote, server: SyncServer) {
  const org = await server.admin.createOrganisation({ name: 'Boutique' });
  const store = `${org.id}-milano`;
  await server.admin.upsertStore(org.id, { id: store, name: 'Milano', addressLines: [], vatNumber: '' });
  await server.admin.upsertProducts(org.id, [catalogueProduct('shirt', [{ sku: 'SH-S' }])]);
  remote.seed([{ remoteProductId: '7', remoteVariantId: '71', sku: 'SH-S', barcode: null, quantity: 0 }]);
  await server.storage.headOffice.createUser({ organisationId: org.id, id: 'owner', email: 'o@example.it', name: 'Owner', passwordHash: 'unused', role: 'owner', storeIds: [] }, new Date());
  const { code } = await server.admin.createPairingCode(org.id, store);
  await server.service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId: 'till-1' });
  return { organisationId: org.id, store, till: { organisationId: org.id, storeId: store, deviceId: 'till-1' } };
}

const sale = (store: string, seq: number, units: number) => ({
  seq,
  opId: `op-${seq}`,
  record: {
    type: 'stock-movement' as const,
    record: { id: `m-${seq}`, storeId: store, deviceId: 'till-1', variantId: 'shirt-v1', deltaMilli: units * 1000, reason: units < 0 ? ('sale' as const) : ('goods-received' as const), referenceId: null, userId: null, at: new Date().toISOString() },
  },
});

async function connectAndLink(server: SyncServer, organisationId: string, store: string): Promise<string> {
  const { createChannelsService } = await import('../head-office/services/channels');
  const owner = { organisationId, id: 'owner', email: 'o@example.it', name: 'Owner', passwordHash: 'unused', role: 'owner' as const, storeIds: [], failedLogins: 0, lockedUntil: null };
  const channels = createChannelsService({ storage: server.storage, runtime: server.channels!.runtime, now: () => new Date(), wake: () => server.channels!.worker.wake() });
  const view = await channels.connect(owner, { name: 'Shop', storeIds: [store], safetyBuffer: 0, credentials: fakeCredentials('prestashop') as never });
  await channels.link(owner, view.id);
  return view.id;
}

async function start(engine: Engine, options: SyncServerOptions) {
  const database = await engine.database();
  return { database, server: await createSyncServer({ ...database.options, adminToken: ADMIN_TOKEN, headOffice: false, ...options }) };
}

describe.each(engines)('the channel worker started with the server on $name', (engine) => {
  it('is woken by a push that moved stock and sends the new quantity without waiting for its timer', async () => {
    const remote = new FakeRemote('prestashop');
    const { database, server } = await start(engine, { channels: { keys: `k1:${newKey()}`, tickMs: 60_000, connectorFor: (_c, context) => remote.connector(context) } });
    try {
      const { organisationId, store, till } = await shop(remote, server);
      await server.service.push(till, { ...versions, deviceId: 'till-1', ops: [sale(store, 1, 5)] });
      await connectAndLink(server, organisationId, store);
      await until(() => remote.quantityOfSku('SH-S'), (q) => q === 5, 10_000, 'the first link to send 5');
      await server.service.push(till, { ...versions, deviceId: 'till-1', ops: [sale(store, 2, -1)] });
      await until(() => remote.quantityOfSku('SH-S'), (q) => q === 4, 10_000, 'the sale to reach the channel');
      expect(remote.writes().length).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
      await database.cleanup();
    }
  });
});

describe('the channel worker of another process on PostgreSQL', () => {
  it('hears of a push taken by this process over the event bus', async () => {
    const remote = new FakeRemote('prestashop');
    const keys = `k1:${newKey()}`;
    const connectorFor: NonNullable<Exclude<SyncServerOptions['channels'], false>>['connectorFor'] = (_c, context) => remote.connector(context);
    // The process taking pushes runs no worker; the other one does, with a one-minute timer.
    const { database, server: front } = await start(postgresEngine, { channels: { keys, worker: false, connectorFor } });
    const back = await createSyncServer({ ...database.options, headOffice: false, channels: { keys, tickMs: 60_000, connectorFor } });
    try {
      const { organisationId, store, till } = await shop(remote, front);
      await front.service.push(till, { ...versions, deviceId: 'till-1', ops: [sale(store, 1, 3)] });
      await connectAndLink(front, organisationId, store);
      // The link was made through the front process; its wake-up reached only that process.
      back.channels!.worker.wake();
      await until(() => remote.quantityOfSku('SH-S'), (q) => q === 3, 10_000, 'the link quantities');
      await front.service.push(till, { ...versions, deviceId: 'till-1', ops: [sale(store, 2, -2)] });
      await until(() => remote.quantityOfSku('SH-S'), (q) => q === 1, 10_000, 'the other process to send the sale');
    } finally {
      await back.close();
      await front.close();
      await database.cleanup();
    }
  });
});
