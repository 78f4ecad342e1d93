/**
 * @module
 * Stock across stores: on hand per variant per store, and transfers between stores. A transfer
 * is sent by someone who may act for the source store, received by someone who may act for the
 * destination, and cancelled (while in transit) from the source: the handler checks the store,
 * since it is the transfer's, not an input's. Everyone sees only transfers touching their stores.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { idSchema } from '../../records/catalogue';
import type { HeadOfficeAccess } from '../access';
import { signedIn } from '../access';

/** Owners and managers; which store they may act for is checked against the transfer. */
const transferWriters: HeadOfficeAccess = { roles: ['owner', 'manager'], scope: 'own-stores' };
/** Anyone signed in, every store: a manager sends to stores they do not run. */
const everyStoreName: HeadOfficeAccess = { roles: signedIn.roles, scope: 'none' };

export const stockRowViewSchema = z.object({
  storeId: z.string(),
  variantId: z.string(),
  productName: z.string(),
  sku: z.string(),
  /** Thousandths of a unit; negative when more left than the system knew of. */
  onHandMilli: z.number().int(),
});
export type StockRowView = z.output<typeof stockRowViewSchema>;

/** Query values: an empty one is no filter (the page sends what its fields hold). */
export const stockLevelsInputSchema = z.object({
  store: z.string().max(64).optional(),
  /** Only rows with at most this many units on hand. */
  low: z.union([z.literal('').transform(() => undefined), z.coerce.number<string | number>().finite()]).optional(),
  /** Searched in names and codes (its first 100 characters). */
  q: z.string().optional(),
});

export const storeNameSchema = z.object({ id: z.string(), name: z.string() });

/** in-transit: left the source (booked out there), not yet booked in at the destination. */
export const stockTransferStatusSchema = z.enum(['in-transit', 'received', 'cancelled']);
export type StockTransferStatus = z.output<typeof stockTransferStatusSchema>;

export const stockTransferLineInputSchema = z.object({
  variantId: idSchema,
  /** Thousandths of a unit, like every stock quantity; always positive. */
  quantityMilli: z.number().int().positive().max(1_000_000_000),
});
export type StockTransferLineInput = z.output<typeof stockTransferLineInputSchema>;

export const stockTransferInputSchema = z.object({
  fromStoreId: idSchema,
  toStoreId: idSchema,
  note: z.string().trim().max(500).default(''),
  lines: z.array(stockTransferLineInputSchema).min(1, 'add at least one line').max(500),
});
export type StockTransferInput = z.output<typeof stockTransferInputSchema>;

/**
 * What head office set right when a till received a transfer (issue 17): it had been received at
 * head office too (its own booking taken back), received by a second register (that count taken
 * back), or received after it was cancelled (the goods are where the till counted them).
 */
export const stockTransferProblemSchema = z.enum(['received-at-head-office-and-till', 'received-twice', 'received-after-cancel']);
export type StockTransferProblem = z.output<typeof stockTransferProblemSchema>;

export const stockTransferViewSchema = z.object({
  id: z.string(),
  fromStoreId: z.string(),
  toStoreId: z.string(),
  status: stockTransferStatusSchema,
  note: z.string(),
  lines: z.array(z.object({ variantId: z.string(), quantityMilli: z.number().int().positive(), productName: z.string(), sku: z.string() })),
  /** Who sent and who closed it, by name (their id when the person is gone). */
  createdBy: z.string(),
  createdAt: z.string(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Stock across stores (issue 17): what the receiving till counted (null: not received at a till); a difference from `lines` is short or over. */
  receivedLines: z.array(z.object({ variantId: z.string(), quantityMilli: z.number().int() })).nullable(),
  /** The register that received it by scanning. */
  receivedByRegister: z.string().nullable(),
  problem: stockTransferProblemSchema.nullable(),
});
export type StockTransferView = z.output<typeof stockTransferViewSchema>;

const transferId = z.object({ id: z.string().min(1).max(64) });

export const stockContract = {
  'stock.levels': route({
    method: 'GET',
    path: '/stock',
    summary: 'On hand per variant per store, in the stores the user may see (or one of them)',
    access: signedIn,
    input: stockLevelsInputSchema,
    output: z.array(stockRowViewSchema),
  }),
  'stock.stores': route({
    method: 'GET',
    path: '/stock/stores',
    summary: "Every store's name, to send to and read transfers from (names only, whatever the user's stores)",
    access: everyStoreName,
    input: z.object({}),
    output: z.array(storeNameSchema),
  }),
  'transfers.list': route({
    method: 'GET',
    path: '/stock/transfers',
    summary: "The latest transfers from or to the user's stores, newest first",
    access: signedIn,
    input: z.object({}),
    output: z.array(stockTransferViewSchema),
  }),
  'transfers.create': route({
    method: 'POST',
    path: '/stock/transfers',
    summary: 'Sends goods from one store to another: booked out at the source, in transit until received',
    access: transferWriters,
    input: stockTransferInputSchema,
    output: stockTransferViewSchema,
    status: 201,
  }),
  'transfers.receive': route({
    method: 'POST',
    path: '/stock/transfers/:id/receive',
    summary: 'Books a transfer in at its destination',
    access: transferWriters,
    input: transferId,
    output: stockTransferViewSchema,
  }),
  'transfers.cancel': route({
    method: 'POST',
    path: '/stock/transfers/:id/cancel',
    summary: 'Cancels a transfer in transit: the goods are booked back in at the source',
    access: transferWriters,
    input: transferId,
    output: stockTransferViewSchema,
  }),
} as const;
