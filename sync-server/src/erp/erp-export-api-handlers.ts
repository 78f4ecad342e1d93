/**
 * @module
 * The public API's export procedures (issue 19): an integrator's `read` key lists the ERP exports
 * and fetches a file, within its stores (an export of every store is outside a store-limited
 * key). Helper A spreads these into the public API's handlers.
 */
import type { HttpHandlers, publicExportsContract } from '@cassa/shared';
import type { PublicApiCallContext, PublicApiDeps } from '../public-api/public-api-deps';
import { createErpExportService } from './erp-export-service';

export function publicExportsHandlers(deps: PublicApiDeps): HttpHandlers<typeof publicExportsContract, PublicApiCallContext, Response> {
  const exports = createErpExportService(deps);
  return {
    async 'api.exports.list'({ cursor, limit, profileId }, ctx) {
      const page = await exports.list(ctx.organisationId, { limit, ...(cursor !== undefined ? { after: cursor } : {}), ...(profileId !== undefined ? { profileId } : {}) }, ctx.storeIds);
      return { items: page.exports, nextCursor: page.next };
    },
    'api.exports.file': ({ exportId }, ctx) => exports.file(ctx.organisationId, exportId, ctx.storeIds),
  };
}
