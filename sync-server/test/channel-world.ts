/**
 * A head office with channel accounts for the framework's tests (issue 18): a fresh database per
 * test on the given engine, an organisation with two stores and a catalogue, a paired till whose
 * pushes move stock, a credentials vault, and an in-memory remote behind the fake connector.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelCredentials, ChannelKind, Product, TillRecord } from '@cassa/shared';
import { afterEach } from 'vitest';
import { createAdminApi, createChangeNotifier, createChannelRuntime, createChannelWorker, createCredentialsVault, createLocalBus, createSyncService, credentialHints, openStorage } from '../src/index';
import type { AdminApi, ChannelAccountRow, ChannelConnector, ConnectorContext, ChannelRuntime, ChannelWorker, ChannelWorkerOptions, CredentialsVault, DevicePrincipal, SyncService, SyncStorage } from '../src/index';
import { versions } from './fixtures';
import type { Engine, EngineDatabase } from './fixtures';

export const newKey = (): string => randomBytes(32).toString('base64');

export const SECRET = 'ps-secret-api-key-0123456789-DO-NOT-LEAK';

export function fakeCredentials(kind: ChannelKind): ChannelCredentials {
  switch (kind) {
    case 'prestashop':
      return { kind, baseUrl: 'http://127.0.0.1:9/shop', apiKey: SECRET, shopId: 1, version: '8' };
    case 'amazon':
      return {
        kind,
        endpoint: 'http://127.0.0.1:9/sp',
        tokenUrl: 'http://127.0.0.1:9/token',
        clientId: 'amzn-client',
        clientSecret: SECRET,
        refreshToken: `${SECRET}-refresh`,
        sellerId: 'SELLER',
        marketplaceId: 'APJ6JRA9NG5V4',
        productType: 'PRODUCT',
      };
    case 'ebay':
      return { kind, apiBaseUrl: 'http://127.0.0.1:9/ebay', clientId: 'ebay-client', clientSecret: SECRET, refreshToken: `${SECRET}-refresh`, marketplaceId: 'EBAY_IT', merchantLocationKey: 'milano' };
  }
}

/** A product whose variants have SKUs `<id>-<n>` and barcodes given per variant (or none). */
export function catalogueProduct(id: string, variants: readonly { readonly sku: string; readonly barcodes?: readonly string[] }[]): Product {
  return {
    id,
    sku: `P-${id}`,
    name: `Maglia ${id}`,
    categoryId: null,
    vatCode: '22',
    unit: 'piece',
    priceCents: 1990,
    axes: [],
    variants: variants.map((v, n) => ({ id: `${id}-v${n + 1}`, sku: v.sku, barcodes: [...(v.barcodes ?? [])], options: {}, priceCents: null, active: true })),
    active: true,
  };
}

/** The remote a world's accounts talk to (the tests give `FakeRemote` from `src/channels/testing`). */
export interface WorldRemote {
  readonly kind: ChannelKind;
  connector(context: ConnectorContext): ChannelConnector;
}

export interface ChannelWorld<R extends WorldRemote = WorldRemote> {
  readonly engine: Engine;
  readonly databaseOptions: EngineDatabase['options'];
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
  readonly service: SyncService;
  readonly organisationId: string;
  readonly stores: readonly [string, string];
  readonly till: DevicePrincipal;
  readonly remote: R;
  vault: CredentialsVault;
  clock: Date;
  readonly now: () => Date;
  runtime(options?: { readonly storage?: SyncStorage; readonly vault?: CredentialsVault; readonly remote?: WorldRemote }): ChannelRuntime;
  worker(options?: Partial<ChannelWorkerOptions> & { readonly storage?: SyncStorage }): ChannelWorker;
  /** Connects an account straight through storage (the service has its own tests). */
  connect(input?: { readonly kind?: ChannelKind; readonly storeIds?: readonly string[]; readonly safetyBuffer?: number; readonly id?: string }): Promise<ChannelAccountRow>;
  /** The till at the first store pushes these movements (units, negative for a sale). */
  push(moves: readonly { readonly variantId: string; readonly units: number }[]): Promise<void>;
  /** Opens another storage on the same database (a second server process). */
  openAnother(): Promise<SyncStorage>;
}

export function channelWorldPerTest<R extends WorldRemote>(
  engine: Engine,
  makeRemote: (kind: ChannelKind) => R,
): (options?: { readonly products?: readonly Product[]; readonly kind?: ChannelKind }) => Promise<ChannelWorld<R>> {
  const toClose: SyncStorage[] = [];
  let database: EngineDatabase | null = null;
  afterEach(async () => {
    for (const s of toClose.splice(0)) await s.close();
    await database?.cleanup();
    database = null;
  });
  return async (options = {}) => {
    database = await engine.database();
    const databaseOptions = database.options;
    const storage = await openStorage(databaseOptions);
    toClose.push(storage);
    const holder: { clock: Date } = { clock: new Date('2026-12-03T09:00:00Z') };
    const now = () => holder.clock;
    const admin = createAdminApi({ storage, notifier: createChangeNotifier(createLocalBus()), now });
    const service = createSyncService({ storage, notifier: createChangeNotifier(createLocalBus()), now });
    const org = await admin.createOrganisation({ name: 'Boutique Rossi' });
    const stores = [`${org.id}-milano`, `${org.id}-roma`] as const;
    for (const id of stores) await admin.upsertStore(org.id, { id, name: id, addressLines: [], vatNumber: '' });
    await admin.upsertProducts(org.id, options.products ?? [catalogueProduct('shirt', [{ sku: 'SH-S' }, { sku: 'SH-M' }, { sku: 'SH-L' }])]);
    const { code } = await admin.createPairingCode(org.id, stores[0]);
    const deviceId = `${org.id}-till`;
    await service.pair({ ...versions, code, deviceName: 'Cassa 1', deviceId });
    const till = { organisationId: org.id, storeId: stores[0], deviceId };
    let seq = 0;
    let accounts = 0;
    const remote = makeRemote(options.kind ?? 'prestashop');
    const world: ChannelWorld<R> = {
      engine,
      databaseOptions,
      storage,
      admin,
      service,
      organisationId: org.id,
      stores,
      till,
      remote,
      vault: createCredentialsVault(`k1:${newKey()}`),
      get clock() {
        return holder.clock;
      },
      set clock(value: Date) {
        holder.clock = value;
      },
      now,
      runtime(given = {}) {
        const fake = given.remote ?? remote;
        return createChannelRuntime({ storage: given.storage ?? storage, vault: given.vault ?? world.vault, now, connectorFor: (_credentials, context) => fake.connector(context) });
      },
      worker(given = {}) {
        return createChannelWorker({ runtime: world.runtime({ ...(given.storage ? { storage: given.storage } : {}) }), random: () => 0.5, orders: null, ...given });
      },
      async connect(input = {}) {
        const id = input.id ?? `acct-${++accounts}`;
        const credentials = fakeCredentials(input.kind ?? remote.kind);
        const sealed = world.vault.seal(org.id, id, credentials);
        const at = now().toISOString();
        const row: ChannelAccountRow = {
          organisationId: org.id,
          id,
          kind: credentials.kind,
          name: `Negozio online ${id}`,
          status: 'active',
          storeIds: input.storeIds ?? [stores[0]],
          safetyBuffer: input.safetyBuffer ?? 0,
          credentials: sealed.sealed,
          credentialsKeyId: sealed.keyId,
          credentialHints: credentialHints(credentials),
          lastStockPushAt: null,
          lastOrderPullAt: null,
          lastReconcileAt: null,
          lastProblem: null,
          lastProblemDetail: null,
          lastProblemAt: null,
          createdAt: at,
          updatedAt: at,
        };
        await storage.channels.createAccount(row);
        return row;
      },
      async push(moves) {
        let next = seq;
        const ops = moves.map((move) => {
          next++;
          const n = next;
          const record: TillRecord = {
            type: 'stock-movement',
            record: {
              id: `${deviceId}-m${n}`,
              storeId: stores[0],
              deviceId,
              variantId: move.variantId,
              deltaMilli: move.units * 1000,
              reason: move.units < 0 ? 'sale' : 'goods-received',
              referenceId: null,
              userId: null,
              at: now().toISOString(),
            },
          };
          return { seq: n, opId: `op-${n}`, record };
        });
        await service.push(till, { ...versions, deviceId, ops });
        // A push that failed is sent again with the same numbers, as a till would.
        seq = next;
      },
      async openAnother() {
        const another = await openStorage(databaseOptions);
        toClose.push(another);
        return another;
      },
    };
    return world;
  };
}
