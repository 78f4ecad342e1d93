/**
 * @module
 * The public API's ERP exports (issue 19): an integrator's key with the `read` scope lists the
 * exports head office made and fetches one's file. A key limited to some stores sees only the
 * exports of those stores (an export of every store is not one of them).
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import type { HttpContract } from '../../api/http-contract';
import { erpExportFileSchema, erpExportViewSchema } from '../../head-office/contract/erp-exports';
import { idSchema } from '../../records/catalogue';
import type { PublicApiAccess } from '../access';
import { pageOf } from './paging';

const readFiltered: PublicApiAccess = { scope: 'read', stores: 'filter' };

export const publicExportsContract = {
  'api.exports.list': route({
    method: 'GET',
    path: '/exports',
    summary: 'The ERP exports made, newest first, a page at a time',
    access: readFiltered,
    // The head-office list's cursor and page size, under the names every public list uses.
    input: z.object({ cursor: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20), profileId: idSchema.optional() }),
    output: pageOf(erpExportViewSchema),
  }),
  'api.exports.file': route({
    method: 'GET',
    path: '/exports/:exportId/file',
    summary: "An ERP export's file as it was made, with its SHA-256 checksum",
    access: readFiltered,
    input: z.object({ exportId: idSchema }),
    output: erpExportFileSchema,
  }),
} as const satisfies HttpContract<PublicApiAccess>;
