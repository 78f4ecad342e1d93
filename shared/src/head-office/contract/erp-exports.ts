/**
 * @module
 * ERP exports at head office (issue 19): "Esportazioni per il gestionale". Owners and managers of
 * every store set up export profiles (a column map from export-profiles.ts, the stores, an optional
 * daily time), run an export for a range of days, list the exports made and download each file as
 * it was made (checksum included). The files hold every chosen store's takings, so a user limited
 * to some stores may not.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import type { HttpContract } from '../../api/http-contract';
import { exportDatasetSchema, exportFormatSchema, exportLayoutSchema } from '../../erp/export-profiles';
import { idSchema } from '../../records/catalogue';
import { text } from '../../records/limits';
import type { HeadOfficeAccess } from '../access';

const exportPeople: HeadOfficeAccess = { roles: ['owner', 'manager'], scope: 'every-store' };

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const exportDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (day) => {
      const at = Date.parse(`${day}T00:00:00Z`);
      // 2026-13-01 does not parse; 2026-02-30 parses as 2 March.
      return Number.isFinite(at) && new Date(at).toISOString().startsWith(day);
    },
    { message: 'Not a calendar day' },
  );

/** The longest range one export covers: a quarter. */
export const MAX_EXPORT_DAYS = 92;

export const erpExportProfileInputSchema = z.object({
  name: text().min(1).max(80),
  layout: exportLayoutSchema,
  /** Null: every store. */
  storeIds: z.array(idSchema).min(1).max(100).nullable(),
  /** Export yesterday every day at this time (`HH:MM`, the first store's zone); null: only by hand. */
  scheduleTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .nullable(),
});
export type ErpExportProfileInput = z.input<typeof erpExportProfileInputSchema>;

export const erpExportProfileViewSchema = erpExportProfileInputSchema.extend({
  id: z.string(),
  lastScheduledDay: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ErpExportProfileView = z.output<typeof erpExportProfileViewSchema>;

export const erpExportViewSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  dataset: exportDatasetSchema,
  format: exportFormatSchema,
  from: z.string(),
  to: z.string(),
  storeIds: z.array(z.string()).nullable(),
  fileName: z.string(),
  /** SHA-256 of the file's bytes, hex: the same days re-exported give the same checksum. */
  checksum: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  /** A user's id, `schedule`, or `api:<key id>`. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ErpExportView = z.output<typeof erpExportViewSchema>;

export const erpExportFileSchema = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  checksum: z.string(),
  /** The file's text (UTF-8; fixed-width files are ASCII). */
  content: z.string(),
});
export type ErpExportFile = z.output<typeof erpExportFileSchema>;

export const erpExportRunInputSchema = z.object({
  profileId: idSchema,
  from: exportDaySchema,
  to: exportDaySchema,
});

export const erpExportListInputSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional(),
  profileId: idSchema.optional(),
});
export const erpExportPageSchema = z.object({ exports: z.array(erpExportViewSchema), next: z.string().nullable() });

const profileId = z.object({ profileId: idSchema });

export const erpExportsContract = {
  'erpExports.profiles': route({
    method: 'GET',
    path: '/erp/export-profiles',
    summary: 'The ERP export profiles',
    access: exportPeople,
    input: z.object({}),
    output: z.object({ profiles: z.array(erpExportProfileViewSchema) }),
  }),
  'erpExports.createProfile': route({
    method: 'POST',
    path: '/erp/export-profiles',
    summary: 'Creates an ERP export profile',
    access: exportPeople,
    input: erpExportProfileInputSchema,
    output: erpExportProfileViewSchema,
    status: 201,
  }),
  'erpExports.updateProfile': route({
    method: 'PUT',
    path: '/erp/export-profiles/:profileId',
    summary: 'Replaces an ERP export profile',
    access: exportPeople,
    input: erpExportProfileInputSchema.extend(profileId.shape),
    output: erpExportProfileViewSchema,
  }),
  'erpExports.deleteProfile': route({
    method: 'DELETE',
    path: '/erp/export-profiles/:profileId',
    summary: 'Deletes an ERP export profile (the exports made stay)',
    access: exportPeople,
    input: profileId,
    output: z.object({ deleted: z.literal(true) }),
  }),
  'erpExports.run': route({
    method: 'POST',
    path: '/erp/exports',
    summary: 'Exports a range of business days with a profile now',
    access: exportPeople,
    input: erpExportRunInputSchema,
    output: erpExportViewSchema,
    status: 201,
  }),
  'erpExports.list': route({
    method: 'GET',
    path: '/erp/exports',
    summary: 'The exports made, newest first, a page at a time',
    access: exportPeople,
    input: erpExportListInputSchema,
    output: erpExportPageSchema,
  }),
  'erpExports.file': route({
    method: 'GET',
    path: '/erp/exports/:exportId/file',
    summary: "An export's file as it was made",
    access: exportPeople,
    input: z.object({ exportId: idSchema }),
    output: erpExportFileSchema,
  }),
} as const satisfies HttpContract<HeadOfficeAccess>;
