/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper B (webhooks); replaced by the real handlers.
 */
import type { webhooksContract } from '@cassa/shared';
import type { SyncStorage } from '../storage/storage';
import type { HeadOfficeHandlers } from './serve-head-office';

export function webhooksHandlers(_deps: { readonly storage: SyncStorage; readonly now: () => Date }): HeadOfficeHandlers<typeof webhooksContract> {
  return {};
}
