/**
 * @module
 * Head office's side, as functions: organisations, stores, pairing codes, catalogue writes,
 * device revocation and sales read-outs. The admin HTTP routes call these, and so can an
 * embedding host such as the till's demo mode, which seeds a local server without HTTP.
 */
import { randomUUID } from 'node:crypto';
import { CassaError } from '@cassa/shared';
import type {
  DailySalesQuery,
  DailySalesTotal,
  DeviceInfo,
  HeadOfficeChange,
  Organisation,
  PairingCodeResponse,
  Product,
  Setting,
  Store,
  StorePrice,
  SyncStream,
  TillUser,
  Category,
} from '@cassa/shared';
import type { ChangeNotifier } from './change-notifier';
import { hashPairingCode, newPairingCode } from './credentials';
import type { SyncStorage, TouchedStream } from './storage/storage';

export const DEFAULT_PAIRING_TTL_MINUTES = 24 * 60;

export interface AdminApi {
  createOrganisation(input: { id?: string; name: string }): Promise<Organisation>;
  upsertStore(organisationId: string, store: Store): Promise<void>;
  /** A one-time code a till types to pair with `storeId`. */
  createPairingCode(organisationId: string, storeId: string, options?: { ttlMinutes?: number }): Promise<PairingCodeResponse>;
  /**
   * A one-time code that pairs one known register again, in its store, without the token its
   * till would otherwise have to present (the till lost it: a reinstall, an old backup).
   */
  createRegisterPairingCode(organisationId: string, deviceId: string, options?: { ttlMinutes?: number }): Promise<PairingCodeResponse>;
  /** Any mix of head-office rows and deletions, in one transaction; tills are notified. */
  writeChanges(organisationId: string, changes: readonly HeadOfficeChange[]): Promise<TouchedStream[]>;
  /** Stock across stores (issue 17): tells tills of rows head office wrote itself (a transfer for a store). */
  notifyTills(organisationId: string, touched: readonly TouchedStream[]): void;
  upsertProducts(organisationId: string, products: readonly Product[]): Promise<void>;
  upsertCategories(organisationId: string, categories: readonly Category[]): Promise<void>;
  upsertUsers(organisationId: string, users: readonly TillUser[]): Promise<void>;
  upsertStorePrices(organisationId: string, prices: readonly StorePrice[]): Promise<void>;
  upsertSettings(organisationId: string, settings: readonly Setting[], storeId?: string): Promise<void>;
  listDevices(organisationId: string): Promise<DeviceInfo[]>;
  revokeDevice(organisationId: string, deviceId: string): Promise<void>;
  dailySalesTotals(organisationId: string, query: DailySalesQuery): Promise<DailySalesTotal[]>;
  /** Forgets deletions up to `upToChange`; tills whose cursor is older must reload the stream. */
  purgeTombstones(organisationId: string, stream: SyncStream, upToChange: number): Promise<number>;
}

export function createAdminApi(deps: { storage: SyncStorage; notifier: ChangeNotifier; now: () => Date }): AdminApi {
  const { storage, notifier, now } = deps;

  async function requireOrganisation(organisationId: string): Promise<void> {
    if (!(await storage.getOrganisation(organisationId))) {
      throw new CassaError('NOT_FOUND', `No organisation ${organisationId}`);
    }
  }

  const api: AdminApi = {
    createOrganisation(input) {
      return storage.createOrganisation({ id: input.id ?? `org_${randomUUID()}`, name: input.name }, now());
    },

    async upsertStore(organisationId, store) {
      await api.writeChanges(organisationId, [{ entity: 'store', data: store }]);
    },

    async createPairingCode(organisationId, storeId, options = {}) {
      await requireOrganisation(organisationId);
      if (!(await storage.storeExists(organisationId, storeId))) {
        throw new CassaError('NOT_FOUND', `No store ${storeId} in organisation ${organisationId}`);
      }
      const code = newPairingCode();
      const issuedAt = now();
      const expiresAt = new Date(issuedAt.getTime() + (options.ttlMinutes ?? DEFAULT_PAIRING_TTL_MINUTES) * 60_000);
      await storage.createPairingCode({ organisationId, storeId, codeHash: hashPairingCode(code), expiresAt }, issuedAt);
      return { code, organisationId, storeId, expiresAt: expiresAt.toISOString() };
    },

    async createRegisterPairingCode(organisationId, deviceId, options = {}) {
      await requireOrganisation(organisationId);
      const device = (await storage.listDevices(organisationId)).find((d) => d.id === deviceId);
      if (!device) throw new CassaError('NOT_FOUND', `No register ${deviceId} in organisation ${organisationId}`);
      const code = newPairingCode();
      const issuedAt = now();
      const expiresAt = new Date(issuedAt.getTime() + (options.ttlMinutes ?? DEFAULT_PAIRING_TTL_MINUTES) * 60_000);
      await storage.createPairingCode({ organisationId, storeId: device.storeId, codeHash: hashPairingCode(code), expiresAt, forDeviceId: deviceId }, issuedAt);
      return { code, organisationId, storeId: device.storeId, expiresAt: expiresAt.toISOString() };
    },

    async writeChanges(organisationId, changes) {
      await requireOrganisation(organisationId);
      for (const change of changes) {
        if (change.entity === 'store-price' && !(await storage.storeExists(organisationId, change.data.storeId))) {
          throw new CassaError('NOT_FOUND', `No store ${change.data.storeId} in organisation ${organisationId}`);
        }
        if (change.entity === 'setting' && change.storeId && !(await storage.storeExists(organisationId, change.storeId))) {
          throw new CassaError('NOT_FOUND', `No store ${change.storeId} in organisation ${organisationId}`);
        }
      }
      const touched = await storage.writeHeadOfficeChanges(organisationId, changes, now());
      notifier.publish(organisationId, touched);
      return touched;
    },

    notifyTills(organisationId, touched) {
      notifier.publish(organisationId, touched);
    },

    async upsertProducts(organisationId, products) {
      await api.writeChanges(organisationId, products.map((data) => ({ entity: 'product', data })));
    },
    async upsertCategories(organisationId, categories) {
      await api.writeChanges(organisationId, categories.map((data) => ({ entity: 'category', data })));
    },
    async upsertUsers(organisationId, users) {
      await api.writeChanges(organisationId, users.map((data) => ({ entity: 'user', data })));
    },
    async upsertStorePrices(organisationId, prices) {
      await api.writeChanges(organisationId, prices.map((data) => ({ entity: 'store-price', data })));
    },
    async upsertSettings(organisationId, settings, storeId) {
      await api.writeChanges(organisationId, settings.map((data) => ({ entity: 'setting', data, storeId: storeId ?? null })));
    },

    async listDevices(organisationId) {
      await requireOrganisation(organisationId);
      return storage.listDevices(organisationId);
    },

    async revokeDevice(organisationId, deviceId) {
      if (!(await storage.revokeDevice(organisationId, deviceId, now()))) {
        throw new CassaError('NOT_FOUND', `No active device ${deviceId} in organisation ${organisationId}`);
      }
      notifier.disconnect(organisationId, deviceId);
    },

    async dailySalesTotals(organisationId, query) {
      await requireOrganisation(organisationId);
      return storage.dailySalesTotals(organisationId, query);
    },

    async purgeTombstones(organisationId, stream, upToChange) {
      await requireOrganisation(organisationId);
      return storage.purgeTombstones(organisationId, stream, upToChange);
    },
  };
  return api;
}
