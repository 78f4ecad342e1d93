/**
 * @module
 * Transfers between stores, apart from HTTP: sent by someone who may act for the source store,
 * received by someone who may act for the destination, cancelled (while in transit) from the
 * source; everyone sees only transfers touching their stores. Storage books the stock and refuses
 * a transfer closed twice (CONFLICT with its status).
 */
import { randomUUID } from 'node:crypto';
import type { StockTransferInput, StockTransferView } from '@cassa/shared';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import type { SyncStorage, TouchedStream } from '../../storage/storage';
import { requireStore, storeScope } from '../auth';

/** The newest this many transfers are listed. */
const LISTED_TRANSFERS = 200;

export interface StockTransfersService {
  list(user: HeadOfficeUserRow): Promise<StockTransferView[]>;
  create(user: HeadOfficeUserRow, input: StockTransferInput): Promise<StockTransferView>;
  close(user: HeadOfficeUserRow, id: string, action: 'receive' | 'cancel'): Promise<StockTransferView>;
}

export function createStockTransfersService(deps: {
  readonly storage: SyncStorage;
  readonly now: () => Date;
  /** Tells the destination store's tills their `transfers` stream moved (issue 17). */
  readonly notifyTills?: (organisationId: string, touched: readonly TouchedStream[]) => void;
}): StockTransfersService {
  const { storage, now } = deps;
  // Both stores' `store-stock` rows move with head office's legs (issue 18): their tills pull now.
  const notify = (organisationId: string, transfer: StockTransferView): void =>
    deps.notifyTills?.(organisationId, [
      { stream: 'transfers', storeId: transfer.toStoreId },
      { stream: 'store-stock', storeId: transfer.fromStoreId },
      { stream: 'store-stock', storeId: transfer.toStoreId },
    ]);

  /** Who sent and who closed, by name: the stored ids outlive renames, names read better. */
  async function withNames(organisationId: string, transfers: StockTransferView[]): Promise<StockTransferView[]> {
    const names = new Map((await storage.headOffice.listUsers(organisationId)).map((u) => [u.id, u.name]));
    // Issue 17: a transfer received at a till was closed by that register.
    const registers = transfers.some((t) => t.receivedByRegister !== null)
      ? new Map((await storage.headOffice.listRegisters(organisationId)).map((r) => [r.id, r.name]))
      : new Map<string, string>();
    for (const [id, name] of registers) names.set(id, name);
    return transfers.map((t) => ({
      ...t,
      createdBy: names.get(t.createdBy) ?? t.createdBy,
      closedBy: t.closedBy === null ? null : (names.get(t.closedBy) ?? t.closedBy),
      receivedByRegister: t.receivedByRegister === null ? null : (registers.get(t.receivedByRegister) ?? t.receivedByRegister),
    }));
  }

  const named = async (organisationId: string, transfer: StockTransferView) => (await withNames(organisationId, [transfer]))[0] ?? transfer;

  return {
    async list(user) {
      return withNames(user.organisationId, await storage.stockTransfers.list(user.organisationId, storeScope(user), LISTED_TRANSFERS));
    },
    async create(user, input) {
      requireStore(user, input.fromStoreId);
      const created = await storage.stockTransfers.create({ ...input, organisationId: user.organisationId, id: `tr-${randomUUID()}`, userId: user.id, now: now() });
      notify(user.organisationId, created);
      return named(user.organisationId, created);
    },
    async close(user, id, action) {
      const transfer = await storage.stockTransfers.get(user.organisationId, id);
      // An unknown id (or another organisation's) is storage's NOT_FOUND.
      if (transfer) requireStore(user, action === 'receive' ? transfer.toStoreId : transfer.fromStoreId);
      const closed = await storage.stockTransfers.close(user.organisationId, id, action, user.id, now());
      notify(user.organisationId, closed);
      return named(user.organisationId, closed);
    },
  };
}
