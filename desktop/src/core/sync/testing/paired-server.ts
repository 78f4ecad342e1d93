/**
 * @module
 * A real sync server on 127.0.0.1 (SQLite in memory) with one organisation ("org"), one store
 * ("store") and one register paired to it through the HTTP pairing route, for the sync client's
 * tests.
 */
import type { Product } from '@cassa/shared';
import { createSyncServer } from '@cassa/sync-server';
import type { SyncServer } from '@cassa/sync-server';

export interface PairedServer {
  readonly server: SyncServer;
  readonly baseUrl: string;
  readonly till: { readonly deviceId: string; readonly deviceToken: string };
  /** The ops this register's pushes have brought the server to. */
  highWaterMark(): Promise<number>;
  close(): Promise<void>;
}

export async function startPairedServer(options: { products?: readonly Product[]; maxBodyBytes?: number } = {}): Promise<PairedServer> {
  const server = await createSyncServer({ sqlitePath: ':memory:', ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}) });
  const listening = await server.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${listening.port}`;
  await server.admin.createOrganisation({ id: 'org', name: 'Bottega' });
  await server.admin.upsertStore('org', { id: 'store', name: 'Negozio', addressLines: [], vatNumber: '' });
  if (options.products?.length) await server.admin.upsertProducts('org', [...options.products]);
  const { code } = await server.admin.createPairingCode('org', 'store');
  const res = await fetch(`${baseUrl}/v1/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ protocolVersion: 1, schemaVersion: 1, code, deviceName: 'Cassa 1' }),
  });
  const till = ((await res.json()) as { data: { deviceId: string; deviceToken: string } }).data;
  return {
    server,
    baseUrl,
    till,
    highWaterMark: () => server.storage.highWaterMark({ organisationId: 'org', storeId: 'store', deviceId: till.deviceId }),
    async close() {
      await listening.close();
      await server.close();
    },
  };
}
