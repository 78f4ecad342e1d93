/**
 * @module
 * Imports from the ERP (issue 19, item 4): a file of items, barcodes or price-list prices in a
 * preset or the user's own column map, read with a dry run that reports every row (refused rows
 * with their line and reason) and then imported as a whole — or not at all. Price lists land on
 * the stores their code is linked to; the ERP's VAT codes map onto Cassa's. Organisation-wide:
 * owners, and managers of every store.
 */
import { z } from 'zod';
import type { HttpContract } from '../../api/http-contract';
import { route } from '../../api/http-contract';
import { importNoteSchema } from '../../api/till-views';
import { vatCodeSchema } from '../../domain';
import { ERP_IMPORT_KINDS, erpImportFormatSchema } from '../../erp/import-formats';
import { idSchema } from '../../records/catalogue';
import { text } from '../../records/limits';
import type { HeadOfficeAccess } from '../access';
import { organisationWriters } from '../access';

/** Base64 of the file's bytes: the server decodes them in the format's encoding (Windows-1252 or UTF-8). */
export const erpImportInputSchema = z.object({
  format: erpImportFormatSchema,
  file: z.string().min(1).max(7_000_000).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  fileName: text().max(200).default(''),
  dryRun: z.boolean(),
});
export type ErpImportInput = z.input<typeof erpImportInputSchema>;

export const erpImportReportSchema = z.object({
  kind: z.enum(ERP_IMPORT_KINDS),
  /** True when nothing was written: the report says what the import would do. */
  dryRun: z.boolean(),
  /** Rows read from the file (refused ones included). */
  rows: z.number().int().nonnegative(),
  /** Items: new products. */
  created: z.number().int().nonnegative(),
  /** Items: products re-described; barcodes: codes added; prices: prices changed. */
  updated: z.number().int().nonnegative(),
  /** Rows that would change nothing: the catalogue already says so. */
  unchanged: z.number().int().nonnegative(),
  /** Barcodes taken from another product because their row said so. */
  moved: z.number().int().nonnegative(),
  refused: z.array(importNoteSchema),
  warnings: z.array(importNoteSchema),
  /** The recorded run of a real import that wrote; null for a dry run. */
  runId: z.string().nullable(),
});
export type ErpImportReport = z.output<typeof erpImportReportSchema>;

export const erpPriceListLinkSchema = z.object({
  listCode: text().min(1).max(64),
  /** Empty: the whole chain (the products' own price). */
  storeIds: z.array(idSchema).max(500),
});
export type ErpPriceListLink = z.output<typeof erpPriceListLinkSchema>;

export const erpVatCodeLinkSchema = z.object({ erpCode: text().min(1).max(20), vatCode: vatCodeSchema });

export const erpImportRunSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(ERP_IMPORT_KINDS),
  format: z.string(),
  fileName: z.string(),
  rowsRead: z.number().int(),
  rowsWritten: z.number().int(),
  rowsRefused: z.number().int(),
});

export const erpImportSettingsSchema = z.object({
  priceLists: z.array(erpPriceListLinkSchema),
  vatCodes: z.array(erpVatCodeLinkSchema),
  /** The latest imports that wrote, newest first. */
  runs: z.array(erpImportRunSchema),
});
export type ErpImportSettings = z.output<typeof erpImportSettingsSchema>;

export const erpImportsContract = {
  'erpImports.run': route({
    method: 'POST',
    path: '/erp-imports',
    summary: "Reads an ERP's items, barcodes or price-list file; with dryRun only reports, row by row, what it would do",
    access: organisationWriters,
    input: erpImportInputSchema,
    output: erpImportReportSchema,
  }),
  'erpImports.settings': route({
    method: 'GET',
    path: '/erp-imports/settings',
    summary: "The price lists' stores, the ERP's VAT codes and the latest imports",
    access: organisationWriters,
    input: z.object({}),
    output: erpImportSettingsSchema,
  }),
  'erpImports.setPriceList': route({
    method: 'PUT',
    path: '/erp-imports/price-lists',
    summary: 'Links an ERP price list to stores (none: the whole chain), or unlinks it with null',
    access: organisationWriters,
    input: z.object({ listCode: text().min(1).max(64), storeIds: z.array(idSchema).max(500).nullable() }),
    output: erpImportSettingsSchema,
  }),
  'erpImports.setVatCode': route({
    method: 'PUT',
    path: '/erp-imports/vat-codes',
    summary: "Maps one of the ERP's VAT codes to a rate or nature, or removes the mapping with null",
    access: organisationWriters,
    input: z.object({ erpCode: text().min(1).max(20), vatCode: vatCodeSchema.nullable() }),
    output: erpImportSettingsSchema,
  }),
} as const satisfies HttpContract<HeadOfficeAccess>;
