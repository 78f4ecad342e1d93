/**
 * @module
 * The public API's catalogue (issue 19): products with their variants and barcodes, and each
 * store's own prices. Writes go through head office's own catalogue service (barcode checks, the
 * tills' streams), so an integrator's product is exactly one a head-office user could save.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import type { HttpContract } from '../../api/http-contract';
import { idSchema, isoTimestampSchema, productSchema, storePriceSchema } from '../../records/catalogue';
import type { PublicApiAccess } from '../access';
import { pageInputShape, pageOf, storeFilterShape } from './paging';

const read: PublicApiAccess = { scope: 'read', stores: 'filter' };

export const publicStorePriceInputSchema = z.object({
  storeId: idSchema,
  variantId: idSchema,
  /** Null removes the store's own price (the catalogue price applies again). */
  priceCents: storePriceSchema.shape.priceCents.nullable(),
});

export const publicCatalogueContract = {
  'api.products.list': route({
    method: 'GET',
    path: '/products',
    summary: 'Products with their variants and barcodes, by id; updatedSince keeps those written since',
    access: read,
    input: z.object({ ...pageInputShape, updatedSince: isoTimestampSchema.optional() }),
    output: pageOf(productSchema),
  }),
  'api.products.save': route({
    method: 'PUT',
    path: '/products/:id',
    summary: 'Creates or replaces a product and its variants and barcodes (a barcode another product holds is refused)',
    access: { scope: 'catalogue-write', stores: 'organisation' },
    input: productSchema,
    output: productSchema,
  }),
  'api.storePrices.list': route({
    method: 'GET',
    path: '/store-prices',
    summary: "Stores' own prices per variant, by store and variant",
    access: read,
    input: z.object({ ...pageInputShape, ...storeFilterShape }),
    output: pageOf(storePriceSchema),
  }),
  'api.storePrices.set': route({
    method: 'PUT',
    path: '/stores/:storeId/prices/:variantId',
    summary: "Sets or removes (null) one store's own price for a variant",
    access: { scope: 'catalogue-write', stores: 'input' },
    input: publicStorePriceInputSchema,
    output: publicStorePriceInputSchema,
  }),
} as const satisfies HttpContract<PublicApiAccess>;
