/**
 * @module
 * Head office's API keys (issue 19): owners list, create (the secret in this one answer) and
 * revoke the keys integrators call `/api/v1` with.
 */
import type { apiKeysContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';
import { userOf } from './serve-head-office';
import { createApiKeysService } from './services/api-keys';

export function apiKeysHandlers(deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof apiKeysContract> {
  const keys = createApiKeysService(deps);
  return {
    'apiKeys.list': (_input, call) => keys.list(userOf(call).organisationId),
    'apiKeys.create': (input, call) => {
      const user = userOf(call);
      return keys.create(user.organisationId, user.id, input);
    },
    'apiKeys.revoke': (input, call) => keys.revoke(userOf(call).organisationId, input.keyId),
  };
}
