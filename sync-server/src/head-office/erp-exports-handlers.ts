/**
 * @module
 * The ERP-export procedures of the head-office contract (issue 19): each adapts a call to the
 * export service. The file comes back in a JSON envelope (name, media type, checksum, content),
 * the one declaration the web app, the OpenAPI document and the server share; the page saves it.
 */
import type { erpExportsContract } from '@cassa/shared';
import { createErpExportService } from '../erp/erp-export-service';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';

export function erpExportsHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof erpExportsContract> {
  const exports = createErpExportService(deps);
  return {
    'erpExports.profiles': async (_input, call) => ({ profiles: await exports.profiles(userOf(call).organisationId) }),
    'erpExports.createProfile': (input, call) => exports.createProfile(userOf(call).organisationId, input),
    'erpExports.updateProfile': ({ profileId, ...input }, call) => exports.updateProfile(userOf(call).organisationId, profileId, input),
    'erpExports.deleteProfile': async ({ profileId }, call) => {
      await exports.deleteProfile(userOf(call).organisationId, profileId);
      return { deleted: true as const };
    },
    'erpExports.run': (input, call) => {
      const user = userOf(call);
      return exports.run(user.organisationId, input, user.id);
    },
    'erpExports.list': (query, call) => exports.list(userOf(call).organisationId, query),
    'erpExports.file': ({ exportId }, call) => exports.file(userOf(call).organisationId, exportId),
  };
}
