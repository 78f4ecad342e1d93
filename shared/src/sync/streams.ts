/**
 * @module
 * What flows down from head office: nine streams, each a set of keyed rows. A change is the
 * latest state of one row (or a tombstone when the row was deleted), so a till that was away for
 * a week gets each row once, not every edit made meanwhile.
 */
import { z } from 'zod';
import {
  categorySchema,
  chainCustomerSchema,
  incomingTransferSchema,
  ledgerAccountSchema,
  idSchema,
  productSchema,
  settingSchema,
  storePriceSchema,
  storeSchema,
  storeStockRowSchema,
  tillUserSchema,
} from '../records';

/**
 * `customers`, `ledgers` (vouchers, store credit, points) and `transfers` (to one store's tills only)
 * are written by head office itself as tills push; the others by people at head office.
 */
export const syncStreams = ['catalogue', 'prices', 'users', 'stores', 'settings', 'customers', 'ledgers', 'transfers', 'store-stock'] as const;
export const syncStreamSchema = z.enum(syncStreams);
export type SyncStream = z.infer<typeof syncStreamSchema>;

export const syncEntities = ['product', 'category', 'store-price', 'user', 'store', 'setting', 'customer', 'ledger-account', 'stock-transfer', 'store-stock'] as const;
export const syncEntitySchema = z.enum(syncEntities);
export type SyncEntity = z.infer<typeof syncEntitySchema>;

/** Which stream carries each entity. */
export const streamOfEntity: Readonly<Record<SyncEntity, SyncStream>> = {
  product: 'catalogue',
  category: 'catalogue',
  'store-price': 'prices',
  user: 'users',
  store: 'stores',
  setting: 'settings',
  customer: 'customers',
  'ledger-account': 'ledgers',
  'stock-transfer': 'transfers',
  // Issue 18: per store, keyed by variant id.
  'store-stock': 'store-stock',
};

const rowKeySchema = z.string().min(1).max(200);
/** Change number: its position in the stream, assigned in commit order. */
const changeNumberSchema = z.number().int().nonnegative();

/**
 * One row's latest state. `data: null` is a tombstone: the till deletes its copy.
 * Store prices are keyed `storeId:variantId`; ledger accounts `kind:account` (`ledgerAccountKey`);
 * everything else by its id (settings by key).
 */
export const syncChangeSchema = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('product'), key: rowKeySchema, change: changeNumberSchema, data: productSchema.nullable() }),
  z.object({ entity: z.literal('category'), key: rowKeySchema, change: changeNumberSchema, data: categorySchema.nullable() }),
  z.object({ entity: z.literal('store-price'), key: rowKeySchema, change: changeNumberSchema, data: storePriceSchema.nullable() }),
  z.object({ entity: z.literal('user'), key: rowKeySchema, change: changeNumberSchema, data: tillUserSchema.nullable() }),
  z.object({ entity: z.literal('store'), key: rowKeySchema, change: changeNumberSchema, data: storeSchema.nullable() }),
  z.object({ entity: z.literal('setting'), key: rowKeySchema, change: changeNumberSchema, data: settingSchema.nullable() }),
  z.object({ entity: z.literal('customer'), key: rowKeySchema, change: changeNumberSchema, data: chainCustomerSchema.nullable() }),
  z.object({ entity: z.literal('ledger-account'), key: rowKeySchema, change: changeNumberSchema, data: ledgerAccountSchema.nullable() }),
  z.object({ entity: z.literal('stock-transfer'), key: rowKeySchema, change: changeNumberSchema, data: incomingTransferSchema.nullable() }),
  z.object({ entity: z.literal('store-stock'), key: rowKeySchema, change: changeNumberSchema, data: storeStockRowSchema.nullable() }),
]);
export type SyncChange = z.infer<typeof syncChangeSchema>;

/**
 * A head-office write: an upsert of a whole row, or a deletion by key. Settings may be scoped to
 * one store (`storeId`); everything else in the catalogue, users and settings is organisation-wide.
 */
export const headOfficeChangeSchema = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('product'), data: productSchema }),
  z.object({ entity: z.literal('category'), data: categorySchema }),
  z.object({ entity: z.literal('store-price'), data: storePriceSchema }),
  z.object({ entity: z.literal('user'), data: tillUserSchema }),
  z.object({ entity: z.literal('store'), data: storeSchema }),
  z.object({ entity: z.literal('setting'), data: settingSchema, storeId: idSchema.nullable().optional() }),
  z.object({ entity: z.literal('delete'), target: syncEntitySchema, key: rowKeySchema }),
]);
export type HeadOfficeChange = z.infer<typeof headOfficeChangeSchema>;

export const headOfficeWriteSchema = z.object({
  changes: z.array(headOfficeChangeSchema).min(1).max(5_000),
});
export type HeadOfficeWrite = z.infer<typeof headOfficeWriteSchema>;

/** The key a row is stored and sent under. */
export function keyOfHeadOfficeChange(change: HeadOfficeChange): { entity: SyncEntity; key: string } {
  switch (change.entity) {
    case 'store-price':
      return { entity: change.entity, key: `${change.data.storeId}:${change.data.variantId}` };
    case 'setting':
      // A store's own value lives beside the organisation-wide one; the till prefers its store's.
      return { entity: change.entity, key: change.storeId ? `${change.storeId}:${change.data.key}` : change.data.key };
    case 'delete':
      return { entity: change.target, key: change.key };
    case 'product':
    case 'category':
    case 'user':
    case 'store':
      return { entity: change.entity, key: change.data.id };
  }
}
