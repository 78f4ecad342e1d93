/**
 * @module
 * The public API's stock (issue 19): on hand per store and variant, what the sales channels' open
 * orders hold of it, and adjustments or counts booked like head office's own stock movements
 * (they move the stock levels and the channels' queued updates in the same transaction).
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import type { HttpContract } from '../../api/http-contract';
import { idSchema, isoTimestampSchema } from '../../records/catalogue';
import { boundedQuantitySchema } from '../../records/limits';
import { stockMovementRecordSchema } from '../../records/till-records';
import type { PublicApiAccess } from '../access';
import { pageInputShape, pageOf, storeFilterShape } from './paging';

export const publicStockLevelSchema = z.object({
  storeId: z.string(),
  variantId: z.string(),
  /** Thousandths of a unit. */
  onHandMilli: z.number().int(),
  /** Held for open orders of the sales channels. */
  reservedMilli: z.number().int(),
  availableMilli: z.number().int(),
  updatedAt: z.string(),
});

const quantity = boundedQuantitySchema;
export const stockAdjustmentLineSchema = z.union([
  z.object({ variantId: idSchema, deltaMilli: quantity.refine((n) => n !== 0, 'not zero') }).strict(),
  /** A count: books the difference to what is on hand when it arrives. */
  z.object({ variantId: idSchema, countedMilli: quantity.min(0) }).strict(),
]);

export const stockAdjustmentInputSchema = z.object({
  storeId: idSchema,
  /**
   * Your id for this adjustment, once per key: its movements are named after it (with the key's
   * id, within the 64 characters a movement id has), and it can be booked once.
   */
  id: z.string().min(1).max(39).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore'),
  reason: z.enum(['adjustment', 'goods-received']),
  /** Your document (a delivery note, a count sheet). */
  reference: idSchema.nullable().default(null),
  lines: z.array(stockAdjustmentLineSchema).min(1).max(500),
});

export const publicStockContract = {
  'api.stock.list': route({
    method: 'GET',
    path: '/stock',
    summary: 'On hand, held for channel orders and available, per store and variant',
    access: { scope: 'read', stores: 'filter' },
    input: z.object({ ...pageInputShape, ...storeFilterShape }),
    output: pageOf(publicStockLevelSchema),
  }),
  'api.stock.adjust': route({
    method: 'POST',
    path: '/stores/:storeId/stock-adjustments',
    summary: 'Books an adjustment or a count at a store, as head office stock movements',
    access: { scope: 'stock-write', stores: 'input' },
    input: stockAdjustmentInputSchema,
    output: z.object({ id: z.string(), storeId: z.string(), bookedAt: isoTimestampSchema, movements: z.array(stockMovementRecordSchema) }),
    status: 201,
  }),
} as const satisfies HttpContract<PublicApiAccess>;
