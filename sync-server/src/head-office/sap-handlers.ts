/**
 * @module
 * The SAP Business One procedures of the head-office contract (issue 19): each adapts a call to
 * the SAP service. Without the server's SAP runtime (`sap: false`, or a server without channel
 * keys) links still list, and saving refuses for want of a key (the vault's `channel-keys-missing`).
 */
import type { sapContract } from '@cassa/shared';
import type { AdminApi } from '../admin-api';
import { createCredentialsVault } from '../channels/credentials-vault';
import { guardOutboundFetch } from '../channels/outbound-guard';
import type { SyncStorage } from '../storage/storage';
import { userOf } from './serve-head-office';
import type { HeadOfficeHandlers } from './serve-head-office';
import { createSapService } from './services/sap';
import type { SapService } from './services/sap';

export function sapHandlers(deps: { readonly storage: SyncStorage; readonly admin: AdminApi; readonly now: () => Date; readonly sap?: SapService }): HeadOfficeHandlers<typeof sapContract> {
  const sap =
    deps.sap ??
    createSapService({ storage: deps.storage, admin: deps.admin, vault: createCredentialsVault(undefined), fetch: guardOutboundFetch(globalThis.fetch.bind(globalThis), { allowPrivate: false }), now: deps.now });
  return {
    'sap.list': (_input, call) => sap.list(userOf(call).organisationId),
    'sap.test': (input, call) => sap.test(userOf(call).organisationId, input),
    'sap.save': (input, call) => sap.save(userOf(call).organisationId, input),
    'sap.remove': async ({ linkId }, call) => {
      await sap.remove(userOf(call).organisationId, linkId);
      return { ok: true as const };
    },
    'sap.importItems': ({ linkId }, call) => sap.importItems(userOf(call).organisationId, linkId),
    'sap.sendDay': ({ linkId, storeId, businessDay }, call) => sap.sendDay(userOf(call).organisationId, linkId, storeId, businessDay),
  };
}
