/**
 * @module
 * What head office owns and sends down to tills: catalogue, prices, users, stores, settings.
 * Every sellable thing is a variant; a product without axes has exactly one variant, so stock,
 * barcodes and price overrides always hang off a variant and the till needs only one lookup path.
 */
import { z } from 'zod';
import { vatCodeSchema } from '../domain';
import { MAX_AMOUNT_CENTS, storableJson, text } from './limits';

export const idSchema = text().min(1).max(64);
export const centsSchema = z.number().int().safe();
export const isoTimestampSchema = z.iso.datetime({ offset: true });

export const unitSchema = z.enum(['piece', 'kg', 'm']);
export type Unit = z.infer<typeof unitSchema>;

export const roleSchema = z.enum(['cashier', 'manager', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const categorySchema = z.object({
  id: idSchema,
  name: text().min(1).max(120),
  parentId: idSchema.nullable(),
});
export type Category = z.infer<typeof categorySchema>;

/** A variation axis such as size or colour, with its values in display order. */
export const variantAxisSchema = z.object({
  name: text().min(1).max(40),
  values: z.array(text().min(1).max(40)).min(1).max(200),
});

export const variantSchema = z.object({
  id: idSchema,
  sku: text().min(1).max(64),
  barcodes: z.array(text().min(1).max(64)).max(20),
  /** Axis name → value, e.g. { taglia: 'M', colore: 'Blu' }; empty for a product without axes. */
  options: z.record(text().max(40), text().max(40)),
  /** Overrides the product price when set. */
  priceCents: centsSchema.min(-MAX_AMOUNT_CENTS).max(MAX_AMOUNT_CENTS).nullable(),
  active: z.boolean(),
});
export type Variant = z.infer<typeof variantSchema>;

/** The longest product name: one limit for the schema, the product editors and the imports. */
export const PRODUCT_NAME_MAX_LENGTH = 200;

export const productSchema = z.object({
  id: idSchema,
  sku: text().min(1).max(64),
  name: text().min(1).max(PRODUCT_NAME_MAX_LENGTH),
  categoryId: idSchema.nullable(),
  vatCode: vatCodeSchema,
  unit: unitSchema,
  priceCents: centsSchema.nonnegative().max(MAX_AMOUNT_CENTS),
  axes: z.array(variantAxisSchema).max(2),
  variants: z.array(variantSchema).min(1),
  active: z.boolean(),
});
export type Product = z.infer<typeof productSchema>;

export const tillUserSchema = z.object({
  id: idSchema,
  name: text().min(1).max(80),
  role: roleSchema,
  /** Slow-KDF hash of the PIN (scrypt, encoded as `scrypt$N$r$p$salt$hash`); never the PIN. */
  pinHash: text().min(1),
  active: z.boolean(),
  /** The stores whose registers receive this user; absent or empty: every store. */
  storeIds: z.array(idSchema).max(500).optional(),
});
export type TillUser = z.infer<typeof tillUserSchema>;

export const storeSchema = z.object({
  id: idSchema,
  name: text().min(1).max(120),
  addressLines: z.array(text().max(120)).max(4),
  vatNumber: text().max(32),
  /** IANA zone the shop's receipts and business days use (e.g. Europe/Rome); absent on older records. */
  timeZone: text().min(1).max(64).optional(),
});
export type Store = z.infer<typeof storeSchema>;

/** A store's own price for a variant (a price list entry), overriding the catalogue price. */
export const storePriceSchema = z.object({
  storeId: idSchema,
  variantId: idSchema,
  priceCents: centsSchema.nonnegative().max(MAX_AMOUNT_CENTS),
});
export type StorePrice = z.infer<typeof storePriceSchema>;

export const settingSchema = z.object({
  key: text().min(1).max(80),
  value: storableJson(65_536),
});
export type Setting = z.infer<typeof settingSchema>;
