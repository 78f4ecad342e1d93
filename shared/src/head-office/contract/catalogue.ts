/**
 * @module
 * The chain's catalogue as head office edits it: products, categories, a store's own prices and
 * the CSV import. Products and categories are organisation-wide (owners, and managers of every
 * store); a store price belongs to one store.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { importNoteSchema } from '../../api/till-views';
import { categorySchema, idSchema, productSchema, storePriceSchema } from '../../records/catalogue';
import { organisationWriters, signedIn, storeWriters } from '../access';

export const catalogueViewSchema = z.object({
  products: z.array(productSchema),
  categories: z.array(categorySchema),
  /** Only the prices of the stores the user may see. */
  storePrices: z.array(storePriceSchema),
});
export type CatalogueView = z.output<typeof catalogueViewSchema>;

/** A store's own price for a variant; null removes it (the catalogue price applies again). */
export const storePriceInputSchema = z.object({ storeId: idSchema, variantId: idSchema, priceCents: z.number().int().nonnegative().nullable() });
export type StorePriceInput = z.output<typeof storePriceInputSchema>;

export const catalogueImportInputSchema = z.object({ csv: z.string().min(1).max(20_000_000), dryRun: z.boolean().optional() });

/** Rejected and warned rows as the till's import reports them (a reason code with details). */
export const catalogueImportReportSchema = z.object({
  products: z.number().int().nonnegative(),
  variants: z.number().int().nonnegative(),
  rejected: z.array(importNoteSchema),
  warnings: z.array(importNoteSchema),
  /** True when nothing was written: the report says what a real import would do. */
  dryRun: z.boolean(),
});
export type CatalogueImportReport = z.output<typeof catalogueImportReportSchema>;

export const catalogueContract = {
  'catalogue.get': route({
    method: 'GET',
    path: '/catalogue',
    summary: 'Products, categories and the store prices of the stores the user may see',
    access: signedIn,
    input: z.object({}),
    output: catalogueViewSchema,
  }),
  'catalogue.saveProduct': route({
    method: 'POST',
    path: '/catalogue/products',
    summary: 'Adds or replaces a product; a barcode a scan would refuse, or another product holds, is refused',
    access: organisationWriters,
    input: productSchema,
    output: productSchema,
    status: 201,
  }),
  'catalogue.saveCategory': route({
    method: 'POST',
    path: '/catalogue/categories',
    summary: 'Adds or renames a category',
    access: organisationWriters,
    input: categorySchema,
    output: categorySchema,
    status: 201,
  }),
  'catalogue.setStorePrice': route({
    method: 'POST',
    path: '/catalogue/store-prices',
    summary: "Sets or removes (null) one store's own price for a variant",
    access: storeWriters,
    input: storePriceInputSchema,
    output: storePriceInputSchema,
    status: 201,
  }),
  'catalogue.import': route({
    method: 'POST',
    path: '/catalogue/import',
    summary: 'Imports a catalogue CSV (or only reports what it would do, with dryRun)',
    access: organisationWriters,
    input: catalogueImportInputSchema,
    output: catalogueImportReportSchema,
  }),
} as const;
