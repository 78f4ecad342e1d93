/**
 * @module
 * The head-office server that `npm start` runs beside the demo till, on its own SQLite file in
 * the same data folder, so a newcomer sees head office fill up as they sell. On first start it
 * creates the demo organisation and store, publishes the demo catalogue and users, and pairs the
 * till with a one-time code, exactly as a real shop would.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListeningServer, Logger, SyncServer } from '@cassa/sync-server';
import { createSyncServer, hashSecret } from '@cassa/sync-server';
import type { TillCore } from '../core';
import { demoCatalogue, demoShop } from '../core';

export const demoOrganisationId = 'org-demo';
export const demoStoreId = 'store-milano';
/** The demo's head-office owner, listed in the README. */
export const demoOwner = { email: 'titolare@bottega.demo', password: 'cassa-demo-2026' } as const;

export interface EmbeddedHeadOffice {
  readonly server: SyncServer;
  readonly url: string;
  close(): Promise<void>;
}

export async function startEmbeddedHeadOffice(options: {
  dataDir: string;
  port: number;
  adminToken?: string;
  log?: Logger;
  /** The built head-office web app; the sync server's own `dist/web` when not given. */
  webRoot?: string;
}): Promise<EmbeddedHeadOffice> {
  const server = await createSyncServer({
    sqlitePath: join(options.dataDir, 'head-office.sqlite'),
    // The demo's head office runs on this machine beside `npm run channel-emulators`: it seals
    // channel credentials with its own key and may call the emulators on 127.0.0.1.
    channels: { keys: process.env.CASSA_CHANNEL_KEYS ?? demoChannelKey(options.dataDir), allowPrivate: true },
    ...(options.webRoot ? { headOffice: { webRoot: options.webRoot } } : {}),
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  let listening: ListeningServer;
  try {
    listening = await server.listen(options.port, '127.0.0.1');
  } catch {
    // The usual port is taken (another demo running): any free one will do.
    listening = await server.listen(0, '127.0.0.1');
  }
  return {
    server,
    url: `http://127.0.0.1:${listening.port}`,
    async close() {
      await listening.close();
      await server.close();
    },
  };
}

/** First start of the demo: publish the demo shop to head office and pair the till with it. */
export async function pairDemoTill(core: TillCore, headOffice: EmbeddedHeadOffice): Promise<void> {
  const { admin } = headOffice.server;
  const settings = core.services.context.settings;
  if (settings.get('sync.embedded') === 'true') {
    // Already paired on an earlier start; the embedded server may have a new port now.
    if (settings.get('sync.serverUrl') !== headOffice.url) {
      core.store.write(() => settings.set('sync.serverUrl', headOffice.url));
      await core.services.sync.start();
    }
    return;
  }
  if (core.services.sync.pairing.current()) return;
  await admin.createOrganisation({ id: demoOrganisationId, name: demoShop.name });
  await headOffice.server.storage.headOffice.createUser(
    {
      organisationId: demoOrganisationId,
      id: 'hou-demo-owner',
      email: demoOwner.email,
      name: 'Titolare',
      passwordHash: await hashSecret(demoOwner.password),
      role: 'owner',
      storeIds: [],
    },
    new Date(),
  );
  await admin.upsertStore(demoOrganisationId, {
    id: demoStoreId,
    name: demoShop.name,
    addressLines: [...demoShop.addressLines],
    vatNumber: demoShop.vatNumber,
  });
  const catalogue = demoCatalogue();
  await admin.upsertCategories(demoOrganisationId, catalogue.categories);
  await admin.upsertProducts(demoOrganisationId, catalogue.products);
  // Head office takes over the users the demo till was seeded with, PIN hashes unchanged.
  await admin.upsertUsers(demoOrganisationId, core.services.users.exportAll());
  const { code } = await admin.createPairingCode(demoOrganisationId, demoStoreId);
  await core.services.sync.pair(headOffice.url, code);
  core.store.write(() => settings.set('sync.embedded', 'true'));
}

/**
 * The demo head office's channel key, made on its first start and kept beside its database (0600),
 * so credentials sealed yesterday still open today. A real head office takes `CASSA_CHANNEL_KEYS`.
 */
function demoChannelKey(dataDir: string): string {
  const path = join(dataDir, 'channel-key');
  if (!existsSync(path)) writeFileSync(path, `demo:${randomBytes(32).toString('base64')}`, { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}
